import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. The invoice lists without a kind filter (the dashboard's default: both
 * kinds, newest first or largest first, live or deleted) get indexes in their own order:
 * `(deleted, date, id)` and `(deleted, total_value, id)`. Before them every such page sorted
 * the whole table (19.5 s at a million invoices on SQLite; the same list with `kind=` 25 ms),
 * and a month without a kind read every row of the month.
 *
 * Like the kind lists' index since migration 012, each carries `search_text` (SQLite: a
 * trailing column; PostgreSQL: INCLUDE), so a search's walk of the list in its order
 * (src/storage/repositories/capped-search.ts) tests rows from the index alone. The kind list
 * by total gets the same: it is rebuilt with `search_text`.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const include = dialect === 'postgres' ? (table: string, keys: string) => sql.raw(`on ${table} (${keys}) include (search_text)`) : (table: string, keys: string) => sql.raw(`on ${table} (${keys}, search_text)`);
  await sql`create index invoices_all_by_date ${include('invoices', 'deleted, date, id')}`.execute(db);
  await sql`create index invoices_all_by_total ${include('invoices', 'deleted, total_value, id')}`.execute(db);
  await sql`drop index invoices_by_total`.execute(db);
  await sql`create index invoices_by_total ${include('invoices', 'kind, deleted, total_value, id')}`.execute(db);
}
