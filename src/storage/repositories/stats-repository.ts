import { sql, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { uuidv7Bound } from './events-repository.js';

/**
 * Aggregates for the dashboard's overview. The journal has no index on received_at, but
 * event ids are UUIDv7, whose first 48 bits are the millisecond they were made: a lower
 * bound on the id turns "since T" into a primary-key range scan, so the cost is the
 * traffic of the window, never the whole journal. received_at is still compared, for the
 * exact boundary (ids are taken a moment before received_at is stamped).
 */

/** Slack for clocks: an id may be minted a little before received_at. */
const SLACK_MS = 60_000;

export interface KindCounts {
  endpoint: string;
  today: number;
  week: number;
}

/** Applied changes per endpoint since the start of the day and of the week (ISO UTC instants). */
export async function changesPerEndpoint(db: Kysely<Database>, since: { dayStart: string; weekStart: string }): Promise<KindCounts[]> {
  const rows = await db
    .selectFrom('events')
    .select((eb) => [
      'endpoint',
      eb.fn.countAll<number | string | bigint>().as('week'),
      sql<number | string | bigint | null>`sum(case when received_at >= ${since.dayStart} then 1 else 0 end)`.as('today'),
    ])
    .where('id', '>=', uuidv7Bound(Date.parse(since.weekStart) - SLACK_MS))
    .where('received_at', '>=', since.weekStart)
    .where('status', '=', 'applied')
    .groupBy('endpoint')
    .execute();
  return rows.map((r) => ({ endpoint: r.endpoint, today: Number(r.today ?? 0), week: Number(r.week) }));
}

/** All rejected requests ever (an index-only count over (status, id)). */
export async function countRejected(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).where('status', '=', 'rejected').executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Rejected requests of the window that no replay has yet repaired: those waiting for a
 * person, each counted once however often it was replayed. A replay claims its original
 * (`replayed_by`, migration 009) and is an event of its own (`replay_of`): a replay that
 * failed again is the one that now waits, not both; an original whose replay applied (or
 * ended stale) waits no more. Journal rows written before `replayed_by` existed are
 * repaired when an event with `replay_of` = theirs is not rejected (the partial index on
 * replay_of, migration 004). At most `limit` rejected ones are looked at.
 */
export async function rejectedWaiting(db: Kysely<Database>, sinceIso: string, limit = 1000): Promise<number> {
  const floor = uuidv7Bound(Date.parse(sinceIso) - SLACK_MS);
  const rejected = await db
    .selectFrom('events')
    .select(['id', 'replayed_by'])
    .where('status', '=', 'rejected')
    .where('id', '>=', floor)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (rejected.length === 0) return 0;
  const claimed = rejected.flatMap((r) => (r.replayed_by ? [r.replayed_by] : []));
  // A claim whose replay never wrote its event (the process died in between) repairs nothing.
  const replays = claimed.length ? new Set((await db.selectFrom('events').select('id').where('id', 'in', claimed).execute()).map((r) => r.id)) : new Set<string>();
  const repaired = await db
    .selectFrom('events')
    .select('replay_of')
    .where('replay_of', 'in', rejected.map((r) => r.id))
    .where('status', '<>', 'rejected')
    .execute();
  const done = new Set(repaired.map((r) => r.replay_of));
  return rejected.filter((r) => !done.has(r.id) && !(r.replayed_by && replays.has(r.replayed_by))).length;
}

export interface HourlyCount {
  sourceId: string | null;
  /** "YYYY-MM-DDTHH" in UTC: the first 13 characters of an ISO timestamp, on both dialects. */
  hour: string;
  count: number;
}

/** Applied changes per source and UTC hour since `sinceIso`. */
export async function hourlyChanges(db: Kysely<Database>, sinceIso: string): Promise<HourlyCount[]> {
  const rows = await db
    .selectFrom('events')
    .select((eb) => [
      'source_id',
      sql<string>`substr(received_at, 1, 13)`.as('hour'),
      eb.fn.countAll<number | string | bigint>().as('n'),
    ])
    .where('id', '>=', uuidv7Bound(Date.parse(sinceIso) - SLACK_MS))
    .where('received_at', '>=', sinceIso)
    .where('status', '=', 'applied')
    .groupBy(['source_id', sql`substr(received_at, 1, 13)`])
    .execute();
  return rows.map((r) => ({ sourceId: r.source_id, hour: r.hour, count: Number(r.n) }));
}
