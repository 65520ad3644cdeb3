import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. Each write batch finds its objects with
 * `source_id = $1 [and kind = $2] and identity = any($3)`. PostgreSQL's planner, before
 * the table has statistics (a new install in its first minutes — an initial backfill
 * of a year of documents), guesses one row per (source_id, kind) and runs the identity
 * list as a filter over the whole index range: every batch read every invoice of the
 * source (2 ms per batch at 3,900 rows, growing with the table). With identity leading
 * the unique index, the list is an index condition whatever the statistics say.
 * `ON CONFLICT (source_id, kind, identity)` infers a unique index by its set of columns,
 * in any order. SQLite's planner already seeks by all three columns: unchanged there.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table invoices drop constraint invoices_identity`.execute(db);
  await sql`create unique index invoices_identity on invoices (identity, source_id, kind)`.execute(db);
  await sql`alter table clients drop constraint clients_identity`.execute(db);
  await sql`create unique index clients_identity on clients (identity, source_id)`.execute(db);
}
