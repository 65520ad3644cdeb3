import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { ClientContent } from '../../domain/client-content.js';
import { type ClientsTable, type Database, everyColumn, OBJECT_COLUMNS } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { DEFAULT_SEARCH_CAPS, type SearchCaps, searchList } from './capped-search.js';

export type ClientRow = Selectable<ClientsTable>;

/** Every column of a client row, for a search's explicit select list. */
const CLIENT_COLUMNS = everyColumn<ClientsTable>()([
  ...OBJECT_COLUMNS,
  'code',
  'name',
  'full_name',
  'edrpou',
  'tax_id',
  'phone',
  'email',
  'address',
  'comment',
]);

/** A client's own columns, from its decoded content (the bookkeeping ones are common to every object). */
export function clientColumns(c: ClientContent) {
  return {
    code: c.code,
    name: c.name,
    full_name: c.fullName,
    edrpou: c.edrpou,
    tax_id: c.taxId,
    phone: c.phone,
    email: c.email,
    address: c.address,
    comment: c.comment,
    deletion_mark: c.deletionMark ? 1 : 0,
    search_text: [c.name, c.fullName, c.code, c.edrpou, c.taxId].filter(Boolean).join(' ').toLowerCase(),
  };
}

export async function findClient(db: Kysely<Database>, id: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ClientFilter {
  edrpou?: string;
  code?: string;
  q?: string;
  deleted?: boolean;
  sourceId?: string;
  after?: { key: string; id: string };
  limit: number;
  /** Bounds of a search's work (`q`); DEFAULT_SEARCH_CAPS when absent. */
  searchCaps?: SearchCaps;
  /** Every match of `q`, never a truncated page (an export): the keyset walk with a test of each row. */
  exhaustive?: boolean;
}

export interface ClientPage {
  rows: ClientRow[];
  /** A search (`q`) matched too many rows to sort them all: the page may miss some. */
  truncated: boolean;
}

/** Alphabetical by name, keyset-paginated on (name, id); a search (`q`) is bounded work (capped-search.ts). */
export async function listClients(db: Kysely<Database>, support: DialectSupport, f: ClientFilter): Promise<ClientPage> {
  if (f.q && !f.exhaustive) {
    return searchList<ClientRow>(db, support, {
      filters: (q) => clientFilters(q, f),
      columns: CLIENT_COLUMNS.map((c) => `clients.${c}`),
      order: { table: 'clients', column: 'name', direction: 'asc' },
      text: f.q.toLowerCase(),
      after: f.after,
      limit: f.limit,
      caps: f.searchCaps ?? DEFAULT_SEARCH_CAPS,
      walkable: true,
    });
  }
  let q = whereClients(db.selectFrom('clients').selectAll(), support, f);
  if (f.after) {
    const { key, id } = f.after;
    // A row-value comparison seeks straight to the cursor in the (deleted, name, id) index.
    q = q.where(sql<boolean>`(name, id) > (${key}, ${id})`);
  }
  return { rows: await q.orderBy('name', 'asc').orderBy('id', 'asc').limit(f.limit).execute(), truncated: false };
}

/** Every filter but `q` and the cursor. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for a helper that refines any select of this table.
function clientFilters<QB extends SelectQueryBuilder<any, any, any>>(q: QB, f: Omit<ClientFilter, 'after' | 'limit'>): QB {
  q = q.where('clients.deleted', '=', f.deleted ? 1 : 0) as QB;
  if (f.edrpou) q = q.where('clients.edrpou', '=', f.edrpou) as QB;
  if (f.code) q = q.where('clients.code', '=', f.code) as QB;
  if (f.sourceId) q = q.where('clients.source_id', '=', f.sourceId) as QB;
  return q;
}

/** The list's filters, `q` as a test of each row (exhaustive): the export's count and pages. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for a helper that refines any select of this table.
export function whereClients<QB extends SelectQueryBuilder<any, any, any>>(q: QB, support: DialectSupport, f: Omit<ClientFilter, 'after' | 'limit'>): QB {
  q = clientFilters(q, f);
  return f.q ? (q.where(support.scanContains('clients.search_text', f.q.toLowerCase())) as QB) : q;
}

export async function countClients(db: Kysely<Database>, support: DialectSupport, f: Omit<ClientFilter, 'after' | 'limit'>): Promise<number> {
  const row = await whereClients(db.selectFrom('clients'), support, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
