import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * PostgreSQL's planner statistics as the service's own tables grow from nothing. Autovacuum
 * analyses a table once its changes pass `autovacuum_analyze_threshold` + a tenth of its
 * rows, a minute apart at most — and not at all where an operator turned autovacuum off
 * (the test server here runs so). A never-analysed table is planned by its physical size
 * and default selectivities. So the writer analyses the tables the write path grows at
 * each doubling of the journal (`StatisticsSchedule`, from `analysedJournalRows`), on a pooled connection
 * beside the writes: ANALYZE takes a lock that does not block them. The write path's named
 * statements (postgres-dialect.ts) are planned again after it: PostgreSQL re-plans a prepared
 * statement whose tables' planner statistics changed since its last use
 * (postgresql.org/docs/current/sql-prepare.html, "Notes").
 */
export const GROWING_TABLES = ['invoices', 'clients', 'events', 'versions', 'deliveries', 'changes', 'object_counts', 'event_counts'] as const;

/**
 * The journal's rows as of its last analysis (0 when it was never analysed, or cannot be
 * read): where a writer's doublings start. Every request the writer commits adds a journal
 * row, so its schedule counts journal rows; a process opened on a grown database counts on
 * from what the statistics already describe. Starting from nothing instead, a restart on a
 * grown database analysed every growing table at its first 1,000, 2,000, 4,000… rows — each
 * ANALYZE samples up to 30,000 rows of each table and sorts every column's values, 1.6 s of
 * PostgreSQL's CPU at 53,000 rows — to describe tables that had barely changed: measured, a
 * steady load there spent 38 % of PostgreSQL's CPU in them.
 */
export async function analysedJournalRows(db: Kysely<Database>): Promise<number> {
  try {
    // reltuples is -1 for a table never vacuumed or analysed (PostgreSQL 14 and later).
    const { rows } = await sql<{ rows: number | null }>`select reltuples::float8 as rows from pg_class where oid = to_regclass('events')`.execute(db);
    return Math.max(0, Math.floor(Number(rows[0]?.rows ?? 0)));
  } catch {
    // Statistics are an optimisation: counting from nothing only analyses sooner.
    return 0;
  }
}

export async function analyzeGrowingTables(db: Kysely<Database>): Promise<void> {
  // Unqualified: the names resolve in the service's schema (search_path), never another's.
  await sql.raw(`analyze ${GROWING_TABLES.join(', ')}`).execute(db);
}
