import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { NatsStatus } from '../../feed/nats-publisher.js';
import type { StorageStatus } from '../../ingest/storage-watch.js';
import type { StorageHandle } from '../../storage/open-database.js';

export async function healthRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; warnings: () => string[]; nats?: { status(): Promise<NatsStatus> }; storageStatus?: () => StorageStatus },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, summary: 'The process is up' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags, summary: 'The database answers' } }, async (_request, reply) => {
    const warnings = deps.warnings();
    const storage = deps.storageStatus?.();
    try {
      await sql`select 1`.execute(deps.storage.db);
      // NATS being down does not make the service unready: publication waits, nothing is lost. Its lag shows here.
      const nats = deps.nats ? await deps.nats.status() : undefined;
      // A full disk or a read-only file stops writes, not reads: still 200, so a load
      // balancer keeps sending the ERP's reads here (webhooks are answered 503 and 1C
      // retries) — `status` says `degraded` for monitoring to alert on.
      const degraded = storage !== undefined && storage.state !== 'ok';
      return {
        status: degraded ? 'degraded' : 'ready',
        database: deps.storage.support.name,
        warnings: degraded
          ? [
              ...warnings,
              `Writes are refused: the database's storage is ${storage.state} (since ${storage.since}); webhooks are answered 503 until a write succeeds.`,
            ]
          : warnings,
        ...(storage ? { storage } : {}),
        ...(nats ? { nats } : {}),
      };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.storage.support.name, warnings, ...(storage ? { storage } : {}) });
    }
  });
}
