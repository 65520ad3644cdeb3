import { Kysely, PostgresDialect, type SqlBool, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database-schema.js';
import { runShaped, shapedStatementName } from '../repositories/shaped-statement.js';
import type { DialectSupport, OpenedDialect } from './dialect-support.js';
import { likeContains } from './like-contains.js';
import { postgresStorageFault } from './storage-fault.js';

// 57P0x: the server is shutting down or starting; 53xxx: it is out of a resource (disk,
// memory, connections, a configured limit) — all pass, so nothing is stored and 1C retries.
// 25006: a read-only transaction (a hot standby after a failover, until the client follows).
// 26000, 42P05: a prepared statement missing or already there — a pooler sharing sessions
// (NamedStatementClient below); nothing was stored and the operator's fix is a setting.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '25006',
  '26000',
  '42P05',
]);
const CONFLICT_CODES = new Set(['40P01', '40001']);

function code(error: unknown): string | undefined {
  const value = (error as { code?: unknown })?.code;
  return typeof value === 'string' ? value : undefined;
}

export const postgresSupport: DialectSupport = {
  name: 'postgres',
  binaryType: 'bytea',
  compressesBodies: false,
  // Replicas share the database: the row lock serialises concurrent changes to one object,
  // taken in one (sorted) order by every batch. One unique-index probe per identity: an
  // `identity = any(…)` list next to other conditions was planned as a filter over every
  // row of the source while the table had no statistics yet (migration 008) — this form
  // has one plan, with or without them.
  async selectByIdentities(db, table, columns, scope, identities) {
    const sorted = [...new Set(identities)].sort();
    const conditions = Object.entries(scope).map(([column, value]) => sql`and ${sql.ref(column)} = ${value}`);
    const shape = `select ${table} ${columns.join(',')} ${Object.keys(scope).join(',')}`;
    const { rows } = await runShaped(db, 'postgres', shape, [sorted, ...Object.values(scope)], () =>
      sql<Record<string, unknown>>`
      select o.* from unnest(${sorted}::text[]) as wanted(identity)
      cross join lateral (
        select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}
        where identity = wanted.identity ${sql.join(conditions, sql` `)}
        for update
      ) o`.compile(db),
    );
    // The columns asked for, of an object table: the typed view the caller asked for.
    return rows as never;
  },
  isUnavailable(error) {
    const c = code(error);
    if (c && (UNAVAILABLE_CODES.has(c) || c.startsWith('08') || c.startsWith('53'))) return true;
    const message = (error as Error)?.message ?? '';
    return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
  },
  storageFault: (error) => postgresStorageFault(code(error)),
  isConflict: (error) => CONFLICT_CODES.has(code(error) ?? ''),
  // pg_trgm's GIN index serves LIKE '%…%' directly (migration 005).
  // pg_trgm's GIN index answers LIKE '%…%' by itself (migration 005).
  searchFrom: (db, table, text) => (db as unknown as Kysely<any>).selectFrom(table).where(likeContains(`${table}.search_text`, text)),
  // strpos is no operator a GIN index answers: the planner keeps the list's own index order.
  scanContains: (column, text) => sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`,
  filterOnly: (column) => sql.ref(column),
  // The server's configuration decides whether a commit is on disk when it returns: with
  // fsync=off nothing is ever flushed, with synchronous_commit=off a commit returns before
  // its WAL is (the last few hundred ms of commits can vanish in a crash). Both are set by
  // the server, the database, the role or the connection URL — pg_settings shows the value
  // this connection runs with. (postgresql.org/docs/current/runtime-config-wal.html)
  async durabilityWarnings(db) {
    const { rows } = await sql<{ name: string; setting: string }>`
      select name, setting from pg_settings where name in ('fsync', 'synchronous_commit')`.execute(db);
    const setting = new Map(rows.map((r) => [r.name, r.setting]));
    const warnings: string[] = [];
    if (setting.get('fsync') === 'off') {
      warnings.push('NOT DURABLE: PostgreSQL runs with fsync=off — a crash of its machine can lose or corrupt webhooks already answered 200. Turn fsync on.');
    }
    if (setting.get('synchronous_commit') === 'off') {
      warnings.push(
        'NOT DURABLE: PostgreSQL runs with synchronous_commit=off — it confirms a commit before it is on disk, so a crash can lose the last webhooks answered 200. ' +
          'Set it on for this database or role (ALTER DATABASE … SET synchronous_commit = on) and remove it from the connection URL.',
      );
    }
    return warnings;
  },
};

export interface PostgresOptions {
  max?: number;
  searchPath?: string;
  /** Prepare the write path's statements by name on each connection (default true; `ONEC_SYNC_PREPARED_STATEMENTS`). */
  preparedStatements?: boolean;
}

export function openPostgres(url: string, options: PostgresOptions = {}): OpenedDialect & { pool: pg.Pool } {
  const pool = new pg.Pool({
    ...(options.preparedStatements === false ? {} : { Client: NamedStatementClient }),
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process: the next query
  // fails with a connection error, answered 503, and the pool reconnects by itself.
  pool.on('error', () => {});
  // The same for a client that is checked out (pg-pool removes its idle listener then):
  // its query is rejected with the connection error anyway, and an 'error' event with no
  // listener would take the process down. Background work (the delivery worker, the feed's
  // head poll) keeps a query in flight often enough to meet it when the server goes away.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { support: postgresSupport, db, pool };
}

/**
 * A connection that sends the write path's statements as named prepared statements. Sent
 * unnamed, every statement of every batch is parsed, analysed and planned anew: some 29 %
 * of PostgreSQL's CPU per ingested invoice went there (docs/decisions/ingest-cpu-and-growth.md,
 * "Named prepared statements on PostgreSQL"). Named, the connection parses each text once,
 * and after five executions PostgreSQL keeps a generic plan when it costs no more than the
 * custom ones (postgresql.org/docs/current/sql-prepare.html, "Notes").
 *
 * Only the shaped statements are named (shaped-statement.ts: a bounded set of texts whose
 * parameters are the rows' values), so what a connection keeps is bounded too; everything
 * else — reads, maintenance, DDL — goes unnamed as before. pg prepares a name once per
 * connection and sends only Bind and Execute after that; a new connection prepares again.
 */
class NamedStatementClient extends pg.Client {
  // pg's query() is overloaded (text, config object, Submittable); Kysely's driver calls the
  // (text, values) form, the only one renamed here.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values)) {
      const name = shapedStatementName(config);
      if (name !== undefined && callback === undefined) return super.query({ name, text: config, values }).catch(explainPooler);
    }
    return super.query(config, values, callback);
  }
}

/**
 * 26000 (a name this connection prepared is gone) and 42P05 (a name it has not prepared
 * exists) mean the server session is not this connection's own: a pooler in transaction
 * mode hands sessions between clients. Say so, and what to set: the message is all an
 * operator sees in the log.
 */
function explainPooler(error: unknown): never {
  const c = code(error);
  if (c === '26000' || c === '42P05') {
    (error as Error).message +=
      ' — a connection pooler in transaction mode that does not keep prepared statements? Set ONEC_SYNC_PREPARED_STATEMENTS=false, or PgBouncer 1.21+ with max_prepared_statements above 0';
  }
  throw error;
}
