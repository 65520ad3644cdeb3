import { parseArgs } from 'node:util';
import { loadConfig, sqlitePath } from '../config/load-config.js';
import { backupSqlite, restoreSqlite } from '../storage/sqlite-backup.js';

const BACKUP_USAGE = `onec-sync backup --out <file> [--force]

  A consistent copy of the SQLite database (DATABASE_URL) while the service runs and
  ingests; checked with integrity_check. --force replaces an existing <file>.`;

const RESTORE_USAGE = `onec-sync restore <file> [--force]

  Put a backup in place as the database of DATABASE_URL. The backup is checked first;
  an existing database is replaced only with --force, never while a service has it open
  (the replaced file is kept as <name>.before-restore).`;

/**
 * PostgreSQL is backed up by its own tools, which are consistent while the service runs
 * (pg_dump takes one snapshot) and restore into an empty database or schema.
 */
function postgresAdvice(command: 'backup' | 'restore'): string {
  return command === 'backup'
    ? `DATABASE_URL is PostgreSQL: back it up with pg_dump, consistent while the service runs:
  pg_dump --format=custom --file=onec-sync.dump "$DATABASE_URL"
(add --schema=<schema> when onec-sync runs in a schema of its own). docs/operations.md, "Backing up".`
    : `DATABASE_URL is PostgreSQL: restore a pg_dump backup into an EMPTY database with pg_restore, with the service stopped:
  createdb onec_sync_restored && pg_restore --no-owner --dbname=postgres://…/onec_sync_restored onec-sync.dump
then point DATABASE_URL at it and start the service (it migrates an older backup). docs/operations.md, "Restoring".`;
}

export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, force: { type: 'boolean' } } });
  const config = loadConfig();
  if (!config.databaseUrl.startsWith('sqlite:')) {
    process.stderr.write(`${postgresAdvice('backup')}\n`);
    return 2;
  }
  if (!values.out) {
    process.stderr.write(`${BACKUP_USAGE}\n`);
    return 2;
  }
  const file = sqlitePath(config.databaseUrl);
  const started = Date.now();
  const summary = backupSqlite(file, values.out, { force: values.force });
  process.stdout.write(
    `Backed up ${file} to ${values.out}: ${summary.bytes} bytes, changes up to #${summary.lastChange}, migration ${summary.migration}, ${Date.now() - started} ms. integrity_check: ok.\n`,
  );
  return 0;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const config = loadConfig();
  if (!config.databaseUrl.startsWith('sqlite:')) {
    process.stderr.write(`${postgresAdvice('restore')}\n`);
    return 2;
  }
  const backup = positionals[0];
  if (!backup || positionals.length > 1) {
    process.stderr.write(`${RESTORE_USAGE}\n`);
    return 2;
  }
  const target = sqlitePath(config.databaseUrl);
  const summary = restoreSqlite(backup, target, { force: values.force });
  process.stdout.write(
    `Restored ${backup} to ${target}: changes up to #${summary.lastChange}, migration ${summary.migration}.` +
      `${summary.replaced ? ` The replaced database is kept as ${summary.replaced}.` : ''}\n` +
      'Start the service: it applies newer migrations at start. Followers of the changes feed whose cursor is past the restored changes get INVALID_CURSOR (docs/errors.md).\n',
  );
  return 0;
}
