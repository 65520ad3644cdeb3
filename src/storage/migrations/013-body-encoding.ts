import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. Bounded growth of the journal (docs/ARCHITECTURE.md, "Raw bodies
 * compressed at rest"; docs/operations.md, "Bounded growth"):
 * - `events.body_encoding`: how `body` is stored (null: as received; 'deflate-raw'). SQLite's
 *   writer compresses new bodies; PostgreSQL keeps them as they are (TOAST compresses them).
 * - `events.body_pruned_at`: when prune removed the body of an entry that changed nothing.
 * - `maintenance_tasks`: resumable background work. On SQLite, the conversion of the bodies
 *   stored before this migration: events up to `until_id` (the newest one now), walked in
 *   id order from `cursor`, a few hundred per transaction, so ingest is never held for long.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema.alterTable('events').addColumn('body_encoding', 'text').execute();
  await db.schema.alterTable('events').addColumn('body_pruned_at', 'text').execute();
  await db.schema
    .createTable('maintenance_tasks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'text')
    .addColumn('until_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  if (dialect !== 'sqlite') return;
  // max(id) is one step down the primary key's index, however large the journal.
  const newest = (await sql<{ id: string | null }>`select max(id) as id from events`.execute(db)).rows[0]?.id ?? null;
  if (newest === null) return;
  await sql`insert into maintenance_tasks (name, cursor, until_id, updated_at) values ('compress-bodies', '', ${newest}, ${new Date().toISOString()})`.execute(db);
}
