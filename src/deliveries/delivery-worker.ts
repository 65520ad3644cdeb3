import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { DeliverySettings } from '../config/load-config.js';
import { newId } from '../domain/new-id.js';
import { shippedDecoder } from '../ingest/webhook-decoder.js';
import type { DeliveryKind } from '../storage/database-schema.js';
import type { StorageHandle } from '../storage/open-database.js';
import { findEventBody } from '../storage/repositories/events-repository.js';
import {
  claimDeliveries,
  type DeliveryRow,
  finishAttempt,
  insertDeliveries,
  releaseLeases,
} from '../storage/repositories/subscription-deliveries-repository.js';
import { advanceCursor, listSubscriptions, recordEndpointFailure, type SubscriptionRow } from '../storage/repositories/subscriptions-repository.js';
import { liveSecrets, signedMessage, targetUrl } from './delivery-message.js';
import { backoffDelay, responseSnippet, retryAfterMs, type Verdict, verdict } from './delivery-policy.js';
import type { FeedReader } from './feed-reader.js';
import { OutboundClient, type OutboundResult } from './outbound-client.js';

export interface WorkerLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface DeliveryWorkerOptions {
  feed: FeedReader;
  now?: () => Date;
  log?: WorkerLog;
  /** Identifies this replica's leases; random per process. */
  owner?: string;
  /** Shared with test sends; the worker makes its own when not given, and then closes it. */
  client?: OutboundClient;
  /** Told of every attempt recorded: ok, retry or dead (the metrics). */
  onAttempt?: (outcome: Verdict) => void;
  /** The path 1C posts a kind to (a classic-format delivery goes there under the subscription URL); default: the shipped kinds'. */
  webhookPathOf?: (kind: string) => string;
}

/** Changes turned into deliveries per subscription per feed read. */
const DISPATCH_PAGE = 500;

/** How long a stopping worker waits for attempts in flight before abandoning them. */
const STOP_GRACE_MS = 3_000;

class CursorMoved extends Error {}

/**
 * The dispatcher and the delivery worker of one replica (docs/decisions/deliveries.md, "Pushed
 * deliveries"). Each round: every active subscription's cursor follows the feed, turning
 * matching changes into delivery rows (the outbox) in the same transaction that moves the
 * cursor; then due deliveries are claimed with a lease and posted, each in its own
 * promise, up to the subscription's concurrency. A finished attempt starts the next round
 * at once, so an object's next version follows without waiting for the poll.
 */
export class DeliveryWorker {
  readonly owner: string;
  readonly client: OutboundClient;
  private readonly now: () => Date;
  private readonly inflight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  /** Aborts the requests still in flight when a stop's grace runs out. */
  private readonly abandon = new AbortController();
  /** When the last round found no active subscription (`performance.now()`); undefined once one did. */
  private idleSince: number | undefined;

  constructor(
    private readonly storage: StorageHandle,
    private readonly settings: DeliverySettings,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.now = options.now ?? (() => new Date());
    this.client =
      options.client ??
      new OutboundClient({ timeoutMs: settings.timeoutMs, responseLimit: settings.responseLimit, allowPrivateTargets: settings.allowPrivateTargets });
  }

  private webhookPathOf(kind: string): string {
    return (this.options.webhookPathOf ?? ((k) => shippedDecoder().kinds.require(k).webhookPath))(kind);
  }

  start(): void {
    this.schedule(0);
  }

  /** Run a round now (a change committed, a redelivery was asked for). */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * A change committed here. Under load that is a few hundred commits a second, and a round
   * reads the subscriptions first: when the last round, less than a poll ago, found none
   * active, the commit is left to the poll, which comes within `pollMs` and is how a
   * subscription made by another replica is found anyway. One made here wakes the worker
   * itself, and every subscription follows the feed from its cursor: nothing is skipped.
   */
  committed(): void {
    if (this.idleSince !== undefined && performance.now() - this.idleSince < this.settings.pollMs) return;
    this.wake();
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    if (this.stopping || this.running) return;
    this.again = false;
    this.running = (async () => {
      try {
        await this.runOnce();
      } catch (error) {
        if (!this.stopping) this.options.log?.error({ err: error }, 'delivery round failed; retrying at the next poll');
      }
    })();
    await this.running;
    this.running = undefined;
    this.schedule(this.again ? 0 : this.settings.pollMs);
  }

