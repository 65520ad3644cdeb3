import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { DeclaredContent, DeclaredRef, DeclaredValue } from '../../kinds/declared-content.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { type Database, everyColumn, OBJECT_COLUMNS, type ObjectsTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { DEFAULT_SEARCH_CAPS, type SearchCaps, searchList } from './capped-search.js';
import { bodyFrom, sharedBodyColumns } from './events-repository.js';

export type DeclaredObjectRow = Selectable<ObjectsTable>;

const isRef = (v: DeclaredValue | undefined): v is DeclaredRef => typeof v === 'object' && v !== null;

/** A value as search text: a reference by its presentation. */
function searchable(v: DeclaredValue | undefined): string | null {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  return isRef(v) ? v.presentation : v;
}

/**
 * A declared object's own columns, from its decoded content: each role's attribute in its
 * indexed column, the listed attributes as JSON, the searched ones lower-cased (a portable
 * case-insensitive search for Cyrillic, as for invoices).
 */
export function declaredColumns(kind: KindDefinition, c: DeclaredContent) {
  const role = (r: keyof KindDefinition['roles']) => {
    const a = kind.roles[r];
    return a ? c.attributes[a.name] : undefined;
  };
  const text = (v: DeclaredValue | undefined) => (typeof v === 'string' ? v : isRef(v) ? v.presentation : null);
  const counterparty = role('counterparty');
  const amount = role('amount');
  const posted = role('posted');
  const fields: Record<string, DeclaredValue> = {};
  for (const a of kind.list) fields[a.name] = c.attributes[a.name] ?? null;
  return {
    number: text(role('number')),
    date: typeof role('date') === 'string' ? (role('date') as string) : null,
    counterparty_uuid: isRef(counterparty) ? counterparty.uuid : null,
    counterparty_name: text(counterparty),
    amount: typeof amount === 'string' ? amount : null,
    amount_value: typeof amount === 'string' ? Number(amount) : null,
    code: text(role('code')),
    name: text(role('name')),
    posted: posted === undefined ? null : posted === true ? 1 : 0,
    fields: JSON.stringify(fields),
    deletion_mark: c.deletionMark ? 1 : 0,
    search_text: kind.search
      .map((a) => searchable(c.attributes[a.name]))
      .filter(Boolean)
      .join(' ')
      .toLowerCase(),
  };
}

