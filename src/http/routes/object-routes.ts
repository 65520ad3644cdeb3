import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { NullableText, VersionSchema } from '../../api/api-schemas.js';
import { declaredObjectSchema, declaredSummarySchema, ReferenceSchema } from '../../api/declared-schemas.js';
import { DeclaredPresenter } from '../../api/presenters/declared-presenter.js';
import { diffContent } from '../../domain/diff-content.js';
import { AppError } from '../../errors/app-error.js';
import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { DeclaredContent } from '../../kinds/declared-content.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { formatOneCType } from '../../kinds/one-c-type.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { Reads } from '../../storage/reads/reads.js';
import { findEventBody } from '../../storage/repositories/events-repository.js';
import {
  type DeclaredObjectFilter,
  type DeclaredObjectRow,
  findDeclaredObject,
  resolveReferences,
  type SortRole,
  sortKeyOf,
} from '../../storage/repositories/objects-repository.js';
import { listVersionsWithBodies } from '../../storage/repositories/versions-repository.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

const DATE_PARAM = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2})?$' });

/** Names and codes read A→Z; dates, numbers and amounts newest / largest first. */
const ASCENDING_ROLES: readonly SortRole[] = ['code', 'name'];

function isObjectCursor(value: unknown): value is { key: string | number | null; id: string } {
  const v = value as { key?: unknown; id?: unknown };
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && (typeof v.key === 'string' || typeof v.key === 'number' || v.key === null);
}

const Label = Type.Object({ uk: Type.String(), en: Type.String() });
const AttributeInfo = Type.Object({
  name: Type.String(),
  type: Type.String(),
  label: Label,
  reference: Type.Optional(Type.String({ description: 'The kind a reference points to' })),
});

/** What GET /api/v1/kinds says of each kind: enough for a client (the dashboard) to list and show it. */
export const KindInfoSchema = Type.Object(
  {
    kind: Type.String(),
    endpoint: Type.String(),
    webhookPath: Type.String(),
    object: Type.String({ description: 'The 1C metadata object: Документ.РеализацияТоваровУслуг' }),
    store: Type.String({
      description: '`objects`: read at /api/v1/objects/{kind}; `invoices`/`clients`: the classic kinds, at /api/v1/invoices and /api/v1/clients',
    }),
    countedAs: Type.String({ description: 'The key of its counts in GET /api/v1/stats' }),
    label: Label,
    attributes: Type.Array(AttributeInfo),
    sections: Type.Array(Type.Object({ name: Type.String(), label: Label, attributes: Type.Array(AttributeInfo) })),
    list: Type.Array(Type.String()),
    filter: Type.Array(Type.String({ description: 'A role: counterparty, date, posted' })),
    sort: Type.Array(Type.String({ description: 'A role: date, number, amount, code, name' })),
    search: Type.Array(Type.String()),
  },
  { $id: 'KindInfo' },
);

export function kindInfo(kind: KindDefinition, decoder: WebhookDecoder) {
  const attribute = (a: KindDefinition['attributes'][number]) => {
    const target = a.type.type === 'ref' && a.type.targets.length > 0 ? decoder.kinds.ofTarget(a.type.targets[0]!) : undefined;
    return { name: a.name, type: formatOneCType(a.type), label: a.label, ...(target ? { reference: target.kind } : {}) };
  };
  return {
    kind: kind.kind,
    endpoint: kind.endpoint,
    webhookPath: kind.webhookPath,
    object: `${kind.metaClass}.${kind.oneCName}`,
    store: kind.store,
    countedAs: kind.countedAs,
    label: kind.label,
    attributes: kind.attributes.map(attribute),
    sections: kind.sections.map((s) => ({ name: s.name, label: s.label, attributes: s.attributes.map(attribute) })),
    list: kind.list.map((a) => a.name),
    filter: kind.filter,
    sort: kind.sort,
    search: kind.search.map((a) => a.name),
  };
}

/** The roles a kind's list sorts by: its declared ones, or the date. */
const sortRoles = (kind: KindDefinition): SortRole[] => (kind.sort.length > 0 ? kind.sort : ['date']);

/** The query of a declared kind's list, from its declaration: the filters it declares, its sorts, a page. */
export function declaredListQuery(kind: KindDefinition) {
  const roles = sortRoles(kind);
  return Type.Object({
    sort: Type.Optional(Type.Union(roles.map((r) => Type.Literal(r)) as TSchema[], { description: `A role: ${roles.join(', ')}` })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    ...(kind.filter.includes('counterparty')
      ? { counterparty: Type.Optional(Type.String({ description: "The counterparty's УникальныйИдентификатор" })) }
      : {}),
    ...(kind.filter.includes('date') ? { from: Type.Optional(DATE_PARAM), to: Type.Optional(DATE_PARAM) } : {}),
    ...(kind.filter.includes('posted') ? { posted: Type.Optional(Type.Boolean()) } : {}),
    deleted: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ description: `Substring of ${kind.search.map((a) => a.name).join(', ') || 'nothing (no attribute is searched)'}` })),
    source: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String()),
  });
}

