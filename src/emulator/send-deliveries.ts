import { randomUUID } from 'node:crypto';
import { sign } from '../auth/standard-webhooks.js';
import type { DayScenario, ExpectedObject, ExpectedResult, PlannedDelivery } from './day-scenario.js';

/**
 * Sends a scenario's deliveries to a running onec-sync and compares every answer with the
 * expected one. Sequential by default; with concurrency N, deliveries of different objects
 * overlap but those of one object keep their order (our 1C modules send in order per object,
 * and the expected answers — stale, unchanged — depend on that order).
 */
export interface SendOptions {
  url: string;
  /** whsec_…: Standard Webhooks signature over the exact bytes. */
  secret?: string;
  /** Bearer token, when no secret is given. */
  token?: string;
  concurrency?: number;
  /** Called after each answer, in completion order. */
  onResult?: (outcome: DeliveryOutcome) => void;
  timeoutMs?: number;
}

export interface DeliveryOutcome {
  delivery: PlannedDelivery;
  httpStatus: number | null;
  /** The receiver's `result`, or null when it answered with an error. */
  actual: string | null;
  error: string | null;
  ok: boolean;
}

export interface SendSummary {
  sent: number;
  durationMs: number;
  byResult: Record<string, number>;
  expectedByResult: Record<string, number>;
  byEndpoint: Record<string, Record<string, number>>;
  httpErrors: Array<{ seq: number; path: string; status: number | null; error: string }>;
  mismatches: Array<{ seq: number; objectKey: string; event: string; expected: ExpectedResult; actual: string | null }>;
  /** The objects the receiver should now hold, by kind (the classic three always there), with their final versions. */
  objects: Record<string, ExpectedObject[]>;
}

function headersFor(delivery: PlannedDelivery, options: SendOptions): Record<string, string> {
  // What both 1C senders set (seed: Заголовки.Вставить("Content-Type", "application/json") and
  // ("User-Agent", "1C-Enterprise/8.3")); our modules add webhook-id and the credentials.
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': '1C-Enterprise/8.3' };
  // The classic modules have no queue record to name: a signed classic-protocol request gets a fresh id.
  const webhookId = delivery.webhookId ?? (options.secret ? `msg_${randomUUID()}` : null);
  if (webhookId) headers['webhook-id'] = webhookId;
  if (options.secret) {
    // A retry signs again with a new timestamp: the id is the idempotency key, not the signature.
    const timestamp = Math.floor(Date.now() / 1000);
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = sign(options.secret, webhookId!, timestamp, delivery.body);
  } else if (options.token) {
    headers.authorization = `Bearer ${options.token}`;
  }
  return headers;
}

async function deliver(delivery: PlannedDelivery, options: SendOptions, base: string): Promise<DeliveryOutcome> {
  let status: number | null = null;
  try {
    const res = await fetch(base + delivery.path, {
      method: 'POST',
      headers: headersFor(delivery, options),
      body: delivery.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    status = res.status;
    const text = await res.text();
    let json: { result?: unknown; error?: { code?: string; message?: string } } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: reported below with the text
    }
    if (res.status < 200 || res.status > 299) {
      const error = json.error ? `${json.error.code}: ${json.error.message}` : text.slice(0, 200);
      return { delivery, httpStatus: status, actual: null, error, ok: false };
    }
    const actual = typeof json.result === 'string' ? json.result : null;
    return { delivery, httpStatus: status, actual, error: actual === null ? `no result in ${text.slice(0, 200)}` : null, ok: actual === delivery.expected };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { delivery, httpStatus: status, actual: null, error: cause?.message ?? (error as Error).message, ok: false };
  }
}

const count = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1;
};

export async function sendDeliveries(scenario: DayScenario, options: SendOptions): Promise<SendSummary> {
  const started = Date.now();
  const base = options.url.replace(/\/+$/, '');
  const summary: SendSummary = {
    sent: 0,
    durationMs: 0,
    byResult: {},
    expectedByResult: {},
    byEndpoint: {},
    httpErrors: [],
    mismatches: [],
    objects: { client: [], incoming: [], outgoing: [] },
  };
  const record = (outcome: DeliveryOutcome) => {
    const d = outcome.delivery;
    summary.sent += 1;
    const result = outcome.actual ?? (outcome.httpStatus === null ? 'no answer' : `HTTP ${outcome.httpStatus}`);
    count(summary.byResult, result);
    count(summary.expectedByResult, d.expected);
    summary.byEndpoint[d.path] ??= {};
    count(summary.byEndpoint[d.path]!, result);
    if (outcome.error !== null) summary.httpErrors.push({ seq: d.seq, path: d.path, status: outcome.httpStatus, error: outcome.error });
    if (!outcome.ok) summary.mismatches.push({ seq: d.seq, objectKey: d.objectKey, event: d.event, expected: d.expected, actual: outcome.actual });
    options.onResult?.(outcome);
  };

  const limit = Math.max(1, Math.floor(options.concurrency ?? 1));
  const tails = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  for (const delivery of scenario.deliveries) {
    while (running.size >= limit) await Promise.race(running);
    const previous = tails.get(delivery.objectKey) ?? Promise.resolve();
    const task: Promise<void> = previous.then(async () => record(await deliver(delivery, options, base)));
    tails.set(delivery.objectKey, task);
    running.add(task);
    void task.finally(() => running.delete(task));
    // Nothing answers at all (service not started): stop after the first try, not after hundreds.
    if (limit === 1) {
      await task;
      const first = summary.sent === 1 ? summary.httpErrors[0] : undefined;
      if (first && first.status === null) break;
    }
  }
  await Promise.all(running);
  for (const object of scenario.objects) {
    summary.objects[object.kind] ??= [];
    summary.objects[object.kind]!.push(object);
  }
  summary.durationMs = Date.now() - started;
  return summary;
}
