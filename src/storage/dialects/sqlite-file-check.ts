import fs from 'node:fs';
import type SQLite from 'better-sqlite3';
import { DatabaseOpenError } from '../database-open-error.js';

/** Every SQLite 3 database file begins with these 16 bytes (sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Before SQLite opens `file`: an existing, non-empty file must be an SQLite database. A
 * text file or random bytes would fail later with "file is not a database" from a pragma —
 * here the operator reads which file and why instead, and nothing is written next to it
 * (no -wal, no -shm). A missing or empty file is a new database.
 */
export function checkSqliteHeader(file: string): void {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(16);
      header = header.subarray(0, fs.readSync(fd, header, 0, 16, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new DatabaseOpenError(`${file} is a folder, not a database file. DATABASE_URL names the file: sqlite:${file}/onec-sync.db`);
    throw new DatabaseOpenError(`Cannot read the database file ${file}: ${(error as Error).message}`);
  }
  if (header.length === 0) return;
  if (!header.equals(SQLITE_HEADER)) {
    const printable = /^[\x20-\x7e\t\r\n]*$/.test(header.toString('latin1'));
    throw new DatabaseOpenError(
      `${file} is not an SQLite database (it begins with ${printable ? JSON.stringify(header.toString('latin1')) : `bytes ${header.toString('hex')}`}). ` +
        'onec-sync will not overwrite it: point DATABASE_URL at the right file, or restore a backup (onec-sync restore <backup>).',
    );
  }
}

/** Tables onec-sync never creates but SQLite may: its own, and FTS5's shadow tables are ours. */
const SQLITE_INTERNAL = /^sqlite_/;

/**
 * After SQLite opened it: the file must be empty (a new database) or onec-sync's — it
 * has Kysely's migration table. Another application's database (tables, no such table)
 * is refused: migrating it would add our tables to that application's file. Reading the
 * schema also makes SQLite check the header and the schema pages: a damaged one fails
 * here, named, instead of on the first webhook.
 */
export function checkOwnDatabase(raw: SQLite.Database, file: string): void {
  let tables: string[];
  try {
    tables = (raw.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]).filter((t) => !SQLITE_INTERNAL.test(t));
  } catch (error) {
    throw sqliteOpenError(error, file);
  }
  if (tables.length > 0 && !tables.includes('kysely_migration')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} tables)` : '');
    throw new DatabaseOpenError(
      `${file} is an SQLite database of another application (tables: ${shown}); onec-sync will not add its tables to it. ` +
        'Point DATABASE_URL at a new file or at an onec-sync database.',
    );
  }
}

/** SQLite's refusal to open or read `file`, said with the file's name and what to do. */
export function sqliteOpenError(error: unknown, file: string): Error {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new DatabaseOpenError(
      `${file} is damaged (${message}). onec-sync will not start on it, and will not replace it: restore the last backup (onec-sync restore <backup>; docs/operations.md, "Corrupt database file").`,
    );
  }
  if (typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM'))) {
    return new DatabaseOpenError(
      `Cannot open the database file ${file} for writing (${message}): the file and its folder must be writable by the service's user.`,
    );
  }
  if (['EACCES', 'EPERM', 'EROFS'].includes(String(code))) {
    return new DatabaseOpenError(
      `Cannot open the database file ${file} for writing (${message}): the file and its folder must be writable by the service's user.`,
    );
  }
  return error as Error;
}
