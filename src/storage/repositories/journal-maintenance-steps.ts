import { type Kysely, sql } from 'kysely';
import { compressBody } from '../body-codec.js';
import type { Database } from '../database-schema.js';
import { uuidv7Bound } from './events-repository.js';

/**
 * The journal's bounded-growth work, as steps of one short transaction each (the caller
 * opens it): the conversion of bodies stored before compression (SQLite), and prune.
 * Each step touches at most `limit` rows, so ingest waits for one step at most, never for
 * the whole job (docs/ARCHITECTURE.md, "Raw bodies compressed at rest"; docs/operations.md,
 * "Bounded growth").
 */

export const COMPRESS_TASK = 'compress-bodies';

export interface ConversionStep {
  /** Rows walked, and rows whose body was rewritten compressed. */
  scanned: number;
  converted: number;
  bytesBefore: number;
  bytesAfter: number;
  /** The last event id walked (the task resumes after it). */
  cursor: string | null;
  done: boolean;
}

/**
 * Compress the next `limit` journal bodies stored before migration 013, in id order from
 * the task's cursor up to its `until_id`. The cursor is saved in the same transaction, so
 * after a restart the walk goes on where it stopped.
 */
export async function convertBodiesStep(db: Kysely<Database>, limit: number, now = new Date()): Promise<ConversionStep> {
  const step: ConversionStep = { scanned: 0, converted: 0, bytesBefore: 0, bytesAfter: 0, cursor: null, done: true };
  const task = await db.selectFrom('maintenance_tasks').selectAll().where('name', '=', COMPRESS_TASK).executeTakeFirst();
  if (!task || task.done_at || task.until_id === null) return step;
  const rows = await db
    .selectFrom('events')
    .select(['id', 'body', 'body_encoding'])
    .where('id', '>', task.cursor ?? '')
    .where('id', '<=', task.until_id)
    .orderBy('id')
    .limit(limit)
    .execute();
  for (const row of rows) {
    if (!row.body || row.body_encoding) continue;
    const packed = compressBody(row.body);
    if (!packed) continue;
    await db.updateTable('events').set({ body: packed.body, body_encoding: packed.encoding }).where('id', '=', row.id).execute();
    step.converted++;
    step.bytesBefore += row.body.byteLength;
    step.bytesAfter += packed.body.length;
  }
  step.scanned = rows.length;
  step.cursor = rows.at(-1)?.id ?? task.cursor;
  step.done = rows.length < limit;
  await db
    .updateTable('maintenance_tasks')
    .set({ cursor: step.cursor, updated_at: now.toISOString(), done_at: step.done ? now.toISOString() : null })
    .where('name', '=', COMPRESS_TASK)
    .execute();
  return step;
}

/**
 * Entries whose body prune may remove: they changed nothing — `unchanged`, `duplicate`,
 * `stale` — or were rejected and have since been replayed (the replay journaled the same
 * bytes again). A rejected entry nobody has replayed is waiting for a person: never. A
 * rejected entry whose replay ended `stale` may still be replayed again (forced), so it
 * keeps its bytes until a later replay does not end stale.
 */
export const PRUNABLE_STATUSES = ['unchanged', 'duplicate', 'stale'] as const;
export type PruneLane = (typeof PRUNABLE_STATUSES)[number] | 'rejected';

export interface PruneStep {
  rows: number;
  /** Bytes of body removed, as stored (compressed on SQLite). */
  bytes: number;
  cursor: string;
  done: boolean;
}

/**
 * Remove the bodies of the next `limit` prunable entries of one status (a "lane") received
 * before `olderThan`, walking the (status, id) index from `after`. Never a body that anything
 * live reads — checked in the statement itself, although by construction only applied
 * entries are read: the changes feed and pending deliveries read their change's own event
 * (`changes.id`); the version history `versions.event_id`; an object's current content its
 * `current_event_id`; a re-post journaled without a copy the event named by its `body_event_id`
 * (always an event that made a version). Each check is an index seek by the event's own id
 * or object.
 */
export async function pruneBodiesStep(
  db: Kysely<Database>,
  lane: PruneLane,
  options: { olderThan: Date; after: string; limit: number; now?: Date },
): Promise<PruneStep> {
  let query = db
    .selectFrom('events as e')
    .select(['e.id', sql<number>`length(e.body)`.as('bytes')])
    .where('e.status', '=', lane)
    .where('e.id', '>', options.after)
    // The id bound keeps it an index range (ids are UUIDv7: their first 48 bits are the
    // arrival's Unix ms, with a minute's slack), received_at makes the boundary exact.
    .where('e.id', '<', uuidv7Bound(options.olderThan.getTime() + 60_000))
    .where('e.received_at', '<', options.olderThan.toISOString())
    .where('e.body', 'is not', null)
    .orderBy('e.id')
    .limit(options.limit);
  if (lane === 'rejected') {
    query = query.innerJoin('events as replay', 'replay.id', 'e.replayed_by').where('replay.status', '!=', 'stale');
  }
  const candidates = await query.execute();
  const step: PruneStep = { rows: 0, bytes: 0, cursor: candidates.at(-1)?.id ?? options.after, done: candidates.length < options.limit };
  if (candidates.length === 0) return step;
  const ids = candidates.map((c) => c.id);
  // No alias on the updated table: SQLite's RETURNING does not see one.
  const pruned = await db
    .updateTable('events')
    .set({ body: null, body_encoding: null, body_pruned_at: (options.now ?? new Date()).toISOString() })
    .where('events.id', 'in', ids)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom('changes as c').select('c.id').whereRef('c.id', '=', 'events.id'))),
        eb.not(
          eb.exists(
            eb.selectFrom('versions as v').select('v.event_id').whereRef('v.object_id', '=', 'events.object_id').whereRef('v.event_id', '=', 'events.id'),
          ),
        ),
        eb.not(
          eb.exists(eb.selectFrom('invoices as i').select('i.id').whereRef('i.id', '=', 'events.object_id').whereRef('i.current_event_id', '=', 'events.id')),
        ),
        eb.not(
          eb.exists(eb.selectFrom('clients as k').select('k.id').whereRef('k.id', '=', 'events.object_id').whereRef('k.current_event_id', '=', 'events.id')),
        ),
        eb.not(
          eb.exists(eb.selectFrom('objects as o').select('o.id').whereRef('o.id', '=', 'events.object_id').whereRef('o.current_event_id', '=', 'events.id')),
        ),
        // A body another entry shares (`body_event_id`) is kept by the versions check: an
        // entry points at its object's current event, and every event that became current
        // made a version in the same batch (apply-batch.ts). Looking for pointers directly
        // would read every journal row of the object — thousands for a re-posting storm.
      ]),
    )
    .returning('id')
    .execute();
  const prunedIds = new Set(pruned.map((p) => p.id));
  for (const c of candidates) {
    if (!prunedIds.has(c.id)) continue;
    step.rows++;
    step.bytes += Number(c.bytes);
  }
  return step;
}
