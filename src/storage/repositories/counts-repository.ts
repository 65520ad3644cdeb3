import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, EventCountsTable, EventStatus, ObjectCountsTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { insertShaped } from './shaped-statement.js';

/**
 * The maintained counts (migration 012; docs/ARCHITECTURE.md, "Maintained counts"): a
 * write batch gathers its deltas in memory and adds them with one upsert per table, in
 * its own transaction, so a count is always the count of the rows committed with it.
 */

/** An object count's kind: an invoice's kind, or `clients`. */
/** `incoming`, `outgoing`, `clients` (the classic kinds' stats keys), or a declared kind's name. */
export type CountedKind = string;

const key = (...parts: string[]) => parts.join('\u0000');
const byKey = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** One batch's changes to the counts. */
export class CountDeltas {
  private readonly objects = new Map<string, { kind: string; source_id: string; live: number; deleted: number }>();
  private readonly events = new Map<string, { period: string; endpoint: string; status: EventStatus; source_id: string; n: number }>();

  /** An object entered a state (live or deleted), or left one (`-1`). */
  object(kind: CountedKind, sourceId: string, live: number, deleted: number): void {
    const k = key(kind, sourceId);
    const row = this.objects.get(k) ?? { kind, source_id: sourceId, live: 0, deleted: 0 };
    row.live += live;
    row.deleted += deleted;
    this.objects.set(k, row);
  }

  /** A journal row: counted in its UTC hour and in all time. */
  event(row: { received_at: string; endpoint: string; status: EventStatus; source_id?: string | null }): void {
    for (const period of [row.received_at.slice(0, 13), 'all']) {
      const sourceId = row.source_id ?? '';
      const k = key(period, row.endpoint, row.status, sourceId);
      const counted = this.events.get(k);
      if (counted) counted.n += 1;
      else this.events.set(k, { period, endpoint: row.endpoint, status: row.status, source_id: sourceId, n: 1 });
    }
  }

  /**
   * Add the deltas: one statement per table, rows in key order. On PostgreSQL each
   * upsert locks its rows until COMMIT; `x = x + excluded.x` adds to the committed value
   * (no lost update between replicas), and every batch locks them in the same order and
   * after its object rows, so two batches cannot wait for each other in a cycle.
   */
  async write(db: Kysely<Database>, support: DialectSupport): Promise<void> {
    const objects = byKey(this.objects).filter((r) => r.live !== 0 || r.deleted !== 0);
    if (objects.length > 0) {
      await insertShaped(db, support.name, 'object_counts', objects, () =>
        db
          .insertInto('object_counts')
          .values(objects as Insertable<ObjectCountsTable>[])
          .onConflict((oc) =>
            oc.columns(['kind', 'source_id']).doUpdateSet({
              live: sql`object_counts.live + excluded.live`,
              deleted: sql`object_counts.deleted + excluded.deleted`,
            }),
          ),
      );
    }
    const events = byKey(this.events);
    if (events.length > 0) {
      await insertShaped(db, support.name, 'event_counts', events, () =>
        db
          .insertInto('event_counts')
          .values(events as Insertable<EventCountsTable>[])
          .onConflict((oc) => oc.columns(['period', 'endpoint', 'status', 'source_id']).doUpdateSet({ n: sql`event_counts.n + excluded.n` })),
      );
    }
  }
}

export interface ObjectCount {
  kind: CountedKind;
  sourceId: string;
  live: number;
  deleted: number;
}

/** Objects per kind and source: a read of a few rows, whatever the tables hold. */
export async function objectCounts(db: Kysely<Database>): Promise<ObjectCount[]> {
  const rows = await db.selectFrom('object_counts').selectAll().execute();
  return rows.map((r) => ({ kind: r.kind as CountedKind, sourceId: r.source_id, live: Number(r.live), deleted: Number(r.deleted) }));
}

export interface EventCount {
  period: string;
  endpoint: string;
  sourceId: string | null;
  n: number;
}

/**
 * Journal rows of `status` per hour from the hour of `sinceIso` on (at most the hours of
 * the window × endpoints × sources rows), or in all time when `sinceIso` is `all`.
 */
export async function eventCounts(db: Kysely<Database>, status: EventStatus, sinceIso: string | 'all'): Promise<EventCount[]> {
  let q = db.selectFrom('event_counts').select(['period', 'endpoint', 'source_id', 'n']).where('status', '=', status);
  q = sinceIso === 'all' ? q.where('period', '=', 'all') : q.where('period', '>=', sinceIso.slice(0, 13)).where('period', '<>', 'all');
  const rows = await q.execute();
  return rows.map((r) => ({ period: r.period, endpoint: r.endpoint, sourceId: r.source_id === '' ? null : r.source_id, n: Number(r.n) }));
}
