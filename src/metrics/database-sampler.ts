import { Gauge, type Registry } from 'prom-client';
import { journalSize } from '../storage/dialects/journal-size.js';
import type { StorageHandle } from '../storage/open-database.js';
import { readFeedHead } from '../storage/repositories/changes-repository.js';
import { feedConsumers, pendingDeliveries } from '../storage/repositories/metrics-repository.js';
import { rejectedWaiting } from '../storage/repositories/stats-repository.js';
import { ReconcileDrift, type ReconcileSample } from './reconcile-drift.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The instant a UUIDv7 was minted: its first 48 bits are Unix milliseconds (RFC 9562 §5.7). */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

interface Sample {
  journal: { rows: number; bytes: number };
  rejectedWaiting: number;
  head: number;
  consumers: { consumer: string; seq: number }[];
  deliveries: { subscriptionId: string; pending: number; oldestId: string | null }[];
  reconciliations: ReconcileSample[];
}

/**
 * The database's figures for the metrics, read by a handful of cheap queries (journal
 * size from statistics, not a count: src/storage/dialects/journal-size.ts) at most once per
 * `ttlMs` however often, and by however many, Prometheus scrapes: a scrape within it is
 * answered from the last sample; one scrape reads once, whatever number of gauges show it.
 * Nothing is read between scrapes.
 */
export class DatabaseSampler {
  private last: { at: number; sample: Promise<Sample | undefined> } | undefined;
  /** What the gauges show: the sample the last `refresh` settled on; undefined when the database did not answer. */
  private current: Sample | undefined;
  private readonly drift = new ReconcileDrift();

  constructor(
    private readonly storage: StorageHandle,
    private readonly options: { ttlMs: number; now: () => Date },
  ) {}

  /** Before a scrape: read the database again if the sample is older than the ttl (scrapes at once share one read). */
  async refresh(): Promise<void> {
    const now = this.options.now().getTime();
    if (!this.last || now - this.last.at >= this.options.ttlMs) this.last = { at: now, sample: this.read(now) };
    this.current = await this.last.sample;
  }

  private async read(now: number): Promise<Sample | undefined> {
    const { db, support } = this.storage;
    try {
      const [journal, waiting, head, consumers, deliveries, reconciliations] = await Promise.all([
        journalSize(db, support),
        rejectedWaiting(db, new Date(now - WEEK_MS).toISOString()),
        readFeedHead(db),
        feedConsumers(db),
        pendingDeliveries(db),
        this.drift.read(db),
      ]);
      return { journal, rejectedWaiting: waiting, head, consumers, deliveries, reconciliations };
    } catch {
      // The next scrape asks again rather than serve a failure for the whole ttl.
      this.last = undefined;
      return undefined;
    }
  }

  /** The gauges that show the sample. */
  register(registry: Registry): void {
    const registers = [registry];
    const sampler = this;
    const gauge = (name: string, help: string, read: (s: Sample, g: Gauge<string>) => void, labelNames: string[] = []) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        collect() {
          const s = sampler.current;
          if (labelNames.length > 0) this.reset();
          if (s) read(s, this);
        },
      });
    new Gauge({
      name: 'onec_sync_database_up',
      help: 'Whether the database answered the last sample (1) or not (0)',
      registers,
      collect() {
        this.set(sampler.current ? 1 : 0);
      },
    });
    gauge('onec_sync_journal_rows', "Journal entries (events), approximately: PostgreSQL's live-row statistic; on SQLite the span of row ids", (s, g) =>
      g.set(s.journal.rows),
    );
    gauge(
      'onec_sync_journal_bytes',
      "Bytes of the journal, approximately: PostgreSQL's events table with its TOAST and indexes; on SQLite the whole database's used pages",
      (s, g) => g.set(s.journal.bytes),
    );
    gauge('onec_sync_rejected_waiting', 'Requests rejected in the last 7 days and not yet repaired by a replay (counted up to 1000)', (s, g) =>
      g.set(s.rejectedWaiting),
    );
    gauge('onec_sync_feed_head', 'Number of the last change committed to the changes feed', (s, g) => g.set(s.head));
    gauge(
      'onec_sync_feed_lag_changes',
      'Changes committed and not yet taken by a follower of the feed (nats:<stream>, subscription:<id>)',
      (s, g) => {
        for (const c of s.consumers) g.labels(c.consumer).set(Math.max(0, s.head - c.seq));
      },
      ['consumer'],
    );
    gauge(
      'onec_sync_deliveries_pending',
      'Deliveries waiting to be delivered, by subscription',
      (s, g) => {
        for (const d of s.deliveries) g.labels(d.subscriptionId).set(d.pending);
      },
      ['subscription'],
    );
    gauge(
      'onec_sync_delivery_oldest_pending_age_seconds',
      'Age of the oldest delivery still pending, by subscription (0: none pending)',
      (s, g) => {
        const now = sampler.options.now().getTime();
        for (const d of s.deliveries) g.labels(d.subscriptionId).set(d.oldestId ? Math.max(0, (now - uuidv7Time(d.oldestId)) / 1000) : 0);
      },
      ['subscription'],
    );
    gauge(
      'onec_sync_reconcile_drift',
      "Objects that differ between the store and 1C's OData interface, by source, kind and difference (missing, gone, deletion-mark, content, unreadable), as found by the newest finished `onec-sync reconcile` that compared the kind to the end (a repairing run counts what it repaired)",
      (s, g) => {
        for (const r of s.reconciliations)
          for (const d of r.drift) for (const [difference, n] of Object.entries(d.counts)) g.labels(r.source, d.kind, difference).set(n);
      },
      ['source', 'kind', 'difference'],
    );
    gauge(
      'onec_sync_reconcile_last_run_timestamp_seconds',
      'End of the newest finished reconciliation with 1C, by source (Unix seconds)',
      (s, g) => {
        for (const r of s.reconciliations) g.labels(r.source).set(r.lastRun.at);
      },
      ['source'],
    );
    gauge(
      'onec_sync_reconcile_last_run_ok',
      'Whether the newest finished reconciliation with 1C ended ok (1) or failed (0), by source',
      (s, g) => {
        for (const r of s.reconciliations) g.labels(r.source).set(r.lastRun.ok ? 1 : 0);
      },
      ['source'],
    );
    gauge(
      'onec_sync_reconcile_last_success_timestamp_seconds',
      'End of the last reconciliation with 1C that ended ok, by source (Unix seconds)',
      (s, g) => {
        for (const r of s.reconciliations) if (r.lastSuccess !== null) g.labels(r.source).set(r.lastSuccess);
      },
      ['source'],
    );
  }
}
