import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseSampler } from './database-sampler.js';

/** What the metrics use of the database's sampler: its gauges, and a fresh sample before a scrape. */
export type MetricsSampler = Pick<DatabaseSampler, 'register' | 'refresh'>;

import { LabelledCounter, LabelledHistogram } from './labelled-metrics.js';

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
  private readonly webhooks: LabelledCounter;
  private readonly latency: LabelledHistogram;
  private readonly batchSize: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly attempts: Counter<'outcome'>;
  /**
   * Series of the request path, by label value, level by level: the values are the same few
   * strings every time, whose hashes V8 keeps, so no key is built per request.
   */
  private readonly counters = new Map<string, Map<string, Map<number, { inc(): void }>>>();
  private readonly timers = new Map<string, Map<string, Array<{ observe(v: number): void }>>>();

  constructor(options: { writerDepth: () => number; sampler: MetricsSampler }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // The request path's two metrics are labelled-metrics.ts's: an observation without hashing.
    this.webhooks = new LabelledCounter({
      name: 'onec_sync_webhook_requests_total',
      help: 'Webhook requests from 1C by endpoint, result (created, updated, unchanged, deleted, stale, duplicate; rejected: journaled refusal; refused: answered without a journal entry) and HTTP status',
      labelNames: ['endpoint', 'result', 'status'],
      registry: this.registry,
    });
    this.latency = new LabelledHistogram({
      name: 'onec_sync_http_request_duration_seconds',
      help: 'Time from the request arriving to its answer, by method, route template and status class (2xx…5xx); long-polls and SSE streams last as long as they wait',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registry: this.registry,
    });
    this.batchSize = new Histogram({
      name: 'onec_sync_commit_batch_size',
      help: 'Write jobs committed per group-commit transaction',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'onec_sync_commit_duration_seconds',
      help: 'Duration of a group-commit transaction, from BEGIN to COMMIT done',
      buckets: COMMIT_BUCKETS,
      registers,
    });
    this.attempts = new Counter({
      name: 'onec_sync_delivery_attempts_total',
      help: 'Delivery attempts to subscriptions made by this replica, by outcome (ok, retry, dead)',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'onec_sync_writer_queue_depth',
      help: 'Write jobs submitted and not yet committed (waiting for a batch or in one)',
      registers,
      collect() {
        this.set(options.writerDepth());
      },
    });
    options.sampler.register(this.registry);
    this.sampler = options.sampler;
  }

  private readonly sampler: MetricsSampler;

  webhook(endpoint: string, result: string, status: number): void {
    let byResult = this.counters.get(endpoint);
    if (!byResult) {
      byResult = new Map();
      this.counters.set(endpoint, byResult);
    }
    let byStatus = byResult.get(result);
    if (!byStatus) {
      byStatus = new Map();
      byResult.set(result, byStatus);
    }
    let child = byStatus.get(status);
    if (!child) {
      child = this.webhooks.child(endpoint, result, String(status));
      byStatus.set(status, child);
    }
    child.inc();
  }

  request(method: string, route: string, status: number, seconds: number): void {
    const statusClass = Math.floor(status / 100);
    let byMethod = this.timers.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.timers.set(route, byMethod);
    }
    let byClass = byMethod.get(method);
    if (!byClass) {
      byClass = [];
      byMethod.set(method, byClass);
    }
    let timer = byClass[statusClass];
    if (!timer) {
      timer = this.latency.child(method, route, `${statusClass}xx`);
      byClass[statusClass] = timer;
    }
    timer.observe(seconds);
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
    await this.sampler.refresh();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
