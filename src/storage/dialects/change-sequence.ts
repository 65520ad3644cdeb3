import { type Insertable, type Kysely, sql } from 'kysely';
import type { ChangesTable, Database } from '../database-schema.js';
import { runShaped } from '../repositories/shaped-statement.js';

/** A change to append: everything but its sequence number, which appending assigns. */
export type NewChange = Omit<Insertable<ChangesTable>, 'seq'>;

/**
 * The changes feed's two dialect-specific statements (docs/decisions/changes-feed.md, "The changes
 * feed"). Both take numbers from the one-row `feed_counter` inside the caller's
 * transaction, as its last statement: the counter row stays locked until COMMIT, so the
 * transaction holding number N commits before any other can take N+1 — sequence order
 * is commit order, and a reader never sees N+1 without N.
 */
export interface ChangeSequence {
  /** Append `rows` in this order, numbered after the feed's last number; call last in the transaction. */
  append(db: Kysely<Database>, rows: NewChange[]): Promise<void>;
  /**
   * Run `step` with a follower's cursor (its row must exist), as the only follower under
   * that name: undefined, without running it, when another replica holds the cursor.
   * `step` reads and saves the cursor through the `db` it is given.
   */
  withCursor<T>(db: Kysely<Database>, name: string, step: (db: Kysely<Database>, seq: number) => Promise<T>): Promise<T | undefined>;
}

/**
 * The rows as ONE parameter, a JSON array of arrays, unpacked by the database: the
 * statement's text is the same for every batch (one prepared plan, nothing for the query
 * builder to compile per row) and encoding is one native JSON.stringify — cheaper than a
 * parameter per value (SQLite) or an array per column (PostgreSQL)
 * (docs/decisions/measured-costs.md). Both texts are compiled once (shaped-statement.ts).
 */
function asJsonRows(rows: NewChange[]): string {
  return JSON.stringify(rows.map((r) => [r.id, r.object_type, r.kind, r.action, r.object_id, r.version, r.source_id, r.committed_at]));
}

/**
 * PostgreSQL: one statement, one round trip, whatever the batch size — the counter's
 * UPDATE and the INSERT together. The row lock it takes is held only from this statement
 * to COMMIT.
 */
const postgres: ChangeSequence = {
  async append(db, rows) {
    if (rows.length === 0) return;
    const json = asJsonRows(rows);
    await runShaped(db, 'postgres', 'feed append', [rows.length, rows.length, json], () =>
      sql`
      with counter as (update feed_counter set last = last + ${rows.length} where id = 1 returning last)
      insert into changes (seq, id, object_type, kind, action, object_id, version, source_id, committed_at)
      select counter.last - ${rows.length} + c.ord, c.r->>0, c.r->>1, c.r->>2, c.r->>3, c.r->>4, (c.r->>5)::int, c.r->>6, c.r->>7
      from counter cross join json_array_elements(${json}::json) with ordinality as c(r, ord)`.compile(db),
    );
  },
  // Replicas share the cursor: its row is locked for the step (SKIP LOCKED: a replica that
  // finds it taken does not wait), so one page is published by one replica at a time.
  withCursor(db, name, step) {
    return db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('feed_cursors').select('seq').where('name', '=', name).forUpdate().skipLocked().executeTakeFirst();
      return row ? step(trx, Number(row.seq)) : undefined;
    });
  },
};

/**
 * SQLite: every write transaction holds the database's one write lock until COMMIT, so
 * any writer — the service's writer thread, another process — numbers in commit order.
 * Every transaction begins IMMEDIATE (sqlite-dialect.ts), so a batch holds that lock from
 * its first statement: it never reads a snapshot that another connection's write (a
 * follower saving its cursor, an operator's change) could make stale before it writes.
 * UPDATE … RETURNING needs SQLite 3.35 (better-sqlite3 bundles a newer one).
 */
const sqlite: ChangeSequence = {
  async append(db, rows) {
    if (rows.length === 0) return;
    const { rows: counter } = await runShaped(db, 'sqlite', 'feed counter', [rows.length], () =>
      sql<{ last: number }>`update feed_counter set last = last + ${rows.length} where id = 1 returning last`.compile(db),
    );
    const first = Number(counter[0]!.last) - rows.length + 1;
    const json = asJsonRows(rows);
    await runShaped(db, 'sqlite', 'feed append', [first, json], () =>
      sql`
      insert into changes (seq, id, object_type, kind, action, object_id, version, source_id, committed_at)
      select ${first} + r.key, r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6, r.value ->> 7
      from json_each(${json}) as r`.compile(db),
    );
  },
  // One process serves a SQLite database (several replicas need PostgreSQL): no lock to
  // take, and no transaction — it would hold the main thread's one connection (and every
  // API read behind it) for as long as the step waits on the network.
  async withCursor(db, name, step) {
    const row = await db.selectFrom('feed_cursors').select('seq').where('name', '=', name).executeTakeFirst();
    return row ? step(db, Number(row.seq)) : undefined;
  },
};

export const changeSequence = (dialect: 'sqlite' | 'postgres'): ChangeSequence => (dialect === 'postgres' ? postgres : sqlite);
