import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { literalUnion, stringEnum } from '../../api/literal-union.js';
import { feedHeadCursor } from '../../deliveries/change-feed-reader.js';
import type { Deliveries } from '../../deliveries/deliveries.js';
import { addSubscription, rotateSecret, testSend } from '../../deliveries/subscription-admin.js';
import { ACTIVITY_STATUSES } from '../../domain/activity-status.js';
import { DELIVERY_STATUSES } from '../../domain/delivery-status.js';
import { ENDPOINT_NAMES, OBJECT_KINDS, WEBHOOK_PATH_PREFIX } from '../../domain/kinds.js';
import { AppError } from '../../errors/app-error.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { deliveryCounts, listAttempts, listDeliveries, redeliver } from '../../storage/repositories/subscription-deliveries-repository.js';
import {
  deleteSubscription,
  findSubscription,
  listSubscriptions,
  type SubscriptionRow,
  setSubscriptionStatus,
} from '../../storage/repositories/subscriptions-repository.js';

const Kind = Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', description: `A kind: ${OBJECT_KINDS.join(', ')} or a declared one (GET /api/v1/kinds)` });
const Format = Type.Union([Type.Literal('onec-sync'), Type.Literal('classic')], {
  description: `\`onec-sync\`: the change as the feed presents it, to the URL. \`classic\`: 1C's original body, byte for byte, to {url}${WEBHOOK_PATH_PREFIX}${ENDPOINT_NAMES.join(' | ')}`,
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Counts = Type.Object({ pending: Type.Integer(), done: Type.Integer(), dead: Type.Integer() });

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  format: Format,
  kinds: Type.Array(Kind, { description: 'Empty: every kind' }),
  sourceId: Nullable(Type.String()),
  description: Nullable(Type.String()),
  status: stringEnum(ACTIVITY_STATUSES),
  disabledReason: Nullable(Type.String({ description: '`auto`: disabled after failing for ONEC_SYNC_DELIVERY_DISABLE_AFTER; otherwise by an operator' })),
  concurrency: Type.Integer(),
  cursor: Nullable(Type.String({ description: 'The feed cursor turned into deliveries so far' })),
  failingSince: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveries: Counts,
});

const NewSubscriptionBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  format: Type.Optional(Format),
  kinds: Type.Optional(Type.Array(Kind)),
  sourceId: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  from: Type.Optional(
    Type.Union([Type.Literal('now'), Type.Literal('beginning')], { description: '`now` (default): changes from now on; `beginning`: the whole feed too' }),
  ),
});

const DeliverySchema = Type.Object({
  id: Type.String(),
  changeId: Type.String(),
  kind: Kind,
  action: Type.String(),
  objectId: Type.String(),
  version: Type.Integer(),
  status: stringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastHttpStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  inFlight: Type.Boolean(),
});

const AttemptSchema = Type.Object({
  id: Type.String(),
  deliveryId: Nullable(Type.String()),
  attemptedAt: Type.String(),
  worker: Nullable(Type.String({ description: 'The replica that made the attempt (null: a test send)' })),
  url: Type.String(),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('retry'), Type.Literal('dead'), Type.Literal('test')]),
  error: Nullable(Type.String()),
  responseSnippet: Nullable(Type.String()),
});

const TestResultSchema = Type.Object({
  ok: Type.Boolean(),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseSnippet: Nullable(Type.String()),
});

const Id = Type.Object({ id: Type.String() });

export interface SubscriptionRouteDeps {
  storage: StorageHandle;
  deliveries: Deliveries;
  rotationOverlapSeconds: number;
  now: () => Date;
}

export function presentSubscription(row: SubscriptionRow, counts: Static<typeof Counts> | undefined): Static<typeof SubscriptionSchema> {
  return {
    id: row.id,
    url: row.url,
    format: row.format,
    kinds: row.kinds?.split(',') ?? [],
    sourceId: row.source_id,
    description: row.description,
    status: row.status,
    disabledReason: row.disabled_reason,
    concurrency: row.concurrency,
    cursor: row.cursor,
    failingSince: row.failing_since,
    lastSuccessAt: row.last_success_at,
    createdAt: row.created_at,
    deliveries: counts ?? { pending: 0, done: 0, dead: 0 },
  };
}

/**
 * Subscriptions (pushed deliveries): reading needs `read`, changing anything `admin`. The
 * secret is in the answer of create and rotate-secret only.
 */
