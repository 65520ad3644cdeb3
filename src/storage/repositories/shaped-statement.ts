import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * The write path's multi-row statements, compiled by Kysely once per shape. The text of
 * `insert into t (columns…) values (…), (…) …` depends only on the table, the columns, the
 * number of rows and the clauses after them; building and compiling it walks every value
 * of every row through Kysely's operation nodes — per batch, more instructions than
 * SQLite spends inserting the rows (bench/README.md, "Instruction counts"). So the first
 * batch of a shape builds the statement with Kysely as before and keeps its text, and the
 * next ones send that text with the rows' values in the same order.
 *
 * Kept only when the parameters Kysely compiled are exactly the values taken row by row,
 * column by column — a row without a column (Kysely writes DEFAULT there), or a value
 * Kysely turns into SQL of its own, is never cached and always built; the statements keep
 * the SQL Kysely writes for each dialect.
 */
const texts = new Map<string, string>();
/**
 * Each kept text's name, for a connection that prepares statements by name (PostgreSQL:
 * postgres-dialect.ts). One name per text for the process's life, so a connection that
 * prepared it runs it again under the same name; at most MAX_SHAPES of them.
 */
const names = new Map<string, string>();
/** Shapes: the tables × row counts up to a batch's size, a few hundred at most; past this, built every time. */
const MAX_SHAPES = 1024;

type Row = Record<string, unknown>;

/** Every column any row names, in the order Kysely lists them (first seen first). */
function columnsOf(rows: readonly Row[]): string[] {
  const first = Object.keys(rows[0]!);
  if (rows.every((r) => sameKeys(r, first))) return first;
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function sameKeys(row: Row, keys: readonly string[]): boolean {
  let n = 0;
  for (const key in row) {
    if (key !== keys[n++]) return false;
  }
  return n === keys.length;
}

/** The rows' values, row by row in `columns` order; undefined when a row lacks one (then Kysely writes DEFAULT). */
function valuesOf(rows: readonly Row[], columns: readonly string[]): unknown[] | undefined {
  const values: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) return undefined;
      values[i++] = value;
    }
  }
  return values;
}

function sameParameters(compiled: readonly unknown[], values: readonly unknown[]): boolean {
  return compiled.length === values.length && compiled.every((p, i) => p === values[i]);
}

/**
 * Run the statement `build` makes for `rows` (all in one table), compiled once per
 * `dialect`, `shape` (what else decides its text: the table, its clauses), columns and
 * row count. `build` must put the rows' values in as plain values, and no other parameter.
 */
export function insertShaped<R>(
  db: Kysely<Database>,
  dialect: string,
  shape: string,
  rows: readonly Row[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const columns = columnsOf(rows);
  return runShaped(db, dialect, `${shape}\u0000${rows.length}\u0000${columns.join('\u0000')}`, valuesOf(rows, columns), () => build().compile());
}

/**
 * Run the statement `compile` gives, compiled once per `dialect` and `shape` — everything
 * that decides its text — with `parameters`, which must be exactly the parameters Kysely
 * compiles it with (checked the first time; undefined: build it every time).
 */
export async function runShaped<R>(
  db: Kysely<Database>,
  dialect: string,
  shape: string,
  parameters: unknown[] | undefined,
  compile: () => CompiledQuery<R>,
): Promise<QueryResult<R>> {
  const key = `${dialect}\u0000${shape}`;
  const text = parameters ? texts.get(key) : undefined;
  if (text !== undefined) return db.executeQuery<R>(CompiledQuery.raw(text, parameters));
  const compiled = compile();
  if (parameters && texts.size < MAX_SHAPES && sameParameters(compiled.parameters, parameters)) {
    texts.set(key, compiled.sql);
    if (!names.has(compiled.sql)) names.set(compiled.sql, `onec_${names.size}`);
  }
  return db.executeQuery<R>(compiled);
}

/** The name a shaped statement's text is prepared under; undefined for any other text. */
export function shapedStatementName(text: string): string | undefined {
  return names.get(text);
}