  /** One dispatch and claim round; tests and the bench call it directly. */
  async runOnce(): Promise<void> {
    const subscriptions = await listSubscriptions(this.storage.db, { status: 'active' });
    this.idleSince = subscriptions.length === 0 ? performance.now() : undefined;
    // One subscription's trouble (a database error, a change that cannot be presented) is
    // logged and retried next round; it does not hold up the others.
    const each = async (step: (s: SubscriptionRow) => Promise<void>, what: string) => {
      for (const subscription of subscriptions) {
        if (this.stopping) return;
        try {
          await step(subscription);
        } catch (error) {
          if (!this.stopping) this.options.log?.error({ err: error, subscriptionId: subscription.id }, `${what} failed; retrying at the next round`);
        }
      }
    };
    await each((s) => this.dispatch(s), 'dispatching changes to deliveries');
    await each((s) => this.claimAndSend(s), 'claiming deliveries');
  }

  /** Follow the feed from the subscription's cursor; deliveries and the cursor move together. */
  private async dispatch(subscription: SubscriptionRow): Promise<void> {
    let cursor = subscription.cursor;
    for (let page = 0; page < 20; page++) {
      const kinds = subscription.kinds ? (subscription.kinds.split(',') as DeliveryKind[]) : undefined;
      const { entries, nextCursor } = await this.options.feed.read(cursor, { kinds, sourceId: subscription.source_id ?? undefined }, DISPATCH_PAGE);
      if (nextCursor === cursor) return;
      const now = this.now().toISOString();
      try {
        await this.storage.db.transaction().execute(async (trx) => {
          await insertDeliveries(
            trx,
            entries.map((entry) => ({
              id: newId(),
              subscription_id: subscription.id,
              change_id: entry.id,
              kind: entry.kind,
              action: entry.action,
              object_id: entry.objectId,
              object_version: entry.version,
              event_id: entry.id,
              payload: JSON.stringify(entry.presented),
              status: 'pending' as const,
              attempts: 0,
              next_attempt_at: now,
              created_at: now,
            })),
          );
          if (!(await advanceCursor(trx, subscription.id, cursor, nextCursor))) throw new CursorMoved();
        });
      } catch (error) {
        // Another replica dispatched this page first: its rows stand, ours rolled back.
        if (error instanceof CursorMoved) return;
        throw error;
      }
      cursor = nextCursor;
      if (entries.length < DISPATCH_PAGE) return;
    }
  }

  private async claimAndSend(subscription: SubscriptionRow): Promise<void> {
    const claimed = await claimDeliveries(this.storage.db, this.storage.support, {
      subscriptionId: subscription.id,
      owner: this.owner,
      now: this.now(),
      leaseMs: this.settings.leaseMs,
      concurrency: subscription.concurrency,
    });
    for (const delivery of claimed) {
      const attempt = this.attempt(subscription, delivery)
        .catch((error) =>
          this.options.log?.error({ err: error, deliveryId: delivery.id }, 'delivery attempt could not be recorded; its lease will expire and it is retried'),
        )
        .finally(() => {
          this.inflight.delete(attempt);
          this.wake();
        });
      this.inflight.add(attempt);
    }
  }

  private async body(subscription: SubscriptionRow, delivery: DeliveryRow): Promise<Buffer> {
    if (subscription.format === 'onec-sync') return Buffer.from(delivery.payload, 'utf8');
    // classic: 1C's own bytes of this change, exactly as received (the journal keeps them).
    const event = await findEventBody(this.storage.db, delivery.event_id);
    if (!event?.body) throw new Error(`change ${delivery.change_id}: its original body is not kept (over the size limit)`);
    return Buffer.from(event.body);
  }

