/**
 * Why the database refused a write when the fault is on the storage itself, not the
 * connection: its disk is full, or its file cannot be written. Each has its own answer
 * (docs/errors.md) because each has its own fix — free space, or make the file writable —
 * and both heal by themselves once fixed: nothing is stored, the sender retries.
 */
export type StorageFault = 'STORAGE_FULL' | 'STORAGE_READ_ONLY';

/**
 * SQLite's extended result codes as better-sqlite3 names them (sqlite.org/rescode.html):
 * SQLITE_FULL is a write that found no space (the unix VFS maps ENOSPC to it, also for the
 * WAL and for a temporary file); SQLITE_READONLY and its extended codes (_DBMOVED: the
 * file was replaced or removed under the service; _DIRECTORY: its folder is read-only).
 * An I/O error that is ENOSPC underneath also reaches us as SQLITE_IOERR_* with errno
 * lost, so it stays DATABASE_UNAVAILABLE.
 */
export function sqliteStorageFault(code: string | undefined): StorageFault | undefined {
  if (!code) return undefined;
  if (code === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return 'STORAGE_READ_ONLY';
  return undefined;
}

/**
 * PostgreSQL's SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html): 53100
 * disk_full is the server finding no space for a table, an index or a temporary file; the
 * transaction is rolled back. A full WAL disk makes the server PANIC and restart instead —
 * the connection drops and that is DATABASE_UNAVAILABLE. 25006 read_only_sql_transaction
 * is a hot standby (or default_transaction_read_only) taking writes. The other 53xxx —
 * out of memory, too many connections, a configuration limit — are the server's
 * resources, not its storage: DATABASE_UNAVAILABLE (`isUnavailable`).
 */
export function postgresStorageFault(code: string | undefined): StorageFault | undefined {
  if (code === '53100') return 'STORAGE_FULL';
  if (code === '25006') return 'STORAGE_READ_ONLY';
  return undefined;
}

export function errorCode(error: unknown): string | undefined {
  const value = (error as { code?: unknown })?.code;
  return typeof value === 'string' ? value : undefined;
}
