/**
 * The plans of a search's statements (capped-search.ts) on a filled database, e.g. one
 * made by search-check.ts: each statement with its time and its plan — SQLite's EXPLAIN
 * QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE.
 *
 *   node --import tsx bench/search-plans.ts sqlite:/tmp/search-check.db київський 'ніде-нема'
 *   node --import tsx bench/search-plans.ts 'postgres://postgres@127.0.0.1:5432/test?schema=search_check' київський
 */
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectSupport } from '../src/storage/dialects/dialect-support.js';
import { postgresSupport } from '../src/storage/dialects/postgres-dialect.js';
import { sqliteSupport } from '../src/storage/dialects/sqlite-dialect.js';
import { listInvoices } from '../src/storage/repositories/invoices-repository.js';

const [url = '', ...terms] = process.argv.slice(2);
const seen: { sql: string; params: readonly unknown[]; ms: number }[] = [];
const log = (e: LogEvent) => void (e.level === 'query' && seen.push({ sql: e.query.sql, params: e.query.parameters, ms: e.queryDurationMillis }));
let explain: (sql: string, params: readonly unknown[]) => Promise<string[]>;
let db: Kysely<any>;
let support: DialectSupport;
if (url.startsWith('sqlite:')) {
  const raw = new SQLite(url.slice('sqlite:'.length), { readonly: true });
  db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }), log });
  support = sqliteSupport;
  explain = async (sql, params) =>
    raw
      .prepare(`explain query plan ${sql}`)
      .all(...(params as unknown[]))
      .map((r) => (r as { detail: string }).detail);
} else {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'search_check';
  u.searchParams.delete('schema');
  const pool = new pg.Pool({ connectionString: u.toString(), options: `-c search_path=${schema}`, max: 2 });
  db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log });
  support = postgresSupport;
  explain = async (sql, params) => (await pool.query(`explain (analyze, buffers off) ${sql}`, params as unknown[])).rows.map((r) => r['QUERY PLAN'] as string);
}
for (const q of terms) {
  seen.length = 0;
  const t0 = performance.now();
  const page = await listInvoices(db, support, { kind: 'incoming', q, sort: 'date', limit: 51 });
  console.log(`\n=== q=${q}: ${page.rows.length} rows${page.truncated ? ', truncated' : ''}, ${(performance.now() - t0).toFixed(1)} ms`);
  for (const s of [...seen]) {
    console.log(`-- ${s.ms.toFixed(1)} ms: ${s.sql.replace(/select .*? from/, 'select … from').slice(0, 400)}`);
    for (const line of await explain(s.sql, s.params)) console.log(`     ${line}`);
  }
}
await db.destroy();
