import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { eventCounts } from './counts-repository.js';
import { uuidv7Bound } from './events-repository.js';

/**
 * Aggregates for the dashboard's overview. Counts of changes come from the maintained
 * hourly counts (migration 012): a read of at most hours × endpoints × sources rows,
 * whatever the journal holds. Counted per UTC hour, "today" starts at the hour holding
 * local midnight — exact in every zone whose offset is whole hours (Ukraine's is).
 * The rejected ones still waiting are read from the journal: the journal has no index on
 * received_at, but event ids are UUIDv7, whose first 48 bits are the millisecond they were
 * made: a lower bound on the id turns "since T" into a primary-key range scan, bounded
 * further by a limit.
 */

/** Slack for clocks: an id may be minted a little before received_at. */
const SLACK_MS = 60_000;

export interface KindCounts {
  endpoint: string;
  today: number;
  week: number;
}

/** Applied changes per endpoint since the start of the day and of the week (ISO UTC instants), from the hourly counts. */
export async function changesPerEndpoint(db: Kysely<Database>, since: { dayStart: string; weekStart: string }): Promise<KindCounts[]> {
  const dayHour = since.dayStart.slice(0, 13);
  const totals = new Map<string, KindCounts>();
  for (const row of await eventCounts(db, 'applied', since.weekStart)) {
    let counts = totals.get(row.endpoint);
    if (!counts) {
      counts = { endpoint: row.endpoint, today: 0, week: 0 };
      totals.set(row.endpoint, counts);
    }
    counts.week += row.n;
    if (row.period >= dayHour) counts.today += row.n;
  }
  return [...totals.values()];
}

/** All rejected requests ever: the all-time counts, a few rows. */
export async function countRejected(db: Kysely<Database>): Promise<number> {
  return (await eventCounts(db, 'rejected', 'all')).reduce((sum, r) => sum + r.n, 0);
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
  const replays = claimed.length
    ? new Set((await db.selectFrom('events').select('id').where('id', 'in', claimed).execute()).map((r) => r.id))
    : new Set<string>();
  const repaired = await db
    .selectFrom('events')
    .select('replay_of')
    .where(
      'replay_of',
      'in',
      rejected.map((r) => r.id),
    )
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

/** Applied changes per source and UTC hour since the hour of `sinceIso`, from the hourly counts. */
export async function hourlyChanges(db: Kysely<Database>, sinceIso: string): Promise<HourlyCount[]> {
  return (await eventCounts(db, 'applied', sinceIso)).map((r) => ({ sourceId: r.sourceId, hour: r.period, count: r.n }));
}
