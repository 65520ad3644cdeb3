import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import { AppError } from '../../errors/app-error.js';
import type { Database } from '../database-schema.js';
import type { ReadContext } from './read-registry.js';

/** PostgreSQL's query_canceled: statement_timeout or pg_cancel_backend. */
const QUERY_CANCELED = '57014';

/**
 * A read on PostgreSQL that stops in the server when it must. It runs in a transaction of
 * its own connection with `statement_timeout` set LOCAL to what is left of the budget, so
 * the server ends an overlong statement even if this process cannot (the setting ends with
 * the transaction: the pooled connection is handed back as it was). When `stop` fires —
 * the budget, or the client went away — `pg_cancel_backend` of that connection's pid is
 * sent from another connection. The transaction is not ended before the cancel has been
 * delivered: a cancel that arrives while the backend waits for its next command is
 * discarded by PostgreSQL, so it can never hit a later query of whoever takes the
 * connection next. (postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL)
 */
export async function postgresGuardedRead<T>(
  db: Kysely<Database>,
  context: Omit<ReadContext, 'db'>,
  deadline: number,
  stop: AbortSignal,
  read: (context: ReadContext) => Promise<T>,
): Promise<T> {
  try {
    // Read only: should a read in the registry ever write, PostgreSQL refuses it here.
    return await db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        const budget = Math.max(1, deadline - Date.now());
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid, set_config('statement_timeout', ${String(budget)}, true)`.execute(trx);
        const pid = rows[0]!.pid;
        let cancelling: Promise<unknown> | undefined;
        const cancel = () => {
          cancelling = sql`select pg_cancel_backend(${pid})`.execute(db).catch(() => {});
        };
        if (stop.aborted) throw new Error('read stopped before it began');
        stop.addEventListener('abort', cancel, { once: true });
        try {
          // A cancel between two statements of a read is discarded (no statement runs): the
          // plugin refuses every statement after the stop instead.
          return await read({ ...context, db: trx.withPlugin(refuseAfter(stop)) });
        } finally {
          stop.removeEventListener('abort', cancel);
          await cancelling;
        }
      });
  } catch (error) {
    if ((error as { code?: unknown })?.code === QUERY_CANCELED) {
      throw new AppError('QUERY_TIMEOUT', { message: 'The read took longer than its budget and was stopped; narrow it or retry later', cause: error });
    }
    throw error;
  }
}

function refuseAfter(stop: AbortSignal): KyselyPlugin {
  return {
    transformQuery(args) {
      if (stop.aborted) throw new Error('read stopped');
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}
