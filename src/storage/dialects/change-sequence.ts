import { sql, type Insertable, type Kysely } from 'kysely';
import type { ChangesTable, Database } from '../database-schema.js';

/** A change to append: everything but its sequence number, which appending assigns. */
export type NewChange = Omit<Insertable<ChangesTable>, 'seq'>;

/**
 * The changes feed's two dialect-specific statements (docs/ARCHITECTURE.md, "The changes
 * feed"). Both take numbers from the one-row `feed_counter` inside the caller's
 * transaction, as its last statement: the counter row stays locked until COMMIT, so the
 * transaction holding number N commits before any other can take N+1 — sequence order
 * is commit order, and a reader never sees N+1 without N.
 */
export interface ChangeSequence {
  /** Append `rows` in this order, numbered after the feed's last number; call last in the transaction. */
  append(db: Kysely<Database>, rows: NewChange[]): Promise<void>;
  /**
   * A follower's cursor row, locked until the caller's transaction ends — or undefined
   * when another replica holds it (that replica is following right now).
   */
  lockCursor(db: Kysely<Database>, name: string): Promise<{ seq: number } | undefined>;
}

const COLUMNS = ['id', 'object_type', 'kind', 'action', 'object_id', 'version', 'source_id', 'committed_at'] as const;

/**
 * PostgreSQL: one statement, one round trip, whatever the batch size — the counter's
 * UPDATE and the INSERT together, the rows passed as one array per column (a fixed
 * parameter count: one prepared plan). The row lock it takes is held only from this
 * statement to COMMIT.
 */
const postgres: ChangeSequence = {
  async append(db, rows) {
    if (rows.length === 0) return;
    const column = (name: (typeof COLUMNS)[number]) => rows.map((r) => r[name]);
    await sql`
      with counter as (update feed_counter set last = last + ${rows.length} where id = 1 returning last)
      insert into changes (seq, id, object_type, kind, action, object_id, version, source_id, committed_at)
      select counter.last - ${rows.length} + c.ord, c.id, c.object_type, c.kind, c.action, c.object_id, c.version, c.source_id, c.committed_at
      from counter cross join unnest(
        ${column('id')}::text[], ${column('object_type')}::text[], ${column('kind')}::text[], ${column('action')}::text[],
        ${column('object_id')}::text[], ${column('version')}::int[], ${column('source_id')}::text[], ${column('committed_at')}::text[]
      ) with ordinality as c(id, object_type, kind, action, object_id, version, source_id, committed_at, ord)`.execute(db);
  },
  async lockCursor(db, name) {
    const row = await db.selectFrom('feed_cursors').select('seq').where('name', '=', name).forUpdate().skipLocked().executeTakeFirst();
    return row && { seq: Number(row.seq) };
  },
};

/** Rows per INSERT on SQLite: 8 parameters each, under its 32,766-parameter limit. */
const SQLITE_CHUNK = 2000;

/**
 * SQLite: every write transaction holds the database's one write lock until COMMIT, so
 * any writer — the service's writer thread, another process — numbers in commit order.
 * UPDATE … RETURNING needs SQLite 3.35 (better-sqlite3 bundles a newer one).
 */
const sqlite: ChangeSequence = {
  async append(db, rows) {
    if (rows.length === 0) return;
    const { rows: counter } = await sql<{ last: number }>`update feed_counter set last = last + ${rows.length} where id = 1 returning last`.execute(db);
    let seq = Number(counter[0]!.last) - rows.length;
    for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
      const chunk = rows.slice(i, i + SQLITE_CHUNK).map((r) => ({ seq: ++seq, ...r }));
      await db.insertInto('changes').values(chunk).execute();
    }
  },
  // One process writes a SQLite database (several replicas need PostgreSQL): no lock to take.
  async lockCursor(db, name) {
    const row = await db.selectFrom('feed_cursors').select('seq').where('name', '=', name).executeTakeFirst();
    return row && { seq: Number(row.seq) };
  },
};

export const changeSequence = (dialect: 'sqlite' | 'postgres'): ChangeSequence => (dialect === 'postgres' ? postgres : sqlite);
