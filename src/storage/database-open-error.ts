/**
 * The database cannot be used as it is, for a reason an operator fixes, not a bug: a file
 * that is not an SQLite database, another application's database, a corrupt one, a folder
 * that cannot be written, a database migrated by a newer release, a PostgreSQL server that
 * does not answer. The CLI prints the message alone (no stack) and exits 1; the message
 * names the file or server and what to do.
 */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}