/** The list's filter and order from its query (the page aside). */
export function declaredFilterOf(kind: KindDefinition, q: Record<string, unknown>): Omit<DeclaredObjectFilter, 'after' | 'limit'> {
  const sort = (q.sort as SortRole | undefined) ?? sortRoles(kind)[0]!;
  return {
    kind: kind.kind,
    sort,
    descending: q.order === undefined ? !ASCENDING_ROLES.includes(sort) : q.order === 'desc',
    counterparty: q.counterparty as string | undefined,
    from: q.from as string | undefined,
    to: q.to as string | undefined,
    posted: q.posted as boolean | undefined,
    deleted: q.deleted as boolean | undefined,
    q: q.q as string | undefined,
    sourceId: q.source as string | undefined,
  };
}

export interface ObjectRouteDeps {
  storage: StorageHandle;
  reads: Reads;
  timezone: string;
  decoder: WebhookDecoder;
}

/**
 * The read API of every declared kind: `/api/v1/kinds` describes them; each kind kept in the
 * `objects` store gets its list, its object and its versions under `/api/v1/objects/<kind>`,
 * with schemas built from its declaration (so /openapi.json knows a sale's lines).
 */
export async function objectRoutes(scope: FastifyInstance, deps: ObjectRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const kinds = deps.decoder.kinds;
  const presenter = new DeclaredPresenter(kinds, deps.timezone);
  app.addSchema(ReferenceSchema);

  app.get('/api/v1/kinds', { schema: { tags: ['kinds'], response: { 200: Type.Object({ items: Type.Array(KindInfoSchema) }) } } }, async () => ({
    items: kinds.list.map((k) => kindInfo(k, deps.decoder)),
  }));

  /** Resolves the references of these values against what is stored (one query per referenced kind). */
  const resolved = async (sourceId: string, values: Record<string, unknown>[], sections?: DeclaredContent['sections'][]) => {
    const refs = presenter.references(values, sections).map((r) => ({ ...r, store: kinds.require(r.kind).store }));
    return refs.length === 0 ? new Map<string, string>() : resolveReferences(db, sourceId, refs);
  };

  const contentOf = async (eventId: string): Promise<DeclaredContent | null> => {
    const event = await findEventBody(db, eventId);
    if (!event?.body) return null;
    return deps.decoder.decode(event.endpoint, Buffer.from(event.body), { stored: true }).content as DeclaredContent;
  };

  for (const kind of kinds.declared) {
    const base = `/api/v1/objects/${kind.kind}`;
    const tags = [kind.kind];
    const Query = declaredListQuery(kind);
    const Summary = declaredSummarySchema(kind);
    const Full = declaredObjectSchema(kind);

    app.get(
      base,
      {
        schema: {
          tags,
          summary: `${kind.label.en}: ${kind.metaClass}.${kind.oneCName}`,
          querystring: Query,
          response: { 200: Type.Object({ items: Type.Array(Summary), nextCursor: NullableText() }) },
        },
      },
      async (request) => {
        const q = request.query as Record<string, unknown>;
        const limit = (q.limit as number | undefined) ?? 50;
        const filter = declaredFilterOf(kind, q);
        const rows: DeclaredObjectRow[] = await deps.reads.run(
          'listDeclaredObjects',
          { ...filter, after: decodeCursor(q.cursor as string | undefined, isObjectCursor), limit: limit + 1 },
          request.signal,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const bySource = new Map<string, Map<string, string>>();
        for (const sourceId of new Set(page.map((r) => r.source_id))) {
          const fields = page.filter((r) => r.source_id === sourceId).map((r) => JSON.parse(r.fields) as Record<string, unknown>);
          bySource.set(sourceId, await resolved(sourceId, fields));
        }
        return {
          items: page.map((r) => presenter.summary(kind, r, bySource.get(r.source_id))),
          nextCursor: rows.length > limit && last ? encodeCursor({ key: sortKeyOf(last, filter.sort), id: last.id }) : null,
        };
      },
    );

    app.get(`${base}/:id`, { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: Full } } }, async (request) => {
      const { id } = request.params;
      const row = await findDeclaredObject(db, kind.kind, id);
      if (!row) throw new AppError('NOT_FOUND', { message: `No ${kind.kind} ${id}` });
      const content = (await contentOf(row.current_event_id)) ?? { attributes: {}, sections: {}, deletionMark: row.deletion_mark === 1 };
      const refs = await resolved(row.source_id, [content.attributes], [content.sections]);
      return presenter.object(kind, row, content, refs);
    });

    app.get(
      `${base}/:id/versions`,
      { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) } } },
      async (request) => {
        const { id } = request.params;
        if (!(await findDeclaredObject(db, kind.kind, id))) throw new AppError('NOT_FOUND', { message: `No ${kind.kind} ${id}` });
        let previous: unknown = null;
        return {
          items: (await listVersionsWithBodies(db, id)).map((v) => {
            const content = v.body ? deps.decoder.decode(v.endpoint, Buffer.from(v.body), { stored: true }).content : null;
            const changes = previous === null ? [] : diffContent(previous, content);
            previous = content;
            return {
              version: v.version,
              eventId: v.event_id,
              createdAt: v.created_at,
              deleted: v.deleted === 1,
              contentHash: v.content_hash,
              content,
              changes,
            };
          }),
        };
      },
    );
  }
}
