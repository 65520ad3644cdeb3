import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { newWebhookSecret } from '../auth/secrets.js';
import { newId } from '../domain/new-id.js';
import { AppError } from '../errors/app-error.js';
import type { Database, DeliveryKind, SubscriptionFormat } from '../storage/database-schema.js';
import { insertAttempt } from '../storage/repositories/subscription-deliveries-repository.js';
import { findSubscription, insertSubscription, rotateSubscriptionSecret, type SubscriptionRow } from '../storage/repositories/subscriptions-repository.js';
import { liveSecrets, signedMessage } from './delivery-message.js';
import { responseSnippet } from './delivery-policy.js';
import type { OutboundClient } from './outbound-client.js';
import { isPrivateAddress } from './private-address.js';

export const SUBSCRIPTION_FORMATS: readonly SubscriptionFormat[] = ['onec-sync', 'classic'];

export const newSubscriptionId = (): string => `sub_${randomBytes(6).toString('hex')}`;

export interface NewSubscription {
  url: string;
  format?: SubscriptionFormat;
  kinds?: DeliveryKind[];
  sourceId?: string;
  description?: string;
  concurrency?: number;
  /** `beginning`: every change already in the feed is delivered too; `now` (default): only what commits from now on. */
  from?: 'now' | 'beginning';
}

/**
 * http(s) only, no credentials in the URL (they would end up in logs and on the
 * dashboard), and — unless private targets are allowed — no IP literal that is loopback,
 * link-local or private. Names are judged at each connection (outbound-client.ts).
 */
export function validateUrl(raw: string, allowPrivateTargets: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('INVALID_REQUEST', { message: `Not a URL: "${raw}"`, path: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('INVALID_REQUEST', { message: 'The URL must be http:// or https://', path: 'url' });
  if (url.username || url.password)
    throw new AppError('INVALID_REQUEST', { message: 'The URL must not carry credentials: verify the signature instead', path: 'url' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateTargets && ((isIP(host) && isPrivateAddress(host)) || host === 'localhost' || host.endsWith('.localhost'))) {
    throw new AppError('SUBSCRIPTION_TARGET_REFUSED', {
      message: `${url.hostname} is a loopback, link-local or private address; set ONEC_SYNC_ALLOW_PRIVATE_TARGETS=true for an ERP on this host or LAN`,
      path: 'url',
    });
  }
  return url.toString();
}

/** A new subscription and its secret, which is shown this once. */
export async function addSubscription(
  db: Kysely<Database>,
  input: NewSubscription,
  settings: { allowPrivateTargets: boolean; concurrency: number; currentCursor: () => Promise<string>; knownKinds: readonly string[] },
  now: Date,
): Promise<{ subscription: SubscriptionRow; secret: string }> {
  const url = validateUrl(input.url, settings.allowPrivateTargets);
  const kinds = input.kinds && input.kinds.length > 0 ? [...new Set(input.kinds)] : null;
  for (const kind of kinds ?? [])
    if (!settings.knownKinds.includes(kind))
      throw new AppError('INVALID_REQUEST', { message: `Unknown kind "${kind}": use ${settings.knownKinds.join(', ')}`, path: 'kinds' });
  const format = input.format ?? 'onec-sync';
  if (!SUBSCRIPTION_FORMATS.includes(format)) throw new AppError('INVALID_REQUEST', { message: `Unknown format "${format}"`, path: 'format' });
  const secret = newWebhookSecret();
  const iso = now.toISOString();
  const subscription: SubscriptionRow = {
    id: newSubscriptionId(),
    url,
    format,
    kinds: kinds?.join(',') ?? null,
    source_id: input.sourceId ?? null,
    description: input.description ?? null,
    secret,
    previous_secret: null,
    previous_secret_expires_at: null,
    concurrency: input.concurrency ?? settings.concurrency,
    status: 'active',
    disabled_reason: null,
    cursor: input.from === 'beginning' ? null : await settings.currentCursor(),
    failing_since: null,
    last_success_at: null,
    created_at: iso,
    updated_at: iso,
  };
  await insertSubscription(db, subscription);
  return { subscription, secret };
}

/** A new secret, shown once; the old one keeps signing beside it for `overlapSeconds`. */
export async function rotateSecret(db: Kysely<Database>, id: string, overlapSeconds: number, now: Date): Promise<string | undefined> {
  const secret = newWebhookSecret();
  const ok = await rotateSubscriptionSecret(db, id, secret, new Date(now.getTime() + overlapSeconds * 1000).toISOString(), now.toISOString());
  return ok ? secret : undefined;
}

export interface TestSendResult {
  ok: boolean;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  responseSnippet: string | null;
}

/**
 * A signed test message to the subscription URL (for `classic`, the URL itself: an ERP
 * built for the classic modules has no endpoint for it, and any answer proves it is
 * reachable). Logged with the attempts; it is not a delivery, so never retried.
 */
export async function testSend(db: Kysely<Database>, client: OutboundClient, id: string, now: Date): Promise<TestSendResult | undefined> {
  const subscription = await findSubscription(db, id);
  if (!subscription) return undefined;
  const webhookId = `test_${randomBytes(8).toString('hex')}`;
  const body = Buffer.from(JSON.stringify({ type: 'test', subscriptionId: subscription.id, sentAt: now.toISOString() }));
  const message = signedMessage({ url: subscription.url, secrets: liveSecrets(subscription, now), webhookId, body, now });
  const result = await client.post(message.url, message.body, message.headers);
  const httpStatus = result.kind === 'response' ? result.status : null;
  const snippet = result.kind === 'response' ? responseSnippet(result.body, result.truncated) : null;
  const error = result.kind === 'failure' ? result.message : null;
  await insertAttempt(db, {
    id: newId(),
    subscription_id: subscription.id,
    delivery_id: null,
    attempted_at: now.toISOString(),
    worker: null,
    url: message.url,
    http_status: httpStatus,
    latency_ms: result.latencyMs,
    outcome: 'test',
    error,
    response_snippet: snippet,
  });
  return { ok: httpStatus !== null && httpStatus >= 200 && httpStatus < 300, httpStatus, latencyMs: result.latencyMs, error, responseSnippet: snippet };
}
