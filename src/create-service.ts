import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config/load-config.js';
import { buildApp } from './http/build-app.js';
import { ThreadWriter } from './ingest/thread-writer.js';
import { InProcessWriter, type Writer } from './ingest/writer.js';
import { StorageWatch } from './ingest/storage-watch.js';
import { sqlitePath } from './config/load-config.js';
import { WebhookIngestor } from './ingest/ingest-webhook.js';
import { openDatabase, type OpenOptions, type StorageHandle } from './storage/open-database.js';
import { createAuth } from './auth/create-auth.js';
import { webPlugin } from './web/web-plugin.js';
import { ChangeHub } from './feed/change-hub.js';
import { NotifyingWriter } from './feed/notifying-writer.js';
import { NatsPublisher } from './feed/nats-publisher.js';
import { readFeedHead } from './storage/repositories/changes-repository.js';
import { Deliveries } from './deliveries/deliveries.js';

export interface Service {
  app: FastifyInstance;
  storage: StorageHandle;
  writer: Writer;
  deliveries: Deliveries;
  /** Publishes the feed to NATS JetStream when ONEC_SYNC_NATS_URL is set. */
  nats: NatsPublisher | undefined;
  warnings: string[];
  close(): Promise<void>;
}

/**
 * The composition root shared by `main` and the tests: config → database (migrated) →
 * writer (group commit, a thread of its own for SQLite) → ingestor → auth → app. Nothing here listens.
 */
export async function createService(
  config: Config,
  options: { logger?: FastifyServerOptions['logger']; storage?: OpenOptions; now?: () => Date } = {},
): Promise<Service> {
  const storage = await openDatabase(config.databaseUrl, options.storage);
  let writer: Writer | undefined;
  try {
    const changeHub = new ChangeHub(() => readFeedHead(storage.db), config.feedPollMs);
    const started = (writer = await createWriter(config, storage));
    const sqliteFile = storage.support.name === 'sqlite' ? sqlitePath(config.databaseUrl) : ':memory:';
    const watch = new StorageWatch(started, storage.support, sqliteFile === ':memory:' ? undefined : path.dirname(path.resolve(sqliteFile)));
    const ingestor = new WebhookIngestor(storage, new NotifyingWriter(watch, changeHub), options.now);
    const auth = await createAuth(config, storage, options.now);
    const warnings = [...(await storage.support.durabilityWarnings(storage.db)), ...auth.warnings];
    const deliveries = new Deliveries(storage, config.deliveries, { timezone: config.timezone, hub: changeHub, now: options.now });
    const nats = config.natsUrl
      ? new NatsPublisher(storage, changeHub, { url: config.natsUrl, stream: config.natsStream, subject: config.natsSubject, timezone: config.timezone })
      : undefined;
    const app = await buildApp({
      storage,
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
    });
    if (nats) {
      nats.log = app.log;
      nats.start();
    }
    deliveries.start(app.log);
    return {
      app,
      storage,
      writer: started,
      deliveries,
      nats,
      warnings,
      async close() {
        await nats?.stop();
        await app.close();
        // Stops claiming, lets attempts in flight finish, hands back the leases.
        await deliveries.stop();
        await started.close();
        await storage.close();
      },
    };
  } catch (error) {
    // A refusal to start (e.g. sealed secrets without their key) must not leave the writer thread running.
    await writer?.close();
    await storage.close();
    throw error;
  }
}

/**
 * SQLite files get a writer thread (see thread-writer.ts); PostgreSQL's driver is already
 * asynchronous, and an in-memory SQLite database cannot be shared between threads.
 */
async function createWriter(config: Config, storage: StorageHandle): Promise<Writer> {
  const file = storage.support.name === 'sqlite' ? sqlitePath(config.databaseUrl) : ':memory:';
  if (storage.support.name === 'sqlite' && file !== ':memory:' && config.sqliteWriter === 'thread') {
    return ThreadWriter.start({ sqliteFile: file, maxBatchSize: config.maxBatchSize });
  }
  return new InProcessWriter(storage.db, storage.support, {
    maxBatchSize: config.maxBatchSize,
    maxConcurrentBatches: storage.support.name === 'sqlite' ? 1 : config.writeConcurrency,
  });
}

