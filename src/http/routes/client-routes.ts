import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ClientSchema, SearchListOf, VersionSchema } from '../../api/api-schemas.js';
import { presentClient } from '../../api/presenters/client-presenter.js';
import { AppError } from '../../errors/app-error.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { Reads } from '../../storage/reads/reads.js';
import type { SearchCaps } from '../../storage/repositories/capped-search.js';
import { findClient } from '../../storage/repositories/clients-repository.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { versionHistory } from './invoice-routes.js';

export const ClientQuery = Type.Object({
  edrpou: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  q: Type.Optional(Type.String()),
  deleted: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String()),
});

const isNameCursor = (v: unknown): v is { key: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string' && typeof (v as { id?: unknown }).id === 'string';

export async function clientRoutes(scope: FastifyInstance, deps: { storage: StorageHandle; reads: Reads; search: SearchCaps }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const tags = ['clients'];

  app.get('/api/v1/clients', { schema: { tags, querystring: ClientQuery, response: { 200: SearchListOf(ClientSchema) } } }, async (request) => {
    const q = request.query;
    const limit = q.limit ?? 50;
    const { rows, truncated } = await deps.reads.run(
      'listClients',
      {
        edrpou: q.edrpou,
        code: q.code,
        q: q.q,
        deleted: q.deleted,
        sourceId: q.source,
        limit: limit + 1,
        after: decodeCursor(q.cursor, isNameCursor),
        searchCaps: deps.search,
      },
      request.signal,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(presentClient),
      nextCursor: rows.length > limit && last ? encodeCursor({ key: last.name, id: last.id }) : null,
      truncated,
      matchLimit: deps.search.maxMatches,
    };
  });

  app.get('/api/v1/clients/:id', { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: ClientSchema } } }, async (request) => {
    const { id } = request.params;
    const row = await findClient(db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: `No client ${id}` });
    return presentClient(row);
  });

  app.get(
    '/api/v1/clients/:id/versions',
    { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) } } },
    async (request) => {
      const { id } = request.params;
      if (!(await findClient(db, id))) throw new AppError('NOT_FOUND', { message: `No client ${id}` });
      return { items: await versionHistory(db, id) };
    },
  );
}
