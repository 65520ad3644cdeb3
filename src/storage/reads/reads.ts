import type { ReadSettings } from '../../config/load-config.js';
import type { StorageHandle } from '../open-database.js';
import { postgresGuardedRead } from './postgres-guarded-read.js';
import { ReadGate } from './read-gate.js';
import { isSlowRead, type ReadArgs, type ReadName, type ReadResult, runRead } from './read-registry.js';
import { SqliteReaderPool } from './sqlite-reader-pool.js';

/**
 * The read API's way to the database for reads that may be slow (read-registry.ts). A
 * cheap read runs on the main connection as before; a slow one goes through the gate
 * (slots, queue, budget, the request's abort) to where it cannot hold up the write path:
 * a SQLite reader process, or a PostgreSQL connection that is cancelled in the server.
 * This file is the one place that chooses by dialect.
 */
export interface Reads {
  run<N extends ReadName>(name: N, args: ReadArgs<N>, signal?: AbortSignal): Promise<ReadResult<N>>;
  /** The gate and (SQLite) the pool, for tests and operators; undefined when reads run inline. */
  readonly gate: ReadGate | undefined;
  readonly pool: SqliteReaderPool | undefined;
  close(): Promise<void>;
}

export interface ReadsOptions {
  /** The SQLite file (`:memory:` cannot be shared with another process: reads then run inline). */
  sqliteFile?: string;
  /** Modules every reader process imports first, adding or replacing reads (tests). */
  readerModules?: string[];
  /** SQLite: start a reader process now rather than at the first slow read (default true). */
  warmReader?: boolean;
}

export function createReads(storage: StorageHandle, settings: ReadSettings, options: ReadsOptions = {}): Reads {
  const main = { db: storage.db, support: storage.support };
  const inline = <N extends ReadName>(name: N, args: ReadArgs<N>) => runRead(main, name, args);
  const sqliteFile = storage.support.name === 'sqlite' && options.sqliteFile && options.sqliteFile !== ':memory:' ? options.sqliteFile : undefined;
  if (settings.poolSize === 0 || (storage.support.name === 'sqlite' && !sqliteFile)) {
    return { run: (name, args) => inline(name, args), gate: undefined, pool: undefined, close: async () => {} };
  }
  const gate = new ReadGate({ slots: settings.poolSize, queueLimit: settings.queueLimit, budgetMs: settings.budgetMs });
  const pool = sqliteFile ? new SqliteReaderPool({ file: sqliteFile, modules: options.readerModules }) : undefined;
  if (options.warmReader !== false) pool?.warm();
  return {
    gate,
    pool,
    run(name, args, signal) {
      if (!isSlowRead(name, args)) return inline(name, args);
      if (pool) return gate.run(signal, (stop) => pool.run({ name, args }, stop)) as Promise<ReadResult<typeof name>>;
      return gate.run(signal, (stop, deadline) => postgresGuardedRead(storage.db, main, deadline, stop, (context) => runRead(context, name, args)));
    },
    async close() {
      gate.close();
      await pool?.close();
    },
  };
}
