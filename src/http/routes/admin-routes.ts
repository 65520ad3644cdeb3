import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { stringEnum } from '../../api/literal-union.js';
import type { SecretBox } from '../../auth/secret-box.js';
import { addSource, rotateSource } from '../../auth/source-admin.js';
import { ACTIVITY_STATUSES } from '../../domain/activity-status.js';
import { AppError } from '../../errors/app-error.js';
import type { WebhookIngestor } from '../../ingest/ingest-webhook.js';
import { replayEvent } from '../../ingest/replay-event.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { findEvent, listEvents } from '../../storage/repositories/events-repository.js';
import { sourceActivity } from '../../storage/repositories/source-activity.js';
import { listSources, setSourceStatus } from '../../storage/repositories/sources-repository.js';

const SourceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: stringEnum(ACTIVITY_STATUSES),
  createdAt: Type.String(),
  lastContactAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([
    Type.Object({ at: Type.String(), code: Type.Union([Type.String(), Type.Null()]), message: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});
const IssuedSchema = Type.Object({
  sourceId: Type.String(),
  secret: Type.String({ description: 'whsec_… — shown once, never again' }),
  token: Type.String({ description: 'Bearer token — shown once, never again' }),
});
const ReplayResult = Type.Object({ eventId: Type.Union([Type.String(), Type.Null()]), httpStatus: Type.Integer(), body: Type.Unknown() });
const ReplayFilter = Type.Object({
  endpoint: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
const ReplayOne = Type.Object({
  sourceId: Type.Optional(Type.String({ description: 'Attribute a request that named no source to this one' })),
  force: Type.Optional(Type.Boolean({ description: 'Apply even if the object changed after the request arrived' })),
});

export interface AdminRouteDeps {
  storage: StorageHandle;
  ingestor: WebhookIngestor;
  rotationOverlapSeconds: number;
  now: () => Date;
  secretBox: SecretBox;
}

/** Sources and replays. Reading sources needs `read`; changing anything needs `admin`. */
export async function adminRoutes(scope: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const admin = { scope: 'admin' as const };
  const id = Type.Object({ id: Type.String() });

  app.get('/api/v1/sources', { schema: { tags: ['sources'], response: { 200: Type.Object({ items: Type.Array(SourceSchema) }) } } }, async () => {
    const [sources, activity] = await Promise.all([listSources(db), sourceActivity(db)]);
    return {
      items: sources.map((s) => ({
        id: s.id,
        name: s.name,
        status: s.status,
        createdAt: s.created_at,
        lastContactAt: activity.get(s.id)?.lastContactAt ?? null,
        lastError: activity.get(s.id)?.lastError ?? null,
      })),
    };
  });

  app.post(
    '/api/v1/sources',
    {
      config: admin,
      schema: { tags: ['sources'], body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 201: IssuedSchema } },
    },
    async (request, reply) => {
      const { name } = request.body;
      return reply.code(201).send(await addSource(db, name, deps.now(), deps.secretBox));
    },
  );

  app.post('/api/v1/sources/:id/rotate', { config: admin, schema: { tags: ['sources'], params: id, response: { 200: IssuedSchema } } }, async (request) => {
    const issued = await rotateSource(db, request.params.id, deps.rotationOverlapSeconds, deps.now(), deps.secretBox);
    if (!issued) throw new AppError('NOT_FOUND', { message: 'No such source' });
    return issued;
  });

  for (const [verb, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(`/api/v1/sources/:id/${verb}`, { config: admin, schema: { tags: ['sources'], params: id } }, async (request) => {
      const sourceId = request.params.id;
      if (!(await setSourceStatus(db, sourceId, status, deps.now().toISOString()))) throw new AppError('NOT_FOUND', { message: 'No such source' });
      return { id: sourceId, status };
    });
  }

  app.post(
    '/api/v1/events/:id/replay',
    {
      config: admin,
      schema: {
        tags: ['events'],
        summary: 'Replay one rejected event, once; `stale` if its object changed since, unless forced',
        params: id,
        body: ReplayOne,
        response: { 200: ReplayResult },
      },
      // A POST without a body (the options are optional) is validated as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const event = await findEvent(db, request.params.id);
      if (!event) throw new AppError('NOT_FOUND', { message: 'No such event' });
      const options = request.body ?? {};
      const outcome = await replayEvent(deps.storage, deps.ingestor, event, { sourceId: options.sourceId, force: options.force, requestId: request.id });
      return { eventId: outcome.eventId, httpStatus: outcome.httpStatus, body: outcome.body };
    },
  );

  app.post(
    '/api/v1/events/replay',
    {
      config: admin,
      schema: {
        tags: ['events'],
        summary: 'Replay every rejected, not yet replayed event of a known source in a filtered set (never forced, never attributed)',
        body: ReplayFilter,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ originalId: Type.String(), ...ReplayResult.properties })) }) },
      },
    },
    async (request) => {
      const filter = request.body;
      // A request refused for missing or wrong credentials named no source: attributing it
      // is a decision about one request, made on its own (the single replay), never in bulk.
      const events = await listEvents(db, deps.storage.support, {
        status: 'rejected',
        endpoint: filter.endpoint,
        sourceId: filter.source,
        notReplayed: true,
        knownSource: true,
        limit: filter.limit ?? 100,
      });
      const items = [];
      // Oldest first, so changes are re-applied in the order 1C sent them.
      for (const summary of events.reverse()) {
        const event = await findEvent(db, summary.id);
        if (!event?.body) continue;
        try {
          const outcome = await replayEvent(deps.storage, deps.ingestor, event, { requestId: request.id });
          items.push({ originalId: event.id, eventId: outcome.eventId, httpStatus: outcome.httpStatus, body: outcome.body });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          items.push({ originalId: event.id, eventId: null, httpStatus: error.status, body: error.toBody() });
        }
      }
      return { items };
    },
  );
}
