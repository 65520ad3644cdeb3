import os from 'node:os';
import { openSqliteReader } from '../dialects/sqlite-dialect.js';
import { type ReadRequest, runReadRequest } from './read-registry.js';
import type { RELOAD_STATISTICS, ReaderReply } from './sqlite-reader-messages.js';

/**
 * A SQLite reader process: one read-only connection, one read at a time (the pool never
 * sends a second before the first is answered). argv: the database file, then modules
 * that add or replace reads in the registry (tests make one slow for real).
 */
export type ReaderRequest = ReadRequest;

/** Nice 10: about a ninth of a nice-0 process's share of a contended core (Linux CFS weights 110 vs 1024). */
const READER_NICENESS = 10;

const [file, ...modules] = process.argv.slice(2);
// Below the service in the scheduler: on a busy machine the webhooks (main process, writer
// thread) get the cores first and a search waits, never the other way round. Lowering one's
// own priority needs no privilege.
try {
  os.setPriority(READER_NICENESS);
} catch {
  // A platform without priorities: readers then share the cores evenly.
}
for (const module of modules) await import(module);
let connection = openSqliteReader(file!);
const send = (message: unknown) => process.send?.(message);

process.on('message', (request: ReaderRequest | typeof RELOAD_STATISTICS) => {
  if ('reloadStatistics' in request) {
    // The writer stored new planner statistics; a read-only connection loads them when it
    // opens (sqlite-statistics.ts). Sent only while no read runs here.
    const old = connection;
    connection = openSqliteReader(file!);
    void old.db.destroy();
    return;
  }
  const { db, support } = connection;
  runReadRequest({ db, support }, request).then(
    (value) => send({ ok: true, value } satisfies ReaderReply),
    (error: Error & { code?: unknown }) =>
      send({ ok: false, message: error?.message ?? String(error), code: typeof error?.code === 'string' ? error.code : undefined } satisfies ReaderReply),
  );
});
// The service is gone (even killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
