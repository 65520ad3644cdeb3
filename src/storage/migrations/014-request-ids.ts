import type { Kysely } from 'kysely';

/**
 * Frozen in time. `events.request_id`: the id of the HTTP request that brought the entry
 * (the `X-Request-Id` answered, the `reqId` of its log lines, `error.requestId` of an error
 * body), so an operator can go from a 1C error message or a log line to the journal entry
 * and back. Null for entries written before this column existed. Not unique: a sane
 * incoming `X-Request-Id` is kept as it came, and a proxy may send one twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('request_id', 'text').execute();
}
