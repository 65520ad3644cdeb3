import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { DatabaseOpenError } from './database-open-error.js';
import { checkOwnDatabase, checkSqliteHeader, sqliteOpenError } from './dialects/sqlite-file-check.js';

export interface BackupSummary {
  bytes: number;
  /** The changes feed's last number in the copy: every change up to it is in the backup. */
  lastChange: number;
  /** The last migration the copy has. */
  migration: string;
}

/**
 * A consistent copy of a live SQLite database, taken while the service keeps ingesting.
 * `VACUUM INTO` reads the database in ONE read transaction — in WAL mode a snapshot that
 * writers never block and that never blocks them (sqlite.org/lang_vacuum.html#vacuuminto)
 * — so the copy holds exactly the transactions committed before it began, and so every
 * webhook answered 200 before then. (The online backup API, by contrast, restarts when
 * another connection writes between its steps: under steady ingest it may never finish.)
 * The copy is written beside `out`, checked with `integrity_check`, fsynced, and only
 * then renamed to `out`: a crash leaves either no backup or a whole one.
 */
export function backupSqlite(file: string, out: string, options: { force?: boolean } = {}): BackupSummary {
  if (!fs.existsSync(file)) throw new DatabaseOpenError(`There is no database at ${file} to back up (DATABASE_URL).`);
  if (fs.existsSync(out) && !options.force) throw new DatabaseOpenError(`${out} exists; choose another name, or add --force to replace it.`);
  checkSqliteHeader(file);
  const partial = `${out}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  const source = openExisting(file, false);
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('vacuum into ?').run(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw sqliteOpenError(error, file);
  } finally {
    source.close();
  }
  try {
    const summary = verifyCopy(partial, { journalModeDelete: true });
    syncFile(partial);
    fs.renameSync(partial, out);
    syncFile(path.dirname(path.resolve(out)));
    return summary;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Put a backup in place of the database at `target`. The backup is verified first
 * (integrity_check, an onec-sync database). An existing database is replaced only with
 * `force`, and never while a process has it open: leaving WAL mode needs every other
 * connection gone, so a running service makes the switch fail at once (SQLITE_BUSY) and
 * nothing is touched. The replaced file is kept beside it as `<name>.before-restore`.
 */
export function restoreSqlite(backup: string, target: string, options: { force?: boolean } = {}): BackupSummary & { replaced?: string } {
  if (!fs.existsSync(backup)) throw new DatabaseOpenError(`There is no backup file ${backup}.`);
  checkSqliteHeader(backup);
  const summary = verifyCopy(backup, { readonly: true });
  let replaced: string | undefined;
  if (fs.existsSync(target) && (fs.statSync(target).size > 0 || fs.existsSync(`${target}-wal`))) {
    if (!options.force) {
      throw new DatabaseOpenError(
        `A database exists at ${target}; restore will not overwrite it. Stop the service and add --force to replace it (the current file is kept as ${target}.before-restore).`,
      );
    }
    quiesce(target);
    replaced = `${target}.before-restore`;
    fs.rmSync(replaced, { force: true });
    fs.renameSync(target, replaced);
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true, mode: 0o700 });
  const partial = `${target}.restore-${process.pid}`;
  try {
    fs.copyFileSync(backup, partial);
    fs.chmodSync(partial, 0o600);
    syncFile(partial);
    for (const companion of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(companion, { force: true });
    fs.renameSync(partial, target);
    syncFile(path.dirname(path.resolve(target)));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { ...summary, ...(replaced ? { replaced } : {}) };
}

/** Fails, touching nothing, when another connection has `file` open; else checkpoints it out of WAL mode. */
function quiesce(file: string): void {
  checkSqliteHeader(file);
  const db = openExisting(file, false);
  try {
    db.pragma('busy_timeout = 0');
    const mode = db.pragma('journal_mode = delete', { simple: true });
    if (mode !== 'delete') throw new DatabaseOpenError(`${file} is in use (journal mode stays ${String(mode)}): stop the service before restoring over it.`);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY') || String((error as { code?: unknown }).code).startsWith('SQLITE_LOCKED')) {
      throw new DatabaseOpenError(`${file} is in use by a running process (the service?): stop it before restoring over it. Nothing was changed.`);
    }
    throw sqliteOpenError(error, file);
  } finally {
    db.close();
  }
}

/** integrity_check, then what the copy holds; `journalModeDelete` makes it a lone file (no -wal beside a backup). */
function verifyCopy(file: string, options: { readonly?: boolean; journalModeDelete?: boolean }): BackupSummary {
  const db = openExisting(file, options.readonly ?? false);
  try {
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0]!.integrity_check !== 'ok') {
      throw new DatabaseOpenError(
        `${file} fails SQLite's integrity check: ${problems
          .slice(0, 5)
          .map((p) => p.integrity_check)
          .join('; ')}`,
      );
    }
    checkOwnDatabase(db, file);
    const migration = db.prepare('select name from kysely_migration order by name desc limit 1').pluck().get() as string | undefined;
    if (!migration) throw new DatabaseOpenError(`${file} is not an onec-sync database (no migrations recorded).`);
    // A backup made by a release before the changes feed has no counter.
    const hasFeed = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'feed_counter'`).get() !== undefined;
    const lastChange = hasFeed ? Number(db.prepare('select last from feed_counter where id = 1').pluck().get() ?? 0) : 0;
    if (options.journalModeDelete) db.pragma('journal_mode = delete');
    return { bytes: fs.statSync(file).size, lastChange, migration };
  } catch (error) {
    throw error instanceof DatabaseOpenError ? error : sqliteOpenError(error, file);
  } finally {
    db.close();
  }
}

function openExisting(file: string, readonly: boolean): SQLite.Database {
  try {
    return new SQLite(file, { fileMustExist: true, readonly });
  } catch (error) {
    throw sqliteOpenError(error, file);
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
