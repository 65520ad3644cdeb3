import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectSupport, OpenedDialect } from './dialect-support.js';
import { likeContains } from './like-contains.js';

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '53100']);
const CONFLICT_CODES = new Set(['40P01', '40001']);

function code(error: unknown): string | undefined {
  const value = (error as { code?: unknown })?.code;
  return typeof value === 'string' ? value : undefined;
}

export const postgresSupport: DialectSupport = {
  name: 'postgres',
  binaryType: 'bytea',
  // Replicas share the database: the row lock serialises concurrent changes to one object.
  forUpdate: (query) => query.forUpdate(),
  isUnavailable(error) {
    const c = code(error);
    if (c && (UNAVAILABLE_CODES.has(c) || c.startsWith('08'))) return true;
    const message = (error as Error)?.message ?? '';
    return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
  },
  isConflict: (error) => CONFLICT_CODES.has(code(error) ?? ''),
  // pg_trgm's GIN index serves LIKE '%…%' directly (migration 005).
  searchContains: (table, text) => likeContains(`${table}.search_text`, text),
};

export function openPostgres(url: string, options: { max?: number; searchPath?: string } = {}): OpenedDialect & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process: the next query
  // fails with a connection error, answered 503, and the pool reconnects by itself.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { support: postgresSupport, db, pool };
}