export async function findDeclaredObject(db: Kysely<Database>, kind: string, id: string): Promise<DeclaredObjectRow | undefined> {
  return db.selectFrom('objects').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

/** The roles a list sorts by, and the column each is kept in. */
export const SORT_COLUMNS = { date: 'date', number: 'number', amount: 'amount_value', code: 'code', name: 'name' } as const;
export type SortRole = keyof typeof SORT_COLUMNS;

export interface DeclaredObjectFilter {
  kind: string;
  sort: SortRole;
  /** Newest / largest first; names and codes read A→Z. */
  descending: boolean;
  counterparty?: string;
  from?: string;
  to?: string;
  posted?: boolean;
  deleted?: boolean;
  q?: string;
  sourceId?: string;
  after?: { key: string | number | null; id: string };
  limit: number;
}

/** Rows of a date window that are sorted for a page in another order; a wider window walks that order's index. */
const WINDOW_SORT_ROWS = 5_000;

/** Every column of `objects` (migration 017): what a page's rows are read with. */
const DECLARED_OBJECT_COLUMNS = everyColumn<ObjectsTable>()([
  ...OBJECT_COLUMNS,
  'kind',
  'number',
  'date',
  'counterparty_uuid',
  'counterparty_name',
  'amount',
  'amount_value',
  'code',
  'name',
  'posted',
  'fields',
]);

/**
 * A page of one kind's objects, a walk of the index of its sort role (migration 017):
 * rows with a key in the index's order, then those without one by id — the keyset of the
 * invoice lists, in either direction. A filter the sort's index does not lead with
 * (a source, posted with another sort) only narrows the walk. A substring (`q`) is the
 * invoice lists' bounded search (capped-search.ts): the walk tests at most `scanRows` rows
 * of the list's index, then the trigram index gives the rarer term's matches — testing every
 * row for a term few hold cost seconds at a million sales.
 */
export async function listDeclaredObjects(
  db: Kysely<Database>,
  support: DialectSupport,
  f: DeclaredObjectFilter,
  caps: SearchCaps = DEFAULT_SEARCH_CAPS,
  windowSortRows = WINDOW_SORT_ROWS,
): Promise<DeclaredObjectRow[]> {
  const column = SORT_COLUMNS[f.sort];
  // biome-ignore lint/suspicious/noExplicitAny: the same filters serve the walk and the trigram index's join, which Kysely types as any.
  const filters = <Q extends SelectQueryBuilder<any, any, any>>(q: Q, dateFilterOnly = false): Q => declaredFilters(q, support, f, dateFilterOnly);
  const dir = f.descending ? 'desc' : 'asc';
  if (f.q) {
    const page = await searchList<DeclaredObjectRow>(db, support, {
      filters,
      columns: DECLARED_OBJECT_COLUMNS,
      order: { table: 'objects', column, direction: dir },
      text: f.q.toLowerCase(),
      ...(f.after ? { after: f.after } : {}),
      limit: f.limit,
      caps,
      walkable: true,
    });
    return page.rows;
  }
  // A date window under another order: the planner reads the window's rows by the date
  // index and sorts them all, which grows with the window (a month of a million sales is
  // 28,000 rows). A window of more than WINDOW_SORT_ROWS rows walks the order's own index
  // instead, the window a filter: about limit × rows / window rows are read then, fewer.
  let wideWindow = false;
  if ((f.from || f.to) && column !== 'date') {
    const window = filters(db.selectFrom('objects').select(sql<number>`1`.as('one'))).limit(windowSortRows + 1);
    const counted = await db
      .selectFrom(window.as('w'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    wideWindow = Number(counted?.n ?? 0) > windowSortRows;
  }
  const q = filters(db.selectFrom('objects').selectAll(), wideWindow);
  const before = f.descending ? '<' : '>';
  let rows: DeclaredObjectRow[] = [];
  const key = f.after?.key ?? null;
  if (!f.after || key !== null) {
    let keyed = q.where(column, 'is not', null);
    if (f.after && key !== null) keyed = keyed.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(before)} (${key}, ${f.after.id})`);
    rows = await keyed.orderBy(column, dir).orderBy('id', dir).limit(f.limit).execute();
  }
  if (rows.length >= f.limit) return rows;
  let unkeyed = q.where(column, 'is', null);
  if (f.after && key === null) unkeyed = unkeyed.where('id', before, f.after.id);
  return [
    ...rows,
    ...(await unkeyed
      .orderBy('id', dir)
      .limit(f.limit - rows.length)
      .execute()),
  ];
}

/**
 * The list's filters (everything but `q`, its order and its page) on a query of `objects`:
 * one definition for the list's walk, the trigram index's join and the export's count.
 * `dateFilterOnly` keeps the planner off the date index when another order's index is walked.
 */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for a helper that refines any select of this table.
function declaredFilters<Q extends SelectQueryBuilder<any, any, any>>(q: Q, support: DialectSupport, f: DeclaredObjectWhere, dateFilterOnly = false): Q {
  let out = q.where('objects.kind', '=', f.kind).where('objects.deleted', '=', f.deleted ? 1 : 0);
  if (f.counterparty !== undefined) out = out.where('objects.counterparty_uuid', '=', f.counterparty.toLowerCase());
  const date = dateFilterOnly ? support.filterOnly('objects.date') : sql.ref('objects.date');
  if (f.from) out = out.where(({ eb }) => eb(date, '>=', f.from));
  if (f.to) out = out.where(({ eb }) => eb(date, '<=', f.to!.length === 10 ? `${f.to}T23:59:59` : f.to));
  if (f.posted !== undefined) out = out.where('objects.posted', '=', f.posted ? 1 : 0);
  if (f.sourceId) out = out.where('objects.source_id', '=', f.sourceId);
  return out as Q;
}

export type DeclaredObjectWhere = Omit<DeclaredObjectFilter, 'sort' | 'descending' | 'after' | 'limit'>;

/**
 * How many objects of a kind match the list's filters, `q` as a test of each row
 * (exhaustive, as the export's pages are): one aggregate over the list's own conditions.
 */
export async function countDeclaredObjects(db: Kysely<Database>, support: DialectSupport, f: DeclaredObjectWhere): Promise<number> {
  let q = declaredFilters(
    db.selectFrom('objects').select((eb) => eb.fn.countAll().as('n')),
    support,
    f,
  );
  if (f.q) q = q.where(support.scanContains('objects.search_text', f.q.toLowerCase()));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The bytes of each object's current version (its journal entry), for the whole page in one query. */
export async function findCurrentObjectBodies(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, { endpoint: string; body: Buffer | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('objects as o')
    .innerJoin('events as e', 'e.id', 'o.current_event_id')
    .leftJoin('events as shared', 'shared.id', 'e.body_event_id')
    .select(['o.id', 'e.endpoint', ...sharedBodyColumns()])
    .where('o.id', 'in', ids)
    .execute();
  // Through the journal's one read path: it follows the shared body and inflates a compressed one.
  return new Map(rows.map((r) => [r.id, { endpoint: r.endpoint, body: bodyFrom(r) }]));
}

/** The sort key of a row, as a cursor carries it. */
export function sortKeyOf(row: DeclaredObjectRow, sort: SortRole): string | number | null {
  return row[SORT_COLUMNS[sort]];
}

/**
 * Which referenced objects are here: `kind` + GUID → id, in the referencing object's source
 * (one 1C base's references point into that base). Declared kinds live in `objects`, the
 * classic ones in their tables; one query per kind, through the identity index.
 */
export async function resolveReferences(
  db: Kysely<Database>,
  sourceId: string,
  refs: readonly { kind: string; uuid: string; store: 'objects' | 'invoices' | 'clients' }[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const byKind = new Map<string, { store: string; uuids: string[] }>();
  for (const r of refs) {
    const entry = byKind.get(r.kind) ?? { store: r.store, uuids: [] };
    entry.uuids.push(r.uuid);
    byKind.set(r.kind, entry);
  }
  for (const [kind, { store, uuids }] of byKind) {
    const identities = uuids.map((u) => `uuid:${u}`);
    const rows =
      store === 'clients'
        ? await db.selectFrom('clients').select(['id', 'uuid']).where('identity', 'in', identities).where('source_id', '=', sourceId).execute()
        : store === 'invoices' && (kind === 'incoming' || kind === 'outgoing')
          ? await db
              .selectFrom('invoices')
              .select(['id', 'uuid'])
              .where('identity', 'in', identities)
              .where('source_id', '=', sourceId)
              .where('kind', '=', kind)
              .execute()
          : await db
              .selectFrom('objects')
              .select(['id', 'uuid'])
              .where('identity', 'in', identities)
              .where('source_id', '=', sourceId)
              .where('kind', '=', kind)
              .execute();
    for (const r of rows) if (r.uuid) found.set(`${kind}\u0000${r.uuid}`, r.id);
  }
  return found;
}
