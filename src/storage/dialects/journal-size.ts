import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectSupport } from './dialect-support.js';

export interface JournalSize {
  /** Journal entries, approximately (see below). */
  rows: number;
  /** Bytes the journal occupies, approximately (see below). */
  bytes: number;
}

/**
 * The journal's size for the metrics, from what each database keeps anyway — never a
 * `count(*)`, which reads the whole table, on
 * every scrape.
 *
 * - PostgreSQL: `pg_stat_user_tables.n_live_tup`, the live-row count the statistics system
 *   maintains from every commit (a backend reports it shortly after); `pg_total_relation_size`, the table with its TOAST (the
 *   bodies) and indexes — both read from catalogues and file sizes.
 * - SQLite: `max(rowid) − min(rowid) + 1`, two seeks of the table's b-tree. Entries are only
 *   ever appended, and pruning removes the oldest, so the span is the count; a hole left by
 *   deleting a middle entry makes it an overestimate. Bytes are the database's used pages
 *   (`page_count − freelist_count`) × `page_size`: the journal holds every body received, so
 *   it is nearly all of an onec-sync database; SQLite can tell one table's bytes only by
 *   reading all of its pages (`dbstat`).
 */
export async function journalSize(db: Kysely<Database>, support: DialectSupport): Promise<JournalSize> {
  if (support.name === 'postgres') {
    const { rows } = await sql<{ rows: string | number | null; bytes: string | number | null }>`
      select (select n_live_tup from pg_stat_user_tables where relid = 'events'::regclass) as rows,
             pg_total_relation_size('events'::regclass) as bytes`.execute(db);
    return { rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
  }
  // Two subqueries: SQLite answers a lone min() or max() with one seek, both in one SELECT with a scan.
  const span = await sql<{
    first: number | null;
    last: number | null;
  }>`select (select min(rowid) from events) as first, (select max(rowid) from events) as last`.execute(db);
  const pages = await sql<{ used: number; size: number }>`
    select (select page_count from pragma_page_count()) - (select freelist_count from pragma_freelist_count()) as used,
           (select page_size from pragma_page_size()) as size`.execute(db);
  const { first, last } = span.rows[0] ?? { first: null, last: null };
  const used = pages.rows[0];
  return { rows: first === null || last === null ? 0 : last - first + 1, bytes: used ? used.used * used.size : 0 };
}