export async function subscriptionRoutes(scope: FastifyInstance, deps: SubscriptionRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const admin = { scope: 'admin' as const };
  const tags = ['subscriptions'];
  const found = async (id: string) => {
    const row = await findSubscription(db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such subscription' });
    return row;
  };

  app.get('/api/v1/subscriptions', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(SubscriptionSchema) }) } } }, async () => {
    const [rows, counts] = await Promise.all([listSubscriptions(db), deliveryCounts(db)]);
    return { items: rows.map((row) => presentSubscription(row, counts.get(row.id))) };
  });

  app.post(
    '/api/v1/subscriptions',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a subscription; its whsec_ secret is in this answer only',
        body: NewSubscriptionBody,
        response: { 201: Type.Object({ subscription: SubscriptionSchema, secret: Type.String({ description: 'whsec_… — shown once, never again' }) }) },
      },
    },
    async (request, reply) => {
      const { subscription, secret } = await addSubscription(
        db,
        request.body,
        {
          allowPrivateTargets: deps.deliveries.settings.allowPrivateTargets,
          concurrency: deps.deliveries.settings.concurrency,
          currentCursor: () => feedHeadCursor(db),
          knownKinds: deps.deliveries.decoder.kinds.list.map((k) => k.kind),
        },
        deps.now(),
      );
      deps.deliveries.wake();
      return reply.code(201).send({ subscription: presentSubscription(subscription, undefined), secret });
    },
  );

  app.get('/api/v1/subscriptions/:id', { schema: { tags, params: Id, response: { 200: SubscriptionSchema } } }, async (request) => {
    const row = await found(request.params.id);
    return presentSubscription(row, (await deliveryCounts(db)).get(row.id));
  });

  app.delete('/api/v1/subscriptions/:id', { config: admin, schema: { tags, params: Id } }, async (request) => {
    if (!(await deleteSubscription(db, request.params.id))) throw new AppError('NOT_FOUND', { message: 'No such subscription' });
    return { id: request.params.id, removed: true };
  });

  for (const [verb, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(`/api/v1/subscriptions/:id/${verb}`, { config: admin, schema: { tags, params: Id, response: { 200: SubscriptionSchema } } }, async (request) => {
      if (!(await setSubscriptionStatus(db, request.params.id, status, 'operator', deps.now().toISOString())))
        throw new AppError('NOT_FOUND', { message: 'No such subscription' });
      if (status === 'active') deps.deliveries.wake();
      const row = await found(request.params.id);
      return presentSubscription(row, (await deliveryCounts(db)).get(row.id));
    });
  }

  app.post(
    '/api/v1/subscriptions/:id/rotate-secret',
    {
      config: admin,
      schema: {
        tags,
        summary: 'A new secret, shown once; the old one also signs for ONEC_SYNC_ROTATION_OVERLAP',
        params: Id,
        response: { 200: Type.Object({ id: Type.String(), secret: Type.String() }) },
      },
    },
    async (request) => {
      const secret = await rotateSecret(db, request.params.id, deps.rotationOverlapSeconds, deps.now());
      if (!secret) throw new AppError('NOT_FOUND', { message: 'No such subscription' });
      return { id: request.params.id, secret };
    },
  );

  app.post(
    '/api/v1/subscriptions/:id/test',
    { config: admin, schema: { tags, summary: 'Send a signed test message now and report the answer', params: Id, response: { 200: TestResultSchema } } },
    async (request) => {
      const result = await testSend(db, deps.deliveries.client, request.params.id, deps.now());
      if (!result) throw new AppError('NOT_FOUND', { message: 'No such subscription' });
      return result;
    },
  );

  app.get(
    '/api/v1/subscriptions/:id/deliveries',
    {
      schema: {
        tags,
        params: Id,
        querystring: Type.Object({
          status: Type.Optional(literalUnion(DELIVERY_STATUSES)),
          before: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(DeliverySchema) }) },
      },
    },
    async (request) => {
      await found(request.params.id);
      const now = deps.now().toISOString();
      const rows = await listDeliveries(db, {
        subscriptionId: request.params.id,
        status: request.query.status,
        beforeId: request.query.before,
        limit: request.query.limit ?? 50,
      });
      return {
        items: rows.map((d) => ({
          id: d.id,
          changeId: d.change_id,
          kind: d.kind,
          action: d.action,
          objectId: d.object_id,
          version: d.object_version,
          status: d.status,
          attempts: d.attempts,
          nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
          lastHttpStatus: d.last_http_status,
          lastError: d.last_error,
          createdAt: d.created_at,
          finishedAt: d.finished_at,
          inFlight: d.status === 'pending' && d.lease_expires_at !== null && d.lease_expires_at > now,
        })),
      };
    },
  );

  app.get(
    '/api/v1/subscriptions/:id/attempts',
    {
      schema: {
        tags,
        params: Id,
        querystring: Type.Object({ deliveryId: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
        response: { 200: Type.Object({ items: Type.Array(AttemptSchema) }) },
      },
    },
    async (request) => {
      await found(request.params.id);
      const rows = await listAttempts(db, { subscriptionId: request.params.id, deliveryId: request.query.deliveryId, limit: request.query.limit ?? 50 });
      return {
        items: rows.map((a) => ({
          id: a.id,
          deliveryId: a.delivery_id,
          attemptedAt: a.attempted_at,
          worker: a.worker,
          url: a.url,
          httpStatus: a.http_status,
          latencyMs: a.latency_ms,
          outcome: a.outcome,
          error: a.error,
          responseSnippet: a.response_snippet,
        })),
      };
    },
  );

  app.post(
    '/api/v1/subscriptions/:id/redeliver',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Queue one finished delivery again (body {"deliveryId"}), or every dead-lettered one (empty body)',
        params: Id,
        body: Type.Optional(Type.Object({ deliveryId: Type.Optional(Type.String()) })),
        response: { 200: Type.Object({ queued: Type.Integer() }) },
      },
    },
    async (request) => {
      await found(request.params.id);
      const deliveryId = request.body?.deliveryId;
      const queued = await redeliver(db, { subscriptionId: request.params.id, deliveryId }, deps.now().toISOString());
      if (deliveryId && queued === 0) throw new AppError('NOT_FOUND', { message: 'No such finished delivery of this subscription' });
      deps.deliveries.wake();
      return { queued };
    },
  );
}
