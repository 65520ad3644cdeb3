import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { NullableText } from '../../api/api-schemas.js';
import { AppError } from '../../errors/app-error.js';
import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { ReconcileMode } from '../../reconcile/reconcile-report.js';
import { storedSamples } from '../../reconcile/stored-samples.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { findReconciliation, listReconciliations, type ReconciliationRow } from '../../storage/repositories/reconciliations-repository.js';

const Count = Type.Integer({ minimum: 0 });

/** One kind's part of a report (src/reconcile/reconcile-report.ts); fields a newer run adds pass through. */
const KindReportSchema = Type.Object(
  {
    kind: Type.String(),
    inOneC: Type.Integer({ description: 'Objects 1C listed (in the --since window)' }),
    inStore: Type.Integer({ description: 'Stored objects with a GUID compared' }),
    withoutGuid: Type.Integer({ description: 'Stored objects known only by their presentation: not comparable' }),
    versionOnly: Type.Integer({ description: 'DataVersion differed, the content was equal' }),
    counts: Type.Object({ missing: Count, gone: Count, 'deletion-mark': Count, content: Count, unreadable: Count }),
    repaired: Type.Integer(),
    skippedNewer: Type.Integer({ description: 'Left alone: a webhook changed the object after the run started' }),
    complete: Type.Boolean({ description: 'The listing finished (an unfinished kind reports nothing as gone)' }),
    samples: Type.Array(
      Type.Object({
        uuid: NullableText('Ref_Key'),
        difference: Type.String({ description: 'missing | gone | deletion-mark | content | unreadable' }),
        detail: Type.Optional(Type.String()),
      }),
      { description: 'The first differing objects' },
    ),
  },
  { additionalProperties: true },
);

const ReportSchema = Type.Object(
  {
    since: Type.Optional(NullableText('--since')),
    requests: Type.Optional(Type.Integer({ description: 'OData requests made' })),
    kinds: Type.Array(KindReportSchema),
  },
  { additionalProperties: true, description: 'Counts per kind (missing, gone, deletion-mark, content, unreadable) and the first differing objects' },
);

const ReconciliationSchema = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  startedAt: Type.String(),
  finishedAt: NullableText(),
  status: Type.String({ description: 'running | ok | failed' }),
  repair: Type.Boolean({ description: 'The run wrote to the store (a repair or a load)' }),
  mode: Type.Union([Type.Literal('report'), Type.Literal('repair'), Type.Literal('load')], {
    description: 'report compares; repair also applies what differs; load writes every object read',
  }),
  error: NullableText(),
  report: ReportSchema,
});

const FoundSchema = Type.Object({
  kind: Type.String(),
  uuid: Type.String(),
  store: Type.String({ description: '`objects`: /api/v1/objects/{kind}/{id}; `invoices`, `clients`: the classic kinds' }),
  id: Type.String(),
});

function present(r: ReconciliationRow): Static<typeof ReconciliationSchema> {
  const report = JSON.parse(r.report) as Partial<Static<typeof ReportSchema>> & { mode?: ReconcileMode };
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
    report: { ...report, kinds: Array.isArray(report.kinds) ? report.kinds : [] },
  };
}

/**
 * GET /api/v1/reconciliations: the last runs of `onec-sync reconcile`, newest first; one run
 * with the stored objects its differing objects are (for links to them).
 */
export async function reconciliationRoutes(scope: FastifyInstance, deps: { storage: StorageHandle; decoder: WebhookDecoder }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reconciliation'];
  app.get(
    '/api/v1/reconciliations',
    {
      schema: {
        tags,
        querystring: Type.Object({ source: Type.Optional(Type.String()), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: { 200: Type.Object({ items: Type.Array(ReconciliationSchema) }) },
      },
    },
    async (request) => ({ items: (await listReconciliations(deps.storage.db, request.query.limit, request.query.source)).map(present) }),
  );

  app.get(
    '/api/v1/reconciliations/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Composite([
            ReconciliationSchema,
            Type.Object({ objects: Type.Array(FoundSchema, { description: 'The stored objects among the differing ones (one missing here is not stored)' }) }),
          ]),
        },
      },
    },
    async (request) => {
      const row = await findReconciliation(deps.storage.db, request.params.id);
      if (!row) throw new AppError('NOT_FOUND', { message: `No reconciliation ${request.params.id}` });
      const run = present(row);
      const objects = await storedSamples(deps.storage, deps.decoder.kinds, run.sourceId, run.report.kinds);
      return { ...run, objects };
    },
  );
}
