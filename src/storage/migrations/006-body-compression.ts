import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. PostgreSQL compresses a value over ~2 KB before storing it (TOAST), by
 * default with pglz. A 6 KB 1C invoice body cost ~100–150 µs of pglz per row and ~35–45
 * µs with LZ4, for a similar size (13 MB vs 16 MB per 10,000 bodies; measured with psql on
 * the 2-core machine, docs/decisions/write-path.md, "Batched writes"). LZ4 needs PostgreSQL 14+
 * built with it; elsewhere the column keeps pglz. Rows already stored keep theirs.
 * SQLite stores bodies as they are.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`savepoint body_compression`.execute(db);
  try {
    await sql`alter table events alter column body set compression lz4`.execute(db);
    await sql`release savepoint body_compression`.execute(db);
  } catch {
    await sql`rollback to savepoint body_compression`.execute(db);
  }
}
