import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqlBool, SqliteDialect, type SqliteStatement, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import { runShaped } from '../repositories/shaped-statement.js';
import type { DialectSupport, OpenedDialect } from './dialect-support.js';
import { likeContains } from './like-contains.js';
import { checkOwnDatabase, checkSqliteHeader, sqliteOpenError } from './sqlite-file-check.js';
import { refreshStatistics, reloadStatistics } from './sqlite-statistics.js';
import { errorCode, sqliteStorageFault } from './storage-fault.js';

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB)/;

export const sqliteSupport: DialectSupport = {
  name: 'sqlite',
  binaryType: 'blob',
  compressesBodies: true,
  // One process, one connection, one writer: a read inside the write transaction is
  // already isolated. Several replicas need PostgreSQL (docs/ARCHITECTURE.md). SQLite's
  // planner seeks the unique index once per listed identity.
  async selectByIdentities(db, table, columns, scope, identities) {
    const build = () => {
      let query = (db as unknown as Kysely<any>).selectFrom(table).select(columns).where('identity', 'in', identities);
      for (const [column, value] of Object.entries(scope)) query = query.where(column, '=', value);
      return query;
    };
    // One text per table, columns, scope and number of identities: compiled once (shaped-statement.ts).
    const shape = `select ${table} ${columns.join(',')} ${identities.length} ${Object.keys(scope).join(',')}`;
    const { rows } = await runShaped(db, 'sqlite', shape, [...identities, ...Object.values(scope)], () => build().compile());
    return rows as never;
  },
  isUnavailable: (error) => typeof (error as { code?: unknown })?.code === 'string' && UNAVAILABLE.test((error as { code: string }).code),
  storageFault: (error) => sqliteStorageFault(errorCode(error)),
  isConflict: () => false,
  searchFrom(db, table, text) {
    const any = db as unknown as Kysely<any>;
    // FTS5's trigram index answers LIKE patterns of three or more characters without an
    // ESCAPE clause; shorter ones, or ones with wildcard characters, fall back to a scan.
    if ([...text].length < 3 || /[\\%_]/.test(text)) return any.selectFrom(table).where(likeContains(`${table}.search_text`, text));
    // CROSS JOIN fixes the join order (sqlite.org/optoverview.html, "Manual control of join
    // order"): the FTS table drives, so a LIMIT ends its work; `rowid IN (subquery)` would
    // first collect every match.
    const fts = `${table}_fts`;
    return any
      .selectFrom(fts)
      .crossJoin(table)
      .where(sql<SqlBool>`${sql.ref(`${table}.rowid`)} = ${sql.ref(`${fts}.rowid`)}`)
      .where(sql<SqlBool>`${sql.ref(`${fts}.search_text`)} like ${`%${text}%`}`);
  },
  scanContains: (column, text) => sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0`,
  filterOnly: (column) => sql`+${sql.ref(column)}`,
  // Every connection is opened by openSqlite below, with WAL and synchronous=FULL.
  durabilityWarnings: async () => [],
};

export function openSqlite(file: string): OpenedDialect & { raw: SQLite.Database } {
  if (file === ':memory:') return configure(new SQLite(file));
  checkSqliteHeader(file);
  let raw: SQLite.Database | undefined;
  try {
    restrictToOwner(file);
    raw = new SQLite(file);
    checkOwnDatabase(raw, file);
    return configure(raw);
  } catch (error) {
    if (raw?.open) raw.close();
    throw sqliteOpenError(error, file);
  }
}

function configure(raw: SQLite.Database): OpenedDialect & { raw: SQLite.Database } {
  // WAL: readers (the API, the dashboard) never block the writer. synchronous=FULL: a
  // commit is on disk before we answer 200 — durability is not traded for speed; group
  // commit makes it cheap (docs/decisions/write-path.md, "Group commit with rerun-on-failure").
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // A multi-row INSERT in a batch keeps a statement journal, which SQLite spills to a new
  // file in /var/tmp (or /tmp, or the working directory) past 64 KiB: one file created and
  // unlinked per group commit under load. In memory instead, so nothing is written outside
  // the database's own directory — a read-only root filesystem (a hardened container) is
  // fine (sqlite.org/tempfiles.html: statement journals, temp_store).
  raw.pragma('temp_store = MEMORY');
  // Without statistics SQLite's planner prefers the index that gives the order over the
  // one that filters: a lookup by number walked every invoice. SQLite's advice for long-lived connections: optimize on open, then
  // periodically (sqlite.org/pragma.html#pragma_optimize); statistics of nearly empty
  // tables are dropped, and the writer refreshes them as the database grows
  // (sqlite-statistics.ts). analysis_limit keeps each ANALYZE to a sample, so its cost does not
  // grow with the table.
  const refresh = () => {
    try {
      if (refreshStatistics(raw.name).changed) reloadStatistics(raw);
    } catch {
      // An optimisation: a database busy past the timeout is refreshed next time.
    }
  };
  refresh();
  const optimizer = setInterval(() => {
    if (raw.open && !raw.inTransaction) refresh();
  }, 600_000).unref();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw, 512, () => clearInterval(optimizer)) }) });
  return { support: sqliteSupport, db, raw };
}

/**
 * A read-only connection for a reader process (src/storage/reads/): WAL lets it read its
 * own snapshot beside the writer, and opened read-only it can never take the write lock
 * (sqlite.org/wal.html, "Concurrency"). Nothing is written: no journal mode change, no
 * ANALYZE (it plans with the statistics the main connection keeps).
 */
export function openSqliteReader(file: string): OpenedDialect & { raw: SQLite.Database } {
  // Statistics are loaded when the connection opens: a reader whose statistics are stale is
  // opened again (sqlite-reader-process.ts).
  const raw = new SQLite(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  raw.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw, 512, () => {}) }) });
  return { support: sqliteSupport, db, raw };
}

/**
 * The file holds the sources' whsec_ secrets (an HMAC needs the key itself) and the books:
 * readable by the service's own user only. Created 0600 before SQLite opens it — SQLite
 * gives its -wal and -shm files the database file's mode — and an existing file (and its
 * companions) is narrowed to 0600 at every start. A new directory is 0700.
 */
function restrictToOwner(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const companion of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((fs.statSync(companion).mode & 0o077) !== 0) fs.chmodSync(companion, 0o600);
    } catch (error) {
      // Gone, or not ours to change (then the operator set its mode): nothing to narrow.
      if (!['ENOENT', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than
 * running our small inserts. The ingest path issues a handful of distinct statements,
 * so cache them by SQL text (bounded, for the odd dynamic IN-list).
 */
function withStatementCache(raw: SQLite.Database, limit: number, onClose: () => void) {
  const cache = new Map<string, SqliteStatement>();
  // SQLITE_FULL and SQLITE_IOERR may roll the transaction back by themselves
  // (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"); Kysely
  // then issues its ROLLBACK anyway, and "cannot rollback - no transaction is active" would
  // replace the error that says why — a full disk would be answered 500, not 503.
  const rollbackStatement = raw.prepare('rollback');
  const rollback: SqliteStatement = {
    reader: false,
    all: () => [],
    run: () => (raw.inTransaction ? rollbackStatement.run() : { changes: 0, lastInsertRowid: 0 }),
    *iterate() {},
  };
  return {
    close: () => {
      onClose();
      raw.close();
    },
    prepare(text: string): SqliteStatement {
      // Kysely opens every transaction with a deferred `begin`. In WAL, a deferred
      // transaction that has read and then writes fails at once with SQLITE_BUSY when
      // another connection committed meanwhile (its snapshot is stale; busy_timeout does
      // not apply). With a second writing connection beside the writer thread (the delivery
      // worker, admin changes) ingest would answer 503; `begin immediate` takes the write
      // lock first and waits busy_timeout for it instead (sqlite.org/lang_transaction.html).
      const sql = text === 'begin' ? 'begin immediate' : text;
      if (sql === 'rollback') return rollback;
      let statement = cache.get(sql);
      if (!statement) {
        statement = withFastRows(raw.prepare(sql));
        if (cache.size < limit) cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Rows as arrays, made into objects by a constructor compiled per statement.
 * better-sqlite3 builds each row object property by property, which costs more than reading
 * the row as an array (docs/decisions/measured-costs.md). An
 * object literal with fixed keys gives every row one hidden class, so the mapping is
 * nearly free. Keys are JSON-quoted column names; a repeated name keeps the last value,
 * as better-sqlite3 does. (`new Function` sees column names only, never values.)
 */
function withFastRows(statement: SQLite.Statement): SqliteStatement {
  if (!statement.reader) return statement as unknown as SqliteStatement;
  const names = statement.columns().map((c) => c.name);
  const toObject = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (row: unknown[]) => unknown;
  statement.raw(true);
  return {
    reader: true,
    all: (parameters) => (statement.all(...parameters) as unknown[][]).map(toObject),
    run: (parameters) => statement.run(...parameters),
    *iterate(parameters) {
      for (const row of statement.iterate(...parameters) as IterableIterator<unknown[]>) yield toObject(row);
    },
  };
}
