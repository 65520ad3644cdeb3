import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { InvoiceSchema, InvoiceSummarySchema, SearchListOf, VersionSchema } from '../../api/api-schemas.js';
import { presentInvoice, presentInvoiceSummary } from '../../api/presenters/invoice-presenter.js';
import { diffContent } from '../../domain/diff-content.js';
import type { InvoiceContent } from '../../domain/invoice-content.js';
import { AppError } from '../../errors/app-error.js';
import { decodeWebhook } from '../../ingest/decode-webhook.js';
import type { EndpointName } from '../../ingest/webhook-endpoints.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { Reads } from '../../storage/reads/reads.js';
import type { SearchCaps } from '../../storage/repositories/capped-search.js';
import { findEventBody } from '../../storage/repositories/events-repository.js';
import { findInvoice, type InvoiceFilter } from '../../storage/repositories/invoices-repository.js';
import { listVersionsWithBodies } from '../../storage/repositories/versions-repository.js';
import { decodeCursor, encodeCursor, isKeyCursor } from '../cursor.js';

const DATE_PARAM = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2})?$' });

export const InvoiceQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
  number: Type.Optional(Type.String()),
  edrpou: Type.Optional(Type.String()),
  counterpartyCode: Type.Optional(Type.String({ description: 'Код контрагента, exact (outgoing invoices carry it)' })),
  from: Type.Optional(DATE_PARAM),
  to: Type.Optional(DATE_PARAM),
  posted: Type.Optional(Type.Boolean()),
  deleted: Type.Optional(Type.Boolean()),
  warnings: Type.Optional(Type.Boolean({ description: 'Only invoices with warnings' })),
  q: Type.Optional(Type.String({ description: 'Substring of number, counterparty, ЄДРПОУ or code' })),
  source: Type.Optional(Type.String()),
  sort: Type.Optional(Type.Union([Type.Literal('date'), Type.Literal('total')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String()),
});

/** The content of an object as of one event: its body decoded again (bodies are stored once). */
export function contentFromBody(endpoint: string, body: Buffer | null): unknown {
  if (!body) return null;
  return decodeWebhook(endpoint as EndpointName, Buffer.isBuffer(body) ? body : Buffer.from(body), { stored: true }).content;
}

/** The list's filter from its query (the list, the export): one mapping of the query's names to the repository's. */
export function invoiceFilterOf(q: Omit<Static<typeof InvoiceQuery>, 'limit' | 'cursor'>): Omit<InvoiceFilter, 'after' | 'limit'> {
  return {
    kind: q.kind,
    number: q.number,
    edrpou: q.edrpou,
    counterpartyCode: q.counterpartyCode,
    from: q.from,
    to: q.to,
    posted: q.posted,
    deleted: q.deleted,
    withWarnings: q.warnings,
    q: q.q,
    sourceId: q.source,
    sort: q.sort ?? 'date',
  };
}

export async function invoiceRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; reads: Reads; timezone: string; search: SearchCaps },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const tags = ['invoices'];

  app.get('/api/v1/invoices', { schema: { tags, querystring: InvoiceQuery, response: { 200: SearchListOf(InvoiceSummarySchema) } } }, async (request) => {
    const q = request.query;
    const limit = q.limit ?? 50;
    const sort = q.sort ?? 'date';
    const { rows, truncated } = await deps.reads.run(
      'listInvoices',
      {
        ...invoiceFilterOf(q),
        limit: limit + 1,
        after: decodeCursor(q.cursor, isKeyCursor),
        searchCaps: deps.search,
      },
      request.signal,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => presentInvoiceSummary(r, deps.timezone)),
      nextCursor: rows.length > limit && last ? encodeCursor({ key: sort === 'date' ? last.date : last.total, id: last.id }) : null,
      truncated,
      matchLimit: deps.search.maxMatches,
    };
  });

  app.get('/api/v1/invoices/:id', { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: InvoiceSchema } } }, async (request) => {
    const { id } = request.params;
    const row = await findInvoice(db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: `No invoice ${id}` });
    const event = await findEventBody(db, row.current_event_id);
    const content = contentFromBody(event?.endpoint ?? '', event?.body ?? null) as InvoiceContent | null;
    return presentInvoice(row, content ?? { positions: [] }, deps.timezone);
  });

  app.get(
    '/api/v1/invoices/:id/versions',
    { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) } } },
    async (request) => {
      const { id } = request.params;
      if (!(await findInvoice(db, id))) throw new AppError('NOT_FOUND', { message: `No invoice ${id}` });
      return { items: await versionHistory(db, id) };
    },
  );
}

/** Each version with its content and the field changes since the one before. */
export async function versionHistory(db: StorageHandle['db'], objectId: string) {
  const rows = await listVersionsWithBodies(db, objectId);
  let previous: unknown = null;
  return rows.map((v) => {
    const content = contentFromBody(v.endpoint, v.body);
    const changes = previous === null ? [] : diffContent(previous, content);
    previous = content;
    return { version: v.version, eventId: v.event_id, createdAt: v.created_at, deleted: v.deleted === 1, contentHash: v.content_hash, content, changes };
  });
}
