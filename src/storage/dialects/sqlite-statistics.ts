import SQLite from 'better-sqlite3';

/**
 * The SQLite planner's statistics, kept current as a database grows from nothing to
 * millions of rows (docs/decisions/ingest-cpu-and-growth.md).
 *
 * SQLite plans a statement when it is prepared, with the statistics its connection loaded,
 * and keeps that plan: FTS5 prepares its own statements once per connection and keeps them
 * for the connection's life. Statistics taken of a nearly empty table say "scanning is
 * cheapest": an FTS5 shadow table holds two rows when the index is created, and with the
 * statistic "2 rows" FTS5's `DELETE FROM …_data WHERE id>=? AND id<=?` (run by every segment
 * merge) is planned as a scan of the whole index instead of a rowid range — a writer that
 * grew its own database slowed tenfold and stayed slow, while a process started on the grown
 * file (which re-analysed at open) was fast. Without any statistic the planner assumes a
 * large table and searches by rowid; with the statistic of a table of some size it does too.
 *
 * So:
 * - statistics are gathered by a short-lived connection of their own (`refreshStatistics`),
 *   never by a connection that plans: the connection that runs ANALYZE keeps the row
 *   estimate it measured even after the statistic is deleted, and a new one does not;
 * - statistics of a table under `MIN_ANALYZED_ROWS` rows are deleted there before anyone
 *   loads them: no connection ever plans with a "tiny table" (the planner's defaults are
 *   right for it, and stay right as it grows);
 * - the writer refreshes them as the database grows (`StatisticsSchedule`, at each doubling
 *   of the rows it has committed): `PRAGMA optimize` re-analyses the tables that grew;
 * - a connection loads statistics only when it reads its schema: a read-write one reloads
 *   them with `ANALYZE sqlite_schema`, which also expires its prepared statements, so they
 *   (FTS5's own included) are planned again (sqlite.org/lang_analyze.html); a read-only one
 *   (a reader process) opens its connection again.
 */

import { MIN_ANALYZED_ROWS } from './statistics-schedule.js';

export { MIN_ANALYZED_ROWS };

/** What `refreshStatistics` did: whether the statistics the planner reads changed. */
export interface StatisticsRefresh {
  changed: boolean;
}

/** The statistics as stored: compared before and after a refresh. */
function signature(raw: SQLite.Database): string {
  const exists = raw.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat1'").get();
  if (!exists) return '';
  return (raw.prepare('select tbl, idx, stat from sqlite_stat1 order by tbl, idx').raw(true).all() as unknown[][]).map((r) => r.join('\u0001')).join('\u0002');
}

/**
 * Analyse what grew (`PRAGMA optimize`, each ANALYZE bounded by `analysis_limit`) on a
 * connection of its own to `file`, and delete the statistics of tables too small to plan
 * by. The connections that plan load the result with `reloadStatistics` (or by opening).
 * An in-memory database has no second connection: nothing is done.
 */
export function refreshStatistics(file: string): StatisticsRefresh {
  if (file === ':memory:' || file === '') return { changed: false };
  const raw = new SQLite(file, { fileMustExist: true });
  try {
    raw.pragma('busy_timeout = 5000');
    const before = signature(raw);
    raw.pragma('analysis_limit = 1000');
    // 0x10000: every table, not only those this connection's statements used.
    raw.pragma('optimize = 0x10002');
    dropSmallTableStatistics(raw);
    return { changed: signature(raw) !== before };
  } finally {
    raw.close();
  }
}

/** Statistics of tables under MIN_ANALYZED_ROWS rows: deleted (stat1's first number is the rows of the table or index). */
function dropSmallTableStatistics(raw: SQLite.Database): void {
  if (signature(raw) === '') return;
  const rows = raw.prepare('select tbl, stat from sqlite_stat1').raw(true).all() as [string, string | null][];
  // A table's rows: the largest first number among its rows (a partial index counts only its own entries).
  const sizes = new Map<string, number>();
  for (const [tbl, stat] of rows) sizes.set(tbl, Math.max(sizes.get(tbl) ?? 0, Number.parseInt(stat ?? '0', 10) || 0));
  const small = [...sizes].filter(([, n]) => n < MIN_ANALYZED_ROWS).map(([tbl]) => tbl);
  if (small.length === 0) return;
  const hasStat4 = raw.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get() !== undefined;
  const drop = raw.transaction(() => {
    for (const tbl of small) {
      raw.prepare('delete from sqlite_stat1 where tbl = ?').run(tbl);
      if (hasStat4) raw.prepare('delete from sqlite_stat4 where tbl = ?').run(tbl);
    }
  });
  drop();
}

/** A read-write connection that does not analyse (the main one): load the statistics the writer stored. */
export function reloadStatistics(raw: SQLite.Database): void {
  raw.exec('analyze sqlite_schema');
}
