import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. The changes feed (docs/ARCHITECTURE.md, "The changes feed"):
 * - `changes`: one row per applied change (created, updated, deleted), written in the
 *   transaction that applied it. `seq` is commit order: it is taken from `feed_counter`
 *   by the batch's last statement, whose row lock is held until COMMIT, so number N+1
 *   cannot be handed out before the transaction holding N has committed.
 * - `feed_counter`: that one row.
 * - `feed_cursors`: where a follower inside the service (the NATS publisher, …) has got to.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const seqType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('changes')
    // SQLite: an INTEGER PRIMARY KEY is the rowid itself, no second index.
    .addColumn('seq', seqType, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feed_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last', seqType, (c) => c.notNull())
    .execute();
  await sql`insert into feed_counter (id, last) values (1, 0)`.execute(db);

  await db.schema
    .createTable('feed_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', seqType, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
