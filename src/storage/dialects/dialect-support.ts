import type { Expression, Kysely, SqlBool } from 'kysely';
import type { Database, ObjectColumns } from '../database-schema.js';

/**
 * Everything SQLite- or PostgreSQL-specific lives behind this interface, one file per
 * dialect (style.md §6). The rest of the code does not ask which database it runs on.
 */
export interface DialectSupport {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of raw bodies. */
  readonly binaryType: 'blob' | 'bytea';
  /**
   * The rows of an object table whose `identity` is one of `identities` and whose other
   * columns equal `scope` (the source, the kind): a write batch's read. PostgreSQL locks
   * them until commit, in one order; SQLite's single writer needs no lock.
   */
  selectByIdentities<C extends keyof ObjectColumns>(
    db: Kysely<Database>,
    table: 'invoices' | 'clients',
    columns: readonly C[],
    scope: Record<string, string>,
    identities: string[],
  ): Promise<Pick<ObjectColumns, C>[]>;
  /** The database cannot be reached or written right now: answer 503, 1C retries. */
  isUnavailable(error: unknown): boolean;
  /** A concurrency conflict (deadlock, serialization failure): retry the transaction. */
  isConflict(error: unknown): boolean;
  /** `search_text` of `table` contains `text` (already lower-cased), through the trigram index (migration 005). */
  searchContains(table: 'invoices' | 'clients', text: string): Expression<SqlBool>;
  /**
   * Settings of the database that break "a 200 is answered only after its commit is on
   * disk", as warnings for the log and /readyz; empty when commits are durable.
   */
  durabilityWarnings(db: Kysely<Database>): Promise<string[]>;
}

export interface OpenedDialect {
  support: DialectSupport;
  db: Kysely<Database>;
}
