import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EventSchema, EventSummarySchema, ListOf } from '../../api/api-schemas.js';
import { literalUnion } from '../../api/literal-union.js';
import { presentEvent, presentEventSummary } from '../../api/presenters/event-presenter.js';
import { EVENT_STATUSES } from '../../domain/event-outcomes.js';
import { AppError } from '../../errors/app-error.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { Reads } from '../../storage/reads/reads.js';
import { findEvent } from '../../storage/repositories/events-repository.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

export const EventQuery = Type.Object({
  status: Type.Optional(literalUnion(EVENT_STATUSES)),
  endpoint: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  objectId: Type.Optional(Type.String()),
  receivedBefore: Type.Optional(Type.String({ format: 'date-time', description: 'Only events received before this instant' })),
  receivedAfter: Type.Optional(Type.String({ format: 'date-time', description: 'Only events received at or after this instant' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String()),
});

const isIdCursor = (v: unknown): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';

export async function eventRoutes(scope: FastifyInstance, deps: { storage: StorageHandle; reads: Reads }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const tags = ['events'];

  app.get('/api/v1/events', { schema: { tags, querystring: EventQuery, response: { 200: ListOf(EventSummarySchema) } } }, async (request) => {
    const q = request.query;
    // RFC 3339 allows a leap second (23:59:60), which the format check passes and
    // JavaScript's Date cannot hold: refused here, as any other instant it cannot read.
    for (const name of ['receivedBefore', 'receivedAfter'] as const) {
      const value = q[name];
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw new AppError('INVALID_QUERY', { message: `${name} is not an instant this service can read: "${value}"`, path: `querystring.${name}` });
    }
    const limit = q.limit ?? 50;
    const rows = await deps.reads.run(
      'listEvents',
      {
        status: q.status,
        endpoint: q.endpoint,
        sourceId: q.source,
        objectId: q.objectId,
        receivedBefore: q.receivedBefore,
        receivedAfter: q.receivedAfter,
        limit: limit + 1,
        beforeId: decodeCursor(q.cursor, isIdCursor)?.id,
      },
      request.signal,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(presentEventSummary), nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
  });

  app.get('/api/v1/events/:id', { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: EventSchema } } }, async (request) => {
    const { id } = request.params;
    const row = await findEvent(db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: `No event ${id}` });
    return presentEvent(row);
  });

  app.get(
    '/api/v1/events/:id/body',
    {
      schema: {
        tags,
        summary: 'The raw bytes of a journaled request, exactly as received (a download)',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const row = await findEvent(db, id);
      if (!row) throw new AppError('NOT_FOUND', { message: `No event ${id}` });
      if (!row.body && row.body_pruned_at)
        throw new AppError('NOT_FOUND', { message: `Event ${id} changed nothing and its body was pruned at ${row.body_pruned_at}` });
      if (!row.body || row.body.length < row.body_size)
        throw new AppError('NOT_FOUND', { message: `Event ${id} has no stored body: only ${row.body ? 'its first bytes were' : 'its size was'} kept` });
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="event-${id.replace(/[^0-9a-f-]/gi, '')}.json"`)
        .send(Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength));
    },
  );
}
