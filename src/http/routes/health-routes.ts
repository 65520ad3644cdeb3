import { sql } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { StorageHandle } from '../../storage/open-database.js';
import type { NatsStatus } from '../../feed/nats-publisher.js';

export async function healthRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; warnings: () => string[]; nats?: { status(): Promise<NatsStatus> } },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, summary: 'The process is up' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags, summary: 'The database answers' } }, async (_request, reply) => {
    const warnings = deps.warnings();
    try {
      await sql`select 1`.execute(deps.storage.db);
      // NATS being down does not make the service unready: publication waits, nothing is lost. Its lag shows here.
      const nats = deps.nats ? await deps.nats.status() : undefined;
      return { status: 'ready', database: deps.storage.support.name, warnings, ...(nats ? { nats } : {}) };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.storage.support.name, warnings });
    }
  });
}
