import type { Kysely, Selectable } from 'kysely';
import type { Database, EventStatus, EventsTable } from '../database-schema.js';

export type EventRow = Selectable<EventsTable>;

/** One event with its raw bytes, following `body_event_id` when they are shared. */
export async function findEvent(db: Kysely<Database>, id: string): Promise<EventRow | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && row.body === null && row.body_event_id) {
    const shared = await db.selectFrom('events').select('body').where('id', '=', row.body_event_id).executeTakeFirst();
    row.body = shared?.body ?? null;
  }
  return row;
}

/**
 * An event's endpoint and bytes — what showing a document needs — in one statement,
 * following `body_event_id` when the event shares an earlier event's bytes.
 */
export async function findEventBody(db: Kysely<Database>, id: string): Promise<{ endpoint: string; body: Buffer | null } | undefined> {
  return db
    .selectFrom('events as e')
    .select((eb) => [
      'e.endpoint',
      eb.fn.coalesce('e.body', eb.selectFrom('events as shared').select('shared.body').whereRef('shared.id', '=', 'e.body_event_id')).as('body'),
    ])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export interface EventFilter {
  status?: EventStatus;
  endpoint?: string;
  sourceId?: string;
  objectId?: string;
  /** Keyset cursor: events with a smaller id (ids are UUIDv7, so older). */
  beforeId?: string;
  /** Time window (ISO instants): an id range (ids are UUIDv7) refined by received_at. */
  receivedBefore?: string;
  receivedAfter?: string;
  limit: number;
  /** Only events no operator has replayed yet. */
  notReplayed?: boolean;
  /** Only events whose source is known (a bulk replay never guesses one). */
  knownSource?: boolean;
}

/** Newest first, without bodies (a list never ships megabytes). */
export async function listEvents(db: Kysely<Database>, filter: EventFilter): Promise<Omit<EventRow, 'body'>[]> {
  let query = db
    .selectFrom('events')
    .select([
      'id', 'received_at', 'source_id', 'endpoint', 'action', 'webhook_id', 'status', 'result', 'http_status',
      'error_code', 'error_message', 'error_path', 'object_type', 'object_id', 'object_version', 'headers',
      'body_size', 'body_event_id', 'remote_addr', 'replay_of', 'body_sha256', 'replayed_by', 'request_id',
    ])
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.endpoint) query = query.where('endpoint', '=', filter.endpoint);
  if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  if (filter.notReplayed) query = query.where('replayed_by', 'is', null);
  if (filter.knownSource) query = query.where('source_id', 'is not', null);
  // The id bound (with a minute's slack: an id is minted a moment before received_at is
  // stamped) keeps it an index range; received_at makes the boundary exact.
  if (filter.receivedBefore) {
    query = query.where('id', '<', uuidv7Bound(Date.parse(filter.receivedBefore) + 60_000)).where('received_at', '<', new Date(filter.receivedBefore).toISOString());
  }
  if (filter.receivedAfter) {
    query = query.where('id', '>=', uuidv7Bound(Date.parse(filter.receivedAfter) - 60_000)).where('received_at', '>=', new Date(filter.receivedAfter).toISOString());
  }
  return query.execute();
}

/**
 * Claim an event for a replay: set `replayed_by` only if it still holds `expected` (null:
 * never replayed). One statement, so two operators (or two replicas) cannot both replay it.
 */
export async function claimReplay(db: Kysely<Database>, id: string, expected: string | null, replayId: string | null): Promise<boolean> {
  let query = db.updateTable('events').set({ replayed_by: replayId }).where('id', '=', id);
  query = expected === null ? query.where('replayed_by', 'is', null) : query.where('replayed_by', '=', expected);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The event that first delivered `webhookId` from a source (for duplicate answers). */
export async function findDelivery(db: Kysely<Database>, sourceId: string, webhookId: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.event_id')
    .select(['events.id as eventId', 'events.object_id as objectId'])
    .where('deliveries.source_id', '=', sourceId)
    .where('deliveries.webhook_id', '=', webhookId)
    .executeTakeFirst();
}

/**
 * The smallest UUIDv7 of millisecond `ms` (RFC 9562 §5.7: the first 48 bits are Unix ms):
 * "id < bound" means "received before ms".
 */
export function uuidv7Bound(ms: number): string {
  const hex = Math.max(0, Math.min(ms, 2 ** 48 - 1)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`;
}
