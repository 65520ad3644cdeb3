import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Views of the database without Kysely's per-table types, for code that names a table or a
 * column at run time. Kysely types each table apart (`Kysely<Database>`), and a table chosen
 * by a variable, or a column named by a string built from the request, has no static type to
 * check against: the casts live here, in one place, instead of at every such query.
 */

/** The `tables` as tables of plain columns: writes shared by tables with the same bookkeeping columns. */
export function plainTables<Table extends keyof Database>(db: Kysely<Database>): Kysely<Record<Table, Record<string, unknown>>> {
  return db as unknown as Kysely<Record<Table, Record<string, unknown>>>;
}

/** Every table and column unchecked: queries whose table and columns come from a request's description. */
export function uncheckedTables(db: Kysely<Database>): Kysely<any> {
  return db;
}