  private async attempt(subscription: SubscriptionRow, delivery: DeliveryRow): Promise<void> {
    const startedAt = this.now();
    const url = targetUrl(subscription.url, subscription.format, this.webhookPathOf(delivery.kind));
    let result: OutboundResult;
    let outcome: Verdict;
    try {
      const message = signedMessage({
        url,
        secrets: liveSecrets(subscription, startedAt),
        webhookId: delivery.change_id,
        body: await this.body(subscription, delivery),
        now: startedAt,
      });
      result = await this.client.post(message.url, message.body, message.headers, this.abandon.signal);
      // Abandoned by a stop: nothing to record; the lease is handed back and the next claim retries.
      if (this.abandon.signal.aborted) return;
      outcome = verdict(result);
    } catch (error) {
      // Nothing to send (the body is not kept): no retry will change that.
      result = { kind: 'failure', failure: 'connection', message: (error as Error).message, latencyMs: 0 };
      outcome = 'dead';
    }
    const now = this.now();
    const retryUntil = delivery.retry_until ?? new Date(startedAt.getTime() + this.settings.retryPeriodMs).toISOString();
    let nextAttemptAt = now.toISOString();
    let error: string | null = result.kind === 'failure' ? result.message : null;
    if (outcome === 'retry') {
      const failures = delivery.attempts + 1;
      const delay = backoffDelay(failures, this.settings, result.kind === 'response' ? retryAfterMs(result.headers['retry-after'], now) : undefined);
      const next = new Date(now.getTime() + delay);
      if (next.toISOString() > retryUntil) {
        outcome = 'dead';
        error = `${error ?? `HTTP ${result.kind === 'response' ? result.status : ''}`}; retried for the whole retry period`;
      } else {
        nextAttemptAt = next.toISOString();
      }
    }
    const httpStatus = result.kind === 'response' ? result.status : null;
    await finishAttempt(
      this.storage.db,
      {
        deliveryId: delivery.id,
        owner: this.owner,
        status: outcome === 'ok' ? 'done' : outcome === 'dead' ? 'dead' : 'pending',
        nextAttemptAt,
        retryUntil: outcome === 'ok' ? delivery.retry_until : retryUntil,
        httpStatus,
        error,
        finishedAt: outcome === 'retry' ? null : now.toISOString(),
      },
      {
        id: newId(),
        subscription_id: subscription.id,
        delivery_id: delivery.id,
        attempted_at: startedAt.toISOString(),
        worker: this.owner,
        url,
        http_status: httpStatus,
        latency_ms: result.latencyMs,
        outcome,
        error,
        response_snippet: result.kind === 'response' ? responseSnippet(result.body, result.truncated) : null,
      },
    );
    this.options.onAttempt?.(outcome);
    if (outcome !== 'ok') {
      if (await recordEndpointFailure(this.storage.db, subscription.id, now, this.settings.disableAfterMs)) {
        this.options.log?.warn(
          { subscriptionId: subscription.id, url: subscription.url },
          'subscription disabled: its endpoint has been failing longer than ONEC_SYNC_DELIVERY_DISABLE_AFTER',
        );
      }
    }
  }

  /**
   * A clean stop: no new claims; attempts in flight get a short grace (most answers come
   * in milliseconds), then are abandoned — the receiver may have taken one, and will see
   * it again with the same webhook-id (at least once); the leases still held are handed
   * back so another replica, or the next start, takes them at once instead of after the
   * lease expires.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(this.settings.timeoutMs, STOP_GRACE_MS))));
    await Promise.race([Promise.allSettled([...this.inflight]), grace]);
    clearTimeout(timer);
    this.abandon.abort();
    await Promise.allSettled([...this.inflight]);
    await releaseLeases(this.storage.db, this.owner).catch((error) =>
      this.options.log?.error({ err: error }, 'could not hand back delivery leases; they expire on their own'),
    );
    if (!this.options.client) await this.client.close().catch(() => {});
  }
}
