import type { Kysely, Selectable } from 'kysely';
import { storedBody } from '../body-codec.js';
import type { Database, EventStatus, EventsTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';

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
  return Object.assign(event, { body: bodyFrom(row) });
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

/** The journal's columns each with an index on (column, id). */
type JournalKey = 'status' | 'endpoint' | 'source_id';

/**
 * Of several filters, the one the fewest journal rows match in all time (the maintained
 * counts: a few dozen rows, by endpoint, status and source): its index is walked and the
 * others filter the walk, so the walk is never longer than that value's rows. Which one
 * that is depends on the base — one source among many, or the only one; a status that is
 * most of the journal (applied) or almost none of it (rejected) — so it is read, not guessed.
 */
async function rarest(db: Kysely<Database>, filters: [JournalKey, string][]): Promise<[JournalKey, string]> {
  const rows = await db.selectFrom('event_counts').select(['endpoint', 'status', 'source_id', 'n']).where('period', '=', 'all').execute();
  const matching = ([column, value]: [JournalKey, string]) => rows.reduce((sum, r) => sum + (r[column] === value ? Number(r.n) : 0), 0);
  return filters.map((f) => [f, matching(f)] as const).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
}

/** Newest first, without bodies (a list never ships megabytes). */
export async function listEvents(db: Kysely<Database>, support: DialectSupport, filter: EventFilter): Promise<Omit<EventRow, 'body' | 'body_encoding'>[]> {
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
    .limit(filter.limit);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.notReplayed) query = query.where('replayed_by', 'is', null);
  if (filter.knownSource) query = query.where('source_id', 'is not', null);
  // The id bounds (with a minute's slack: an id is minted a moment before received_at is
  // stamped) keep a time window an index range; received_at makes its edges exact.
  let lowerId: string | undefined;
  let upperId = filter.beforeId;
  if (filter.receivedAfter) {
    lowerId = uuidv7Bound(Date.parse(filter.receivedAfter) - 60_000);
    query = query.where('received_at', '>=', new Date(filter.receivedAfter).toISOString());
  }
  if (filter.receivedBefore) {
    const bound = uuidv7Bound(Date.parse(filter.receivedBefore) + 60_000);
    if (upperId === undefined || bound < upperId) upperId = bound;
    query = query.where('received_at', '<', new Date(filter.receivedBefore).toISOString());
  }
  const keyed = [
    ['status', filter.status],
    ['endpoint', filter.endpoint],
    ['source_id', filter.sourceId],
  ] as const;
  const filters = keyed.filter(([, value]) => Boolean(value)) as [JournalKey, string][];
  const walk = filter.objectId ? undefined : filters.length > 1 ? await rarest(db, filters) : filters[0];
  if (walk) {
    // One of the journal's (column, id) indexes is the walk: written as bounds on that pair
    // rather than `column = value`, so the index is the only way to the order. With the
    // equality PostgreSQL's planner walks the primary key newest first and filters, counting
    // on the value's share of the table to fill the page soon — but a journal is not
    // shuffled: after a day of incoming invoices the newest outgoing one was a day's rows
    // back (docs/decisions/measured-costs.md). SQLite walks the same index either way.
    const [column, value] = walk;
    for (const [other, otherValue] of filters) {
      if (other !== column) query = query.where(({ eb }) => eb(support.filterOnly(other), '=', otherValue));
    }
    query = query
      .where(({ eb, refTuple, tuple }) => eb(refTuple(column, 'id'), lowerId === undefined ? '>' : '>=', tuple(value, lowerId ?? '')))
      .where(({ eb, refTuple, tuple }) => (upperId === undefined ? eb(column, '<=', value) : eb(refTuple(column, 'id'), '<', tuple(value, upperId))))
      .orderBy(column, 'desc')
      .orderBy('id', 'desc');
  } else {
    for (const [column, value] of filters) query = query.where(column, '=', value);
    if (lowerId !== undefined) query = query.where('id', '>=', lowerId);
    if (upperId !== undefined) query = query.where('id', '<', upperId);
    query = query.orderBy('id', 'desc');
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
