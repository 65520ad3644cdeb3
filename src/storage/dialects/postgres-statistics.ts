import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * PostgreSQL's planner statistics as the service's own tables grow from nothing. Autovacuum
 * analyses a table once its changes pass `autovacuum_analyze_threshold` + a tenth of its
 * rows, a minute apart at most — and not at all where an operator turned autovacuum off
 * (the test server here runs so). A never-analysed table is planned by its physical size
 * and default selectivities. So the writer analyses the tables the write path grows at
 * each doubling of the rows it committed (`StatisticsSchedule`), on a pooled connection
 * beside the writes: ANALYZE takes a lock that does not block them. Each statement is
 * planned afresh: Kysely's driver sends unnamed statements, never a cached generic plan.
 */
export const GROWING_TABLES = ['invoices', 'clients', 'events', 'versions', 'deliveries', 'changes', 'object_counts', 'event_counts'] as const;

export async function analyzeGrowingTables(db: Kysely<Database>): Promise<void> {
  // Unqualified: the names resolve in the service's schema (search_path), never another's.
  await sql.raw(`analyze ${GROWING_TABLES.join(', ')}`).execute(db);
}
