import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createAuth } from './auth/create-auth.js';
import type { Config } from './config/load-config.js';
import { sqlitePath } from './config/load-config.js';
import { Deliveries } from './deliveries/deliveries.js';
import { ChangeHub } from './feed/change-hub.js';
import { NatsPublisher } from './feed/nats-publisher.js';
import { NotifyingWriter } from './feed/notifying-writer.js';
import { buildApp } from './http/build-app.js';
import { InProcessWriter, type Writer } from './ingest/in-process-writer.js';
import { WebhookIngestor } from './ingest/ingest-webhook.js';
import { JournalMaintenance } from './ingest/journal-maintenance-scheduler.js';
import type { MaintenanceRunner } from './ingest/maintenance-jobs.js';
import { StorageWatch } from './ingest/storage-watch.js';
import { ThreadWriter } from './ingest/thread-writer.js';
import { WebhookDecoder } from './ingest/webhook-decoder.js';
import { KindRegistry } from './kinds/kind-registry.js';
import { DatabaseSampler } from './metrics/database-sampler.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { ReconcileSchedule } from './reconcile/reconcile-schedule.js';
import { analysedJournalRows, analyzeGrowingTables } from './storage/dialects/postgres-statistics.js';
import { refreshStatistics } from './storage/dialects/sqlite-statistics.js';
import { StatisticsSchedule } from './storage/dialects/statistics-schedule.js';
import { type OpenOptions, openDatabase, type StorageHandle } from './storage/open-database.js';
import { createReads, type Reads } from './storage/reads/reads.js';
import { readFeedHead } from './storage/repositories/changes-repository.js';
import { webPlugin } from './web/web-plugin.js';

export interface Service {
  app: FastifyInstance;
  storage: StorageHandle;
  writer: Writer & MaintenanceRunner;
  /** Reads that may be slow: a budget, and (SQLite) reader processes. */
  reads: Reads;
  deliveries: Deliveries;
  /** Compresses old SQLite bodies once; prunes daily with ONEC_SYNC_JOURNAL_RETENTION. */
  maintenance: JournalMaintenance;
  /** Wakes long-polls and SSE streams after a commit. */
  changeHub: ChangeHub;
  /** Publishes the feed to NATS JetStream when ONEC_SYNC_NATS_URL is set. */
  nats: NatsPublisher | undefined;
  /** The Prometheus metrics (/metrics; main also serves them on ONEC_SYNC_METRICS_PORT). */
  metrics: ServiceMetrics;
  /** The one ingest path and the decoder of this service's kinds (a reconciliation repairs through them). */
  ingestor: WebhookIngestor;
  decoder: WebhookDecoder;
  /** Reconciles with 1C over OData on ONEC_SYNC_RECONCILE_EVERY. */
  reconcileSchedule: ReconcileSchedule | undefined;
  warnings: string[];
  close(): Promise<void>;
}

/**
 * The composition root shared by `serve` (src/serve.ts) and the tests: config → database (migrated) →
 * writer (group commit, a thread of its own for SQLite) → ingestor → auth → app. Nothing here listens.
 */
