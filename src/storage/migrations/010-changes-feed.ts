import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. The changes feed (docs/decisions/changes-feed.md, "The changes feed"):
 * - `changes`: one row per applied change (created, updated, deleted), written in the
 *   transaction that applied it. `seq` is commit order: it is taken from `feed_counter`
 *   by the batch's last statement, whose row lock is held until COMMIT, so number N+1
 *   cannot be handed out before the transaction holding N has committed.
 * - `feed_counter`: that one row.
 * - `feed_cursors`: where a follower inside the service (the NATS publisher, …) has got to.
 * An existing database gets its history as the feed's first entries (`backfillChanges`).
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
  await backfillChanges(db);

  await db.schema
    .createTable('feed_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', seqType, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/**
 * Every version stored before the feed existed becomes an entry, so an ERP following from
 * the start gets the whole history, not only what arrives after the upgrade. Commit order
 * was not recorded; the order is by arrival (`versions.created_at`), except that an
 * object's versions always keep their order: each version counts as arriving no earlier
 * than the ones before it (two requests for one object can commit in the other order
 * from their arrival). `committed_at` is the arrival time. The action follows the rules
 * applying a change uses: a version that marks the object deleted is `deleted`, else the
 * first is `created` and later ones `updated`.
 */
export async function backfillChanges(db: Kysely<any>): Promise<void> {
  await sql`
    insert into changes (seq, id, object_type, kind, action, object_id, version, source_id, committed_at)
    select row_number() over (order by h.effective, h.object_id, h.version), h.event_id, h.object_type, h.kind,
      case when h.deleted = 1 then 'deleted' when h.version = 1 then 'created' else 'updated' end,
      h.object_id, h.version, h.source_id, h.created_at
    from (
      select v.event_id, v.object_type, v.object_id, v.version, v.deleted, v.created_at,
        coalesce(i.kind, 'client') as kind, coalesce(i.source_id, c.source_id) as source_id,
        max(v.created_at) over (partition by v.object_id order by v.version rows between unbounded preceding and current row) as effective
      from versions v
      left join invoices i on i.id = v.object_id
      left join clients c on c.id = v.object_id
    ) h
    where h.source_id is not null`.execute(db);
  await sql`update feed_counter set last = (select coalesce(max(seq), 0) from changes) where id = 1`.execute(db);
}
