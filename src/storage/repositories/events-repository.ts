import type { Kysely, Selectable } from 'kysely';
import { storedBody } from '../body-codec.js';
import type { Database, EventStatus, EventsTable } from '../database-schema.js';

/** A journal entry; `body` is always the bytes as received (decompressed), `body_encoding` as stored. */
export type EventRow = Selectable<EventsTable>;

/**
 * The columns that hold an event's bytes, its own or — through `body_event_id` — those of
 * the earlier event it shares them with: select them with `sharedBodyColumns`, read them
 * with `bodyFrom`. The one path every reader of bodies takes (they may be compressed).
 */
export function sharedBodyColumns() {
  return ['e.body', 'e.body_encoding', 'shared.body as shared_body', 'shared.body_encoding as shared_body_encoding'] as const;
}

export function bodyFrom(row: {
  body: Uint8Array | null;
  body_encoding: string | null;
  shared_body?: Uint8Array | null;
  shared_body_encoding?: string | null;
}): Buffer | null {
  return row.body ? storedBody(row.body, row.body_encoding) : storedBody(row.shared_body, row.shared_body_encoding);
}

/** One event with its raw bytes (decompressed), following `body_event_id` when they are shared. */
export async function findEvent(db: Kysely<Database>, id: string): Promise<EventRow | undefined> {
  const row = await db
    .selectFrom('events as e')
    .leftJoin('events as shared', 'shared.id', 'e.body_event_id')
    .selectAll('e')
    .select(['shared.body as shared_body', 'shared.body_encoding as shared_body_encoding'])
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { shared_body, shared_body_encoding, ...event } = row;
  return { ...event, body: bodyFrom(row) };
}

/**
 * An event's endpoint and bytes — what showing a document needs — in one statement,
 * following `body_event_id` when the event shares an earlier event's bytes.
 */
export async function findEventBody(db: Kysely<Database>, id: string): Promise<{ endpoint: string; body: Buffer | null } | undefined> {
  const row = await db
    .selectFrom('events as e')
    .leftJoin('events as shared', 'shared.id', 'e.body_event_id')
    .select(['e.endpoint', ...sharedBodyColumns()])
    .where('e.id', '=', id)
    .executeTakeFirst();
  return row && { endpoint: row.endpoint, body: bodyFrom(row) };
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
export async function listEvents(db: Kysely<Database>, filter: EventFilter): Promise<Omit<EventRow, 'body' | 'body_encoding'>[]> {
  let query = db
    .selectFrom('events')
    .select([
      'id',
      'received_at',
      'source_id',
      'endpoint',
      'action',
      'webhook_id',
      'status',
      'result',
      'http_status',
      'error_code',
      'error_message',
      'error_path',
      'object_type',
      'object_id',
      'object_version',
      'headers',
      'body_size',
      'body_event_id',
      'remote_addr',
      'replay_of',
      'body_sha256',
      'replayed_by',
      'body_pruned_at',
      'request_id',
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
    query = query
      .where('id', '<', uuidv7Bound(Date.parse(filter.receivedBefore) + 60_000))
      .where('received_at', '<', new Date(filter.receivedBefore).toISOString());
  }
  if (filter.receivedAfter) {
    query = query
      .where('id', '>=', uuidv7Bound(Date.parse(filter.receivedAfter) - 60_000))
      .where('received_at', '>=', new Date(filter.receivedAfter).toISOString());
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
  const hex = Math.max(0, Math.min(ms, 2 ** 48 - 1))
    .toString(16)
    .padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`;
}
