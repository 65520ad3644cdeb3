import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseSampler } from './database-sampler.js';

/** Latency buckets, seconds: a webhook commits in milliseconds; long-polls and SSE run to a minute. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Up to ONEC_SYNC_MAX_BATCH (256 by default) requests share one transaction. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** What the service's parts report as they work; `ServiceMetrics` is the one implementation. */
export interface MetricsRecorder {
  /** A webhook answered: its endpoint (`invoices`…), result (`created`…, `rejected`, `refused`) and HTTP status. */
  webhook(endpoint: string, result: string, status: number): void;
  /** Any HTTP request answered: its route template (`unmatched` for none), method, status, duration. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** A group-commit transaction committed `size` write jobs in `seconds`. */
  batch(size: number, seconds: number): void;
  /** A delivery attempt ended: `ok`, `retry` or `dead`. */
  deliveryAttempt(outcome: string): void;
}

/**
 * The service's Prometheus metrics (docs/operations.md, "Watching it", lists them): counters
 * and histograms moved by the request path, the writer and the delivery worker; gauges
 * read when scraped — the writer's queue from memory, the database's figures from a
 * sample refreshed at most every ONEC_SYNC_METRICS_SAMPLE_SECONDS; Node's process metrics.
 * One registry per service, so services in one process (the tests) do not mix.
 */
export class ServiceMetrics implements MetricsRecorder {
  readonly registry = new Registry();
  private readonly webhooks: Counter<'endpoint' | 'result' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly batchSize: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly attempts: Counter<'outcome'>;
  /** Label children by key: prom-client hashes a label object on every call otherwise. */
  private readonly children = new Map<string, { inc(): void } | { observe(v: number): void }>();

  constructor(options: { writerDepth: () => number; sampler: DatabaseSampler }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.webhooks = new Counter({
      name: 'onec_sync_webhook_requests_total',
      help: 'Webhook requests from 1C by endpoint, result (created, updated, unchanged, deleted, stale, duplicate; rejected: journaled refusal; refused: answered without a journal entry) and HTTP status',
      labelNames: ['endpoint', 'result', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'onec_sync_http_request_duration_seconds',
      help: 'Time from the request arriving to its answer, by method, route template and status class (2xx…5xx); long-polls and SSE streams last as long as they wait',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.batchSize = new Histogram({ name: 'onec_sync_commit_batch_size', help: 'Write jobs committed per group-commit transaction', buckets: BATCH_BUCKETS, registers });
    this.commitSeconds = new Histogram({ name: 'onec_sync_commit_duration_seconds', help: 'Duration of a group-commit transaction, from BEGIN to COMMIT done', buckets: COMMIT_BUCKETS, registers });
    this.attempts = new Counter({ name: 'onec_sync_delivery_attempts_total', help: 'Delivery attempts to subscriptions made by this replica, by outcome (ok, retry, dead)', labelNames: ['outcome'], registers });
    new Gauge({
      name: 'onec_sync_writer_queue_depth',
      help: 'Write jobs submitted and not yet committed (waiting for a batch or in one)',
      registers,
      collect() {
        this.set(options.writerDepth());
      },
    });
    options.sampler.register(this.registry);
  }

  webhook(endpoint: string, result: string, status: number): void {
    const key = `w|${endpoint}|${result}|${status}`;
    let child = this.children.get(key) as { inc(): void } | undefined;
    if (!child) this.children.set(key, (child = this.webhooks.labels(endpoint, result, String(status))));
    child.inc();
  }

  request(method: string, route: string, status: number, seconds: number): void {
    const statusClass = `${Math.floor(status / 100)}xx`;
    const key = `r|${method}|${route}|${statusClass}`;
    let child = this.children.get(key) as { observe(v: number): void } | undefined;
    if (!child) this.children.set(key, (child = this.latency.labels(method, route, statusClass)));
    child.observe(seconds);
  }

  batch(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.commitSeconds.observe(seconds);
  }

  deliveryAttempt(outcome: string): void {
    this.attempts.labels(outcome).inc();
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
