import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { sqlitePath } from '../config/load-config.js';
import { DatabaseOpenError } from './database-open-error.js';
import type { Database } from './database-schema.js';
import type { DialectSupport } from './dialects/dialect-support.js';
import { openPostgres } from './dialects/postgres-dialect.js';
import { openSqlite } from './dialects/sqlite-dialect.js';
import { reloadStatistics } from './dialects/sqlite-statistics.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-sort-and-code-indexes.js';
import * as m003 from './migrations/003-shared-bodies.js';
import * as m004 from './migrations/004-journal-covering-indexes.js';
import * as m005 from './migrations/005-substring-search.js';
import * as m006 from './migrations/006-body-compression.js';
import * as m007 from './migrations/007-counterparty-list-indexes.js';
import * as m008 from './migrations/008-identity-first.js';
import * as m009 from './migrations/009-journal-hardening.js';
import * as m010 from './migrations/010-changes-feed.js';
import * as m011 from './migrations/011-subscriptions.js';
import * as m012 from './migrations/012-maintained-counts.js';
import * as m013 from './migrations/013-body-encoding.js';
import * as m014 from './migrations/014-request-ids.js';
import * as m015 from './migrations/015-all-kinds-list-indexes.js';
import * as m016 from './migrations/016-counterparty-total-indexes.js';
import * as m017 from './migrations/017-declared-objects.js';
import * as m018 from './migrations/018-reconciliations.js';
import * as m019 from './migrations/019-declared-window-indexes.js';

export interface StorageHandle {
  db: Kysely<Database>;
  support: DialectSupport;
  close(): Promise<void>;
  /** SQLite: load the planner's statistics another connection (the writer) stored (sqlite-statistics.ts). */
  reloadStatistics?(): void;
}

/** Migrations in order; each receives the dialect's binary type (its one quirk). */
function migrationProvider(support: DialectSupport): MigrationProvider {
  const all: Record<string, Migration> = {
    '001-initial': { up: (db) => m001.up(db, support.binaryType) },
    '002-sort-and-code-indexes': { up: (db) => m002.up(db, support.name === 'sqlite' ? 'real' : 'double precision') },
    '003-shared-bodies': { up: (db) => m003.up(db) },
    '004-journal-covering-indexes': { up: (db) => m004.up(db) },
    '005-substring-search': { up: (db) => m005.up(db, support.name) },
    '006-body-compression': { up: (db) => m006.up(db, support.name) },
    '007-counterparty-list-indexes': { up: (db) => m007.up(db) },
    '008-identity-first': { up: (db) => m008.up(db, support.name) },
    '009-journal-hardening': { up: (db) => m009.up(db) },
    '010-changes-feed': { up: (db) => m010.up(db, support.name) },
    '011-subscriptions': { up: (db) => m011.up(db) },
    '012-maintained-counts': { up: (db) => m012.up(db, support.name) },
    '013-body-encoding': { up: (db) => m013.up(db, support.name) },
    '014-request-ids': { up: (db) => m014.up(db) },
    '015-all-kinds-list-indexes': { up: (db) => m015.up(db, support.name) },
    '016-counterparty-total-indexes': { up: (db) => m016.up(db) },
    '017-declared-objects': { up: (db) => m017.up(db, support.name) },
    '018-reconciliations': { up: (db) => m018.up(db) },
    '019-declared-window-indexes': { up: (db) => m019.up(db, support.name) },
  };
  return { getMigrations: async () => all };
}

export async function migrateToLatest(handle: StorageHandle): Promise<void> {
  // Kysely looks for its bookkeeping tables by name in every schema unless told which:
  // pin them to the schema we write in, so schemas sharing one database stay apart.
  const schema =
    handle.support.name === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.support), migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw migrationError(handle, error, failed?.migrationName);
}

/**
 * Why the migrations could not run, said for the operator where it is theirs to fix:
 * the server does not answer, or the database was migrated by a newer release (Kysely
 * finds an executed migration this release does not have — migrations are forward-only,
 * so an older release must not run on it).
 */
function migrationError(handle: StorageHandle, error: unknown, migrationName: string | undefined): Error {
  const message = (error as Error)?.message ?? String(error);
  const newer = /previously executed migration (\S+) is missing/.exec(message);
  if (newer) {
    return new DatabaseOpenError(
      `The database was migrated by a newer onec-sync (migration ${newer[1]} is not part of this release). ` +
        'Run that release or a newer one; to go back to this one, restore a backup made before the upgrade (docs/operations.md, "Upgrading").',
    );
  }
  if (error instanceof DatabaseOpenError) return error;
  if (handle.support.isUnavailable(error))
    return new DatabaseOpenError(`The database does not answer (${message}); check DATABASE_URL and that the server runs.`);
  return new Error(`migration ${migrationName ?? ''} failed: ${message}`, { cause: error });
}

export interface OpenOptions {
  /** PostgreSQL only: run in this schema (tests use one per suite). */
  searchPath?: string;
  poolSize?: number;
  migrate?: boolean;
  /** PostgreSQL only: prepare the write path's statements by name (default true; off behind a pooler that cannot keep them). */
  preparedStatements?: boolean;
}

export async function openDatabase(databaseUrl: string, options: OpenOptions = {}): Promise<StorageHandle> {
  let handle: StorageHandle;
  if (databaseUrl.startsWith('sqlite:')) {
    const { db, support, raw } = openSqlite(sqlitePath(databaseUrl));
    handle = {
      db,
      support,
      close: async () => {
        await db.destroy();
        if (raw.open) raw.close();
      },
      reloadStatistics: () => {
        if (raw.open && !raw.inTransaction) reloadStatistics(raw);
      },
    };
  } else {
    const { db, support } = openPostgres(databaseUrl, {
      max: options.poolSize,
      searchPath: options.searchPath,
      preparedStatements: options.preparedStatements,
    });
    handle = { db, support, close: () => db.destroy() };
  }
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle);
    } catch (error) {
      // A pool left open would keep a refusing CLI process alive.
      await handle.close().catch(() => {});
      throw error;
    }
  }
  return handle;
}
