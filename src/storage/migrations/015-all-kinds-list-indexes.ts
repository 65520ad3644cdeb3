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
 *
 * PostgreSQL: the trigram indexes of migration 005, wherever they are missing. 005 named the
 * operator class `gin_trgm_ops` unqualified, so it resolved only when pg_trgm lived in the
 * schema the service runs in; an extension is one per database, and where it was already
 * installed in another schema (an `extensions` schema, or another schema of the same
 * database) the index silently was not made and every search read the whole table (0.2–0.5 s
 * at 400,000 invoices). Here the operator class is named in the extension's own schema. When
 * pg_trgm is not installed yet it goes to `public` if we may create there (dropping the
 * service's schema with CASCADE then keeps it: a dropped extension takes every trigram index
 * of every schema with it), else to the service's schema. Without it search stays a scan.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const include = dialect === 'postgres' ? (table: string, keys: string) => sql.raw(`on ${table} (${keys}) include (search_text)`) : (table: string, keys: string) => sql.raw(`on ${table} (${keys}, search_text)`);
  await sql`create index invoices_all_by_date ${include('invoices', 'deleted, date, id')}`.execute(db);
  await sql`create index invoices_all_by_total ${include('invoices', 'deleted, total_value, id')}`.execute(db);
  await sql`drop index invoices_by_total`.execute(db);
  await sql`create index invoices_by_total ${include('invoices', 'kind, deleted, total_value, id')}`.execute(db);
  if (dialect === 'postgres') await trigramIndexes(db);
}

async function trigramIndexes(db: Kysely<any>): Promise<void> {
  const installed = async () => (await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db)).rows[0]?.schema;
  let schema = await installed();
  // Each attempt in a savepoint: a refusal (no right to create the extension, or to create in
  // public) must not abort the migration's transaction.
  const attempt = async (statement: ReturnType<typeof sql>) => {
    await sql`savepoint trigram`.execute(db);
    try {
      await statement.execute(db);
      await sql`release savepoint trigram`.execute(db);
    } catch {
      await sql`rollback to savepoint trigram`.execute(db);
    }
  };
  if (!schema) {
    await attempt(sql`create extension if not exists pg_trgm schema public`);
    if (!(await installed())) await attempt(sql`create extension if not exists pg_trgm`);
    schema = await installed();
  }
  if (!schema) return;
  const ops = sql.raw(`${schema}.gin_trgm_ops`);
  await attempt(sql`create index if not exists invoices_search_trgm on invoices using gin (search_text ${ops})`);
  await attempt(sql`create index if not exists clients_search_trgm on clients using gin (search_text ${ops})`);
}
