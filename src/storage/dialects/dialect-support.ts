import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Everything SQLite- or PostgreSQL-specific lives behind this interface, one file per
 * dialect (style.md §6). The rest of the code does not ask which database it runs on.
 */
export interface DialectSupport {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of raw bodies. */
  readonly binaryType: 'blob' | 'bytea';
  /** Lock the selected row until commit (PostgreSQL); SQLite's single writer needs none. */
  forUpdate<O>(query: SelectQueryBuilder<Database, any, O>): SelectQueryBuilder<Database, any, O>;
  /** The database cannot be reached or written right now: answer 503, 1C retries. */
  isUnavailable(error: unknown): boolean;
  /** A concurrency conflict (deadlock, serialization failure): retry the transaction. */
  isConflict(error: unknown): boolean;
  /** `search_text` of `table` contains `text` (already lower-cased), through the trigram index (migration 005). */
  searchContains(table: 'invoices' | 'clients', text: string): Expression<SqlBool>;
}

export interface OpenedDialect {
  support: DialectSupport;
  db: Kysely<Database>;
}
