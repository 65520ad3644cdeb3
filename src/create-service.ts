import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config/load-config.js';
import { buildApp } from './http/build-app.js';
import { CommitQueue } from './ingest/commit-queue.js';
import { WebhookIngestor } from './ingest/ingest-webhook.js';
import { openDatabase, type OpenOptions, type StorageHandle } from './storage/open-database.js';
import { createAuth } from './auth/create-auth.js';
import { webPlugin } from './web/web-plugin.js';

export interface Service {
  app: FastifyInstance;
  storage: StorageHandle;
  queue: CommitQueue;
  warnings: string[];
  close(): Promise<void>;
}

/**
 * The composition root shared by `main` and the tests: config → database (migrated) →
 * commit queue → ingestor → auth → app. Nothing here listens.
 */
export async function createService(
  config: Config,
  options: { logger?: FastifyServerOptions['logger']; storage?: OpenOptions; now?: () => Date } = {},
): Promise<Service> {
  const storage = await openDatabase(config.databaseUrl, options.storage);
  try {
    const queue = new CommitQueue(storage.db, storage.support, {
      maxBatchSize: config.maxBatchSize,
      maxConcurrentBatches: storage.support.name === 'sqlite' ? 1 : 4,
    });
    const ingestor = new WebhookIngestor(storage, queue, options.now);
    const auth = await createAuth(config, storage, options.now);
    const app = await buildApp({
      storage,
      ingestor,
      webhookAuthenticator: auth.webhooks,
      apiAuthorizer: auth.api,
      timezone: config.timezone,
      bodyLimit: config.bodyLimit,
      rotationOverlapSeconds: config.rotationOverlapSeconds,
      now: options.now ?? (() => new Date()),
      warnings: () => auth.warnings,
      logger: options.logger,
      plugins: [webPlugin],
    });
    return {
      app,
      storage,
      queue,
      warnings: auth.warnings,
      async close() {
        await app.close();
        await queue.drain();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
