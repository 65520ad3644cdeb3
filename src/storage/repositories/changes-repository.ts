import type { Kysely, Selectable } from 'kysely';
import { compositeKey } from '../../domain/object-identity.js';
import type { ChangesTable, Database } from '../database-schema.js';
import { changeSequence, type NewChange } from '../dialects/change-sequence.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { bodyFrom, sharedBodyColumns } from './events-repository.js';

/**
 * The changes feed (migration 010; docs/decisions/changes-feed.md, "The changes feed"): every
 * applied change, numbered in commit order. Cursors are those numbers.
 */

export type ChangeKind = ChangesTable['kind'];

export interface ChangeRow extends Omit<Selectable<ChangesTable>, 'seq'> {
  seq: number;
}

export type { NewChange };

/** Append applied changes in this order; the LAST statement of the applying transaction (it locks the counter until commit). */
export async function appendChanges(db: Kysely<Database>, support: DialectSupport, rows: NewChange[]): Promise<void> {
  await changeSequence(support.name).append(db, rows);
}

/** The number of the last committed change (0 when none). Every number up to it is committed and visible. */
export async function readFeedHead(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('feed_counter').select('last').where('id', '=', 1).executeTakeFirst();
  return Number(row?.last ?? 0);
}

export interface ChangeFilter {
  /** Changes after this number (0: from the beginning). */
  after: number;
  kinds?: readonly ChangeKind[];
  sourceId?: string;
  limit: number;
}

export interface ChangePage {
  changes: ChangeRow[];
  /** Where to continue: past every change this read has looked at, filtered out or not. */
  nextCursor: number;
  /** The last committed number when the page was read. */
  head: number;
}

/**
 * Changes after `after`, in commit order. The head is read FIRST: every number up to it
 * belongs to a committed transaction, so the rows read next contain all of them — a page
 * that did not fill up has looked at everything up to the head, and the cursor moves
 * there even when the filters matched nothing (a follower of a rare kind does not
 * re-scan). A number past the head may exist by the time the rows are read; it is not
 * looked at, so it is not skipped.
 */
export async function readChanges(db: Kysely<Database>, filter: ChangeFilter): Promise<ChangePage> {
  const head = await readFeedHead(db);
  if (head <= filter.after) return { changes: [], nextCursor: filter.after, head };
  let query = db.selectFrom('changes').selectAll().where('seq', '>', filter.after).where('seq', '<=', head);
  if (filter.kinds && filter.kinds.length > 0) query = query.where('kind', 'in', filter.kinds);
  if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
  const rows = await query.orderBy('seq', 'asc').limit(filter.limit).execute();
  // Not `{ ...r, seq }` (measured-costs.md, "Object literals that open with a spread"): a feed page is up to thousands of rows.
  const changes = rows.map((r) => Object.assign(r, { seq: Number(r.seq) }));
  const full = changes.length === filter.limit;
  return { changes, nextCursor: full ? changes[changes.length - 1]!.seq : head, head };
}

/** What presenting a change's object needs: the bytes that made that version, and when the object was created. */
export interface ChangeSource {
  endpoint: string;
  body: Buffer | null;
  /** When the change's own event arrived: the object's `updatedAt` at that version. */
  receivedAt: string;
  /** The object's first version: its `createdAt`. */
  createdAt: string;
}

/**
 * For each change, the event body its object is presented from: the change's own event,
 * or for a delete the version before it (a delete carries the last state; 1C's delete
 * body may hold little more than the reference). Bodies shared with an earlier identical
 * event (`body_event_id`) are followed. A handful of statements per page.
 */
export async function findChangeSources(db: Kysely<Database>, changes: readonly ChangeRow[]): Promise<Map<string, ChangeSource>> {
  const result = new Map<string, ChangeSource>();
  if (changes.length === 0) return result;
  const contentEvent = new Map<string, string>(changes.map((c) => [c.id, c.id]));
  const deletes = changes.filter((c) => c.action === 'deleted' && c.version > 1);
  if (deletes.length > 0) {
    const previous = await db
      .selectFrom('versions')
      .select(['object_id', 'version', 'event_id'])
      .where((eb) => eb.or(deletes.map((d) => eb.and([eb('object_id', '=', d.object_id), eb('version', '=', d.version - 1)]))))
      .execute();
    const byKey = new Map(previous.map((v) => [compositeKey(v.object_id, v.version), v.event_id]));
    for (const d of deletes) {
      const eventId = byKey.get(compositeKey(d.object_id, d.version - 1));
      if (eventId) contentEvent.set(d.id, eventId);
    }
  }
  const eventIds = [...new Set([...contentEvent.values(), ...changes.map((c) => c.id)])];
  const events = await db
    .selectFrom('events as e')
    .leftJoin('events as shared', 'shared.id', 'e.body_event_id')
    .select(['e.id', 'e.endpoint', 'e.received_at', ...sharedBodyColumns()])
    .where('e.id', 'in', eventIds)
    .execute();
  const eventById = new Map(events.map((e) => [e.id, e]));
  const created = await firstVersionTimes(db, [...new Set(changes.map((c) => c.object_id))]);
  for (const change of changes) {
    const own = eventById.get(change.id);
    const content = eventById.get(contentEvent.get(change.id)!);
    if (!own || !content) continue;
    result.set(change.id, {
      endpoint: content.endpoint,
      body: bodyFrom(content),
      receivedAt: own.received_at,
      createdAt: created.get(change.object_id) ?? own.received_at,
    });
  }
  return result;
}

async function firstVersionTimes(db: Kysely<Database>, objectIds: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('versions').select(['object_id', 'created_at']).where('object_id', 'in', objectIds).where('version', '=', 1).execute();
  return new Map(rows.map((r) => [r.object_id, r.created_at]));
}

/** A follower's position (0 when it has none yet). */
export async function readCursor(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db.selectFrom('feed_cursors').select('seq').where('name', '=', name).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Make sure a follower's cursor row exists (at 0), so it can be locked. */
export async function ensureCursor(db: Kysely<Database>, name: string, now: string): Promise<void> {
  await db
    .insertInto('feed_cursors')
    .values({ name, seq: 0, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * One step of a follower inside the service (the NATS publisher): `step` runs with the
 * cursor's position, as the only replica doing so; undefined when another holds it.
 */
export function withCursor<T>(
  db: Kysely<Database>,
  support: DialectSupport,
  name: string,
  step: (db: Kysely<Database>, seq: number) => Promise<T>,
): Promise<T | undefined> {
  return changeSequence(support.name).withCursor(db, name, step);
}

export async function saveCursor(db: Kysely<Database>, name: string, seq: number, now: string): Promise<void> {
  await db.updateTable('feed_cursors').set({ seq, updated_at: now }).where('name', '=', name).execute();
}
