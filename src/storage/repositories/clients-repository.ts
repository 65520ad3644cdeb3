import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { ClientsTable, Database } from '../database-schema.js';
import type { ClientContent } from '../../domain/invoice.js';
import type { DialectSupport } from '../dialects/dialect-support.js';

export type ClientRow = Selectable<ClientsTable>;

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
}

/** Alphabetical by name, keyset-paginated on (name, id). */
export async function listClients(db: Kysely<Database>, support: DialectSupport, f: ClientFilter): Promise<ClientRow[]> {
  let q = whereClients(db.selectFrom('clients').selectAll(), support, f);
  if (f.after) {
    const { key, id } = f.after;
    // A row-value comparison seeks straight to the cursor in the (deleted, name, id) index.
    q = q.where(sql<boolean>`(name, id) > (${key}, ${id})`);
  }
  return q.orderBy('name', 'asc').orderBy('id', 'asc').limit(f.limit).execute();
}

/** The list's filters on any query of the clients table (the list, the export's count). */
export function whereClients<O>(
  q: SelectQueryBuilder<Database, 'clients', O>,
  support: DialectSupport,
  f: Omit<ClientFilter, 'after' | 'limit'>,
): SelectQueryBuilder<Database, 'clients', O> {
  q = q.where('deleted', '=', f.deleted ? 1 : 0);
  if (f.edrpou) q = q.where('edrpou', '=', f.edrpou);
  if (f.code) q = q.where('code', '=', f.code);
  if (f.sourceId) q = q.where('source_id', '=', f.sourceId);
  if (f.q) q = q.where(support.searchContains('clients', f.q.toLowerCase()));
  return q;
}

export async function countClients(db: Kysely<Database>, support: DialectSupport, f: Omit<ClientFilter, 'after' | 'limit'>): Promise<number> {
  const row = await whereClients(db.selectFrom('clients'), support, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