export async function createService(
  config: Config,
  options: {
    logger?: FastifyServerOptions['logger'];
    storage?: OpenOptions;
    now?: () => Date;
    /** Modules the SQLite reader processes import first, adding or replacing reads (tests make one slow for real). */
    readerModules?: string[];
    /** SQLite: start a reader process at once (default); the tests' many short-lived services do not. */
    warmReader?: boolean;
  } = {},
): Promise<Service> {
  // The declarations first: a bad one stops the start naming its file and field, before any database is touched.
  const decoder = new WebhookDecoder(KindRegistry.load(config.kindsDir));
  const storage = await openDatabase(config.databaseUrl, { preparedStatements: config.preparedStatements, ...options.storage });
  let writer: (Writer & MaintenanceRunner) | undefined;
  let reads: Reads | undefined;
  try {
    const changeHub = new ChangeHub(() => readFeedHead(storage.db), config.feedPollMs);
    const metrics = new ServiceMetrics({
      writerDepth: () => writer?.depth() ?? 0,
      sampler: new DatabaseSampler(storage, { ttlMs: config.metricsSampleMs, now: options.now ?? (() => new Date()) }),
    });
    // The writer grows the database and refreshes the planner's statistics; this process's
    // other connections (the main one, the reader processes) then reload them.
    const started = await createWriter(
      config,
      storage,
      (size, seconds) => metrics.batch(size, seconds),
      () => {
        storage.reloadStatistics?.();
        reads?.pool?.statisticsChanged();
      },
    );
    writer = started;
    const sqliteFile = storage.support.name === 'sqlite' ? sqlitePath(config.databaseUrl) : ':memory:';
    const watch = new StorageWatch(started, storage.support, sqliteFile === ':memory:' ? undefined : path.dirname(path.resolve(sqliteFile)));
    const ingestor = new WebhookIngestor(storage, new NotifyingWriter(watch, changeHub), options.now, decoder);
    const openReads = createReads(storage, config.reads, {
      sqliteFile: storage.support.name === 'sqlite' ? sqlitePath(config.databaseUrl) : undefined,
      readerModules: options.readerModules,
      warmReader: options.warmReader,
    });
    reads = openReads;
    const auth = await createAuth(config, storage, options.now);
    const warnings = [...(await storage.support.durabilityWarnings(storage.db)), ...auth.warnings];
    const reconcileSchedule = config.reconcile ? new ReconcileSchedule(storage, ingestor, decoder, auth.secretBox, config.reconcile) : undefined;
    const deliveries = new Deliveries(storage, config.deliveries, {
      timezone: config.timezone,
      hub: changeHub,
      now: options.now,
      onAttempt: (outcome) => metrics.deliveryAttempt(outcome),
      decoder,
    });
    const nats = config.natsUrl
      ? new NatsPublisher(storage, changeHub, {
          url: config.natsUrl,
          stream: config.natsStream,
          subject: config.natsSubject,
          timezone: config.timezone,
          decoder,
        })
      : undefined;
    const app = await buildApp({
      storage,
      reads: openReads,
      ingestor,
      webhookAuthenticator: auth.webhooks,
      apiAuthorizer: auth.api,
      timezone: config.timezone,
      bodyLimit: config.bodyLimit,
      rotationOverlapSeconds: config.rotationOverlapSeconds,
      now: options.now ?? (() => new Date()),
      warnings: () => warnings,
      storageStatus: () => watch.status(),
      logger: options.logger,
      plugins: [webPlugin],
      changeHub,
      nats,
      allowUnsigned: config.allowUnsigned,
      trustProxy: config.trustProxy,
      server: config.server,
      anonymous: config.anonymous,
      secretBox: auth.secretBox,
      deliveries,
      exportMaxRows: config.exportMaxRows,
      search: config.search,
      metrics,
      decoder,
    });
    if (nats) {
      nats.log = app.log;
      nats.start();
    }
    deliveries.start(app.log);
    const maintenance = new JournalMaintenance(started, { convert: storage.support.compressesBodies, retentionMs: config.journalRetentionMs });
    maintenance.start(app.log);
    reconcileSchedule?.start(app.log);
    return {
      app,
      storage,
      writer: started,
      reads: openReads,
      deliveries,
      maintenance,
      changeHub,
      nats,
      metrics,
      ingestor,
      decoder,
      reconcileSchedule,
      warnings,
      /**
       * A clean stop, in dependency order (docs/operations.md, "Stopping it"): the server
       * stops accepting and answers every request it has read — each after its commit —
       * while long-polls and SSE streams end at once; then the writer has nothing left; the
       * delivery worker finishes or hands back its leased attempts while NATS gets every
       * committed change; last, the database.
       */
      async close() {
        // Reads in flight are stopped first, so closing the server does not wait out their budget.
        const readsClosed = openReads.close();
        await app.close();
        await readsClosed;
        // The background journal work goes through the writer: it stops before the writer does.
        await Promise.all([maintenance.stop(), reconcileSchedule?.stop()]);
        await started.close();
        await Promise.all([deliveries.stop(), nats?.stop()]);
        await storage.close();
      },
    };
  } catch (error) {
    // A refusal to start (e.g. sealed secrets without their key) must not leave the writer thread running.
    await writer?.close();
    await reads?.close();
    await storage.close();
    throw error;
  }
}

/**
 * SQLite files get a writer thread (see thread-writer.ts); PostgreSQL's driver is already
 * asynchronous, and an in-memory SQLite database cannot be shared between threads.
 */
export async function createWriter(
  config: Config,
  storage: StorageHandle,
  onCommit: (size: number, seconds: number) => void,
  onStatistics: () => void,
): Promise<Writer & MaintenanceRunner> {
  const file = storage.support.name === 'sqlite' ? sqlitePath(config.databaseUrl) : ':memory:';
  if (storage.support.name === 'sqlite' && file !== ':memory:' && config.sqliteWriter === 'thread') {
    return ThreadWriter.start({ sqliteFile: file, maxBatchSize: config.maxBatchSize }, onCommit, onStatistics);
  }
  // The writer keeps the planner's statistics current as it grows the tables: PostgreSQL
  // (postgres-statistics.ts) analyses them; SQLite's inline writer refreshes them as the
  // writer thread does (sqlite-statistics.ts) and its connections reload them.
  const schedule = new StatisticsSchedule(storage.support.name === 'postgres' ? await analysedJournalRows(storage.db) : 0);
  const refreshSqlite = () => {
    try {
      if (refreshStatistics(file).changed) onStatistics();
    } catch {
      // An optimisation: the next doubling tries again; the batch has committed.
    }
  };
  let analyzing = false;
  const analyze = () => {
    if (analyzing) return;
    analyzing = true;
    analyzeGrowingTables(storage.db)
      .catch(() => {
        // An optimisation: the next doubling tries again.
      })
      .finally(() => {
        analyzing = false;
      });
  };
  return new InProcessWriter(storage.db, storage.support, {
    maxBatchSize: config.maxBatchSize,
    maxConcurrentBatches: storage.support.name === 'sqlite' ? 1 : config.writeConcurrency,
    onCommit: (size, seconds) => {
      onCommit(size, seconds);
      if (!schedule.committed(size)) return;
      if (storage.support.name === 'postgres') analyze();
      else refreshSqlite();
    },
  });
}
