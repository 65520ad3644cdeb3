import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReconcileMode } from '../../reconcile/reconcile-report.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { listReconciliations } from '../../storage/repositories/reconciliations-repository.js';

const ReconciliationSchema = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'running | ok | failed' }),
  repair: Type.Boolean({ description: 'The run wrote to the store (a repair or a load)' }),
  mode: Type.Union([Type.Literal('report'), Type.Literal('repair'), Type.Literal('load')], {
    description: 'report compares; repair also applies what differs; load writes every object read',
  }),
  error: Type.Union([Type.String(), Type.Null()]),
  report: Type.Unknown({ description: 'Counts per kind (missing, gone, deletion-mark, content, unreadable) and the first differing objects' }),
});

/** GET /api/v1/reconciliations: the last runs of `onec-sync reconcile`, newest first. */
export async function reconciliationRoutes(scope: FastifyInstance, deps: { storage: StorageHandle }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/reconciliations',
    {
      schema: {
        tags: ['reconciliation'],
        querystring: Type.Object({ source: Type.Optional(Type.String()), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: { 200: Type.Object({ items: Type.Array(ReconciliationSchema) }) },
      },
    },
    async (request) => {
      const rows = await listReconciliations(deps.storage.db, request.query.limit, request.query.source);
      return {
        items: rows.map((r) => {
          const report = JSON.parse(r.report) as { mode?: ReconcileMode };
          const repair = Number(r.repair) === 1;
          return {
            id: r.id,
            sourceId: r.source_id,
            startedAt: r.started_at,
            finishedAt: r.finished_at,
            status: r.status,
            repair,
            // Runs stored before loads existed carry no mode: a writing run was a repair.
            mode: report.mode ?? (repair ? 'repair' : 'report'),
            error: r.error,
            report: report as unknown,
          };
        }),
      };
    },
  );
}
