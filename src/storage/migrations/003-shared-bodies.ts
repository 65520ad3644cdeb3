import type { Kysely } from 'kysely';

/**
 * Frozen in time. A re-post of the very same bytes (1C's re-posting storm) is journaled
 * without a second copy of its body: `events.body_event_id` names the event that holds
 * those bytes, and each object remembers the hash of its current event's body.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('body_event_id', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('current_body_hash', 'text').execute();
  await db.schema.alterTable('clients').addColumn('current_body_hash', 'text').execute();
}
