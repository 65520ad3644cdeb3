import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Database, ObjectColumns } from '../database-schema.js';
import type { StorageFault } from './storage-fault.js';

/**
 * Everything SQLite- or PostgreSQL-specific lives behind this interface, one file per
 * dialect, in one place. The rest of the code does not ask which database it runs on.
 */
export interface DialectSupport {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of raw bodies. */
  readonly binaryType: 'blob' | 'bytea';
  /**
   * The writer compresses raw bodies itself (storage/body-codec.ts): SQLite stores a BLOB as
   * it is given; PostgreSQL already compresses it (TOAST with LZ4, migration 006).
   */
  readonly compressesBodies: boolean;
  /**
   * The rows of an object table whose `identity` is one of `identities` and whose other
   * columns equal `scope` (the source, the kind): a write batch's read. PostgreSQL locks
   * them until commit, in one order; SQLite's single writer needs no lock.
   */
  selectByIdentities<C extends keyof ObjectColumns>(
    db: Kysely<Database>,
    table: 'invoices' | 'clients' | 'objects',
    columns: readonly C[],
    scope: Record<string, string>,
    identities: string[],
  ): Promise<Pick<ObjectColumns, C>[]>;
  /** The database cannot be reached or written right now: answer 503, 1C retries. */
  isUnavailable(error: unknown): boolean;
  /** Of those, a full disk or a read-only file (storage-fault.ts): answered with codes of their own. */
  storageFault(error: unknown): StorageFault | undefined;
  /** A concurrency conflict (deadlock, serialization failure): retry the transaction. */
  isConflict(error: unknown): boolean;
  /**
   * The rows of `table` whose `search_text` contains `text` (already lower-cased), found
   * through the trigram index (migrations 005 and 017) and read in the index's order, so a LIMIT
   * stops the index's work too. Filters on `table`'s columns may be added.
   */
  // biome-ignore lint/complexity/noBannedTypes: `{}` is Kysely's type for a select that has chosen no columns yet.
  searchFrom(db: Kysely<Database>, table: 'invoices' | 'clients' | 'objects', text: string): SelectQueryBuilder<any, any, {}>;
  /**
   * `column` contains `text`, as a test of each row that no index can answer: the walk of a
   * list's own index checks rows with it (src/storage/repositories/capped-search.ts).
   */
  scanContains(column: string, text: string): Expression<SqlBool>;
  /**
   * `column` as an operand the planner will not answer from an index: a filter on the rows
   * of another index's walk. SQLite: the unary `+`, its documented way to take a term out
   * of index selection (sqlite.org/optoverview.html, "Disqualifying WHERE clause terms using
   * unary-+") — else a `column = ?` beside the walk's bounds wins, and it sorts every row
   * of that value. PostgreSQL: the column; its planner keeps
   * the walk by cost.
   */
  filterOnly(column: string): Expression<unknown>;
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
