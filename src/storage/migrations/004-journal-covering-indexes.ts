import type { Kysely } from 'kysely';

/**
 * Frozen in time. The overview counts a day's or a week's journal by status, endpoint,
 * source and hour. Read through (status, id) alone, each counted event pulled in its row —
 * a page holding the first kilobytes of its body: 420 ms for 100,000 events of one day.
 * Carrying the few counted columns in the index makes those counts index-only.
 * Replays are found through a small partial index instead of a range scan of the journal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_status_id').execute();
  await db.schema.createIndex('events_status_covering').on('events').columns(['status', 'id', 'endpoint', 'source_id', 'received_at']).execute();
  await db.schema.createIndex('events_replays').on('events').columns(['replay_of', 'status']).where('replay_of', 'is not', null).execute();
}
