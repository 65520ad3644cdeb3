import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type { ApiChange } from '../api/change-schemas.js';
import type { WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { StorageHandle } from '../storage/open-database.js';
import { ensureCursor, readChanges, readCursor, readFeedHead, saveCursor, withCursor } from '../storage/repositories/changes-repository.js';
import type { ChangeHub } from './change-hub.js';
import { presentChanges } from './present-changes.js';

export interface NatsPublisherOptions {
  url: string;
  stream: string;
  /** e.g. `onec.{source}.{kind}.{action}`. */
  subject: string;
  timezone: string;
  /** Every kind the service knows (the shipped ones when absent): a change is presented through its kind's declaration. */
  decoder?: WebhookDecoder;
  /** Changes read and published per step. */
  pageSize?: number;
  /** How long one publish waits for JetStream's ack, ms. */
  ackTimeoutMs?: number;
}

export interface NatsStatus {
  connected: boolean;
  /** The last change published (its feed cursor). */
  cursor: number;
  /** Changes committed but not yet published. */
  lag: number;
  lastError: string | null;
}

/** A subject token may not hold `.`, spaces or wildcards: anything else in a source id becomes `_`. */
const token = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

/** The subject of one change, from the configured template. */
export function subjectOf(template: string, change: Pick<ApiChange, 'sourceId' | 'kind' | 'action'>): string {
  return template.replace('{source}', token(change.sourceId)).replace('{kind}', change.kind).replace('{action}', change.action);
}

/** The stream's subject filter: the template with each placeholder a `*`. */
export const streamSubject = (template: string) => template.replace(/\{(source|kind|action)\}/g, '*');

/**
 * Publishes the changes feed to a JetStream stream (docs/decisions/nats.md, "NATS
 * JetStream"). It follows the feed with a cursor kept in the database (`feed_cursors`),
 * moved only past changes JetStream has acknowledged, so a NATS outage delays
 * publication and never loses it. Each message's `Nats-Msg-Id` is the change id, so a
 * change published again (a crash between the ack and saving the cursor) is dropped by
 * JetStream's duplicate window. With several replicas, the cursor's row lock lets one
 * publish at a time; the others stand by.
 */
export class NatsPublisher {
  private connection: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private streamReady = false;
  private running: Promise<void> | undefined;
  /** Stopping: publish what is committed, then end. */
  private draining = false;
  private lastError: string | null = null;
  private readonly wakeStop = new AbortController();
  private readonly cursorName: string;
  /** Where a paused publication is reported (the app's logger). */
  log: { warn(object: unknown, message: string): void } | undefined;

  constructor(
    private readonly storage: StorageHandle,
    private readonly hub: ChangeHub,
    private readonly options: NatsPublisherOptions,
  ) {
    this.cursorName = `nats:${options.stream}`;
  }

  start(): void {
    this.running ??= this.run();
  }

  /**
   * Publish every change committed so far — each acknowledged by JetStream — then
   * disconnect: a clean shutdown leaves nothing for the next start to publish. If NATS
   * fails meanwhile it ends at once; the stored cursor keeps the rest for the next start.
   */
  async stop(): Promise<void> {
    this.draining = true;
    this.wakeStop.abort();
    await this.running;
    await this.connection?.close().catch(() => {});
  }

  async status(): Promise<NatsStatus> {
    const [cursor, head] = await Promise.all([readCursor(this.storage.db, this.cursorName), readFeedHead(this.storage.db)]);
    return {
      connected: this.connection !== undefined && !this.connection.isClosed() && this.streamReady,
      cursor,
      lag: Math.max(0, head - cursor),
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    const { db } = this.storage;
    let backoff = 250;
    for (;;) {
      try {
        await this.ready();
        const generation = this.hub.generation;
        const published = await this.step();
        this.lastError = null;
        backoff = 250;
        // Caught up (or another replica publishes): a stop ends here.
        if (this.draining && !published) return;
        // The hub closes first in a shutdown (long-polls end); commits still finishing are then found by polling.
        if (published === 0) await (this.hub.isClosed ? this.sleep(50) : this.hub.wait(await readFeedHead(db), generation, 5_000, this.wakeStop.signal));
        // Another replica holds the cursor: stand by, and take over if it stops.
        else if (published === undefined) await this.sleep(1_000);
      } catch (error) {
        if (this.draining) return;
        // Check the stream again once NATS is back: a server restarted without its store has lost it.
        this.streamReady = false;
        this.lastError = (error as Error).message || String(error);
        this.log?.warn({ err: error }, 'NATS publishing paused; it resumes from the stored cursor');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /** Connect (the client then reconnects by itself) and make sure the stream exists. */
  private async ready(): Promise<void> {
    if (this.connection?.isClosed()) this.connection = undefined;
    if (!this.connection) {
      this.connection = await connect({ servers: this.options.url, name: 'onec-sync', maxReconnectAttempts: -1, reconnectTimeWait: 1_000, timeout: 5_000 });
      this.js = jetstream(this.connection, { timeout: this.options.ackTimeoutMs ?? 5_000 });
    }
    if (!this.streamReady) {
      const jsm = await jetstreamManager(this.connection, { timeout: this.options.ackTimeoutMs ?? 5_000 });
      try {
        await jsm.streams.info(this.options.stream);
      } catch (error) {
        if (!/stream not found/i.test((error as Error).message)) throw error;
        await jsm.streams.add({ name: this.options.stream, subjects: [streamSubject(this.options.subject)] });
      }
      await ensureCursor(this.storage.db, this.cursorName, new Date().toISOString());
      this.streamReady = true;
    }
  }

  /**
   * Publish one page after the cursor, in feed order, one ack at a time (so the stream's
   * order is the feed's), and move the cursor past what was acknowledged — also when a
   * publish fails midway, so the changes before it are not sent again after a long outage.
   * Returns how many were published, undefined when another replica holds the cursor.
   */
  private step(): Promise<number | undefined> {
    return withCursor(this.storage.db, this.storage.support, this.cursorName, async (db, after) => {
      const page = await readChanges(db, { after, limit: this.options.pageSize ?? 100 });
      const changes = await presentChanges(db, page.changes, this.options.timezone, this.options.decoder);
      let acked = after;
      let failure: unknown;
      for (const change of changes) {
        try {
          const h = headers();
          h.set('Onec-Sync-Cursor', change.cursor);
          await this.js!.publish(subjectOf(this.options.subject, change), JSON.stringify(change), { msgID: change.id, headers: h });
          acked = Number(change.cursor);
        } catch (error) {
          failure = error;
          break;
        }
      }
      if (!failure) acked = page.nextCursor;
      if (acked !== after) await saveCursor(db, this.cursorName, acked, new Date().toISOString());
      // Returned, not thrown: the saved cursor must commit.
      return { published: changes.length, failure };
    }).then((outcome) => {
      if (outcome?.failure) throw outcome.failure;
      return outcome?.published;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeStop.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
