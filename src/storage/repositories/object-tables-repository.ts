import type { Insertable, Kysely } from 'kysely';
import { compositeKey } from '../../domain/object-identity.js';
import type { Database, EventsTable, ObjectColumns, VersionsTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { plainTables } from '../dialects/untyped-view.js';
import { insertShaped } from './shaped-statement.js';

/**
 * The ingest path's writes, one statement per table per batch (docs/decisions/write-path.md,
 * "Batched writes"): a group of N webhooks costs a handful of statements, not 4·N —
 * on PostgreSQL each statement is a round trip, on SQLite each is a query built,
 * compiled and stepped.
 */

export type ObjectTable = 'invoices' | 'clients' | 'objects';

/** What applying a change reads of an object's row (the columns every synced object has). */
export const OBJECT_STATE_COLUMNS = ['id', 'identity', 'deleted', 'version', 'event_number', 'content_hash', 'current_event_id', 'current_body_hash'] as const;
export type ObjectState = Pick<ObjectColumns, (typeof OBJECT_STATE_COLUMNS)[number]>;

/** A whole object row as inserted: bookkeeping plus the table's own columns. */
export type ObjectRow = Omit<ObjectColumns, 'deletion_mark' | 'search_text'> & Record<string, string | number | null>;

/** Parameters per statement, under SQLite's (32,766) and PostgreSQL's (65,535) limits with room to spare. */
const MAX_PARAMETERS = 16_000;

function inChunks<T extends object>(rows: T[]): T[][] {
  if (rows.length === 0) return [];
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

// The object tables share their bookkeeping columns; Kysely types each table apart, so
// the generic writes below address them through one untyped view.
const untyped = (db: Kysely<Database>) => plainTables<ObjectTable>(db);

/**
 * The current state of the objects named by `identities` (one source; one kind for
 * invoices). On PostgreSQL the rows are locked until commit, in one order, so two
 * replicas' batches touching the same objects serialise without deadlocking.
 */
export async function findObjectStates(
  db: Kysely<Database>,
  support: DialectSupport,
  table: ObjectTable,
  sourceId: string,
  kind: string | null,
  identities: string[],
): Promise<ObjectState[]> {
  const scope: Record<string, string> = kind === null ? { source_id: sourceId } : { source_id: sourceId, kind };
  return support.selectByIdentities(db, table, OBJECT_STATE_COLUMNS, scope, identities);
}

/**
 * Insert new objects unless their identity exists (another replica won the race);
 * returns the ids of the rows actually inserted. Every row must have the same columns.
 */
export async function insertObjects(db: Kysely<Database>, support: DialectSupport, table: ObjectTable, rows: ObjectRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const unique = table === 'clients' ? ['source_id', 'identity'] : ['source_id', 'kind', 'identity'];
  for (const chunk of inChunks(rows)) {
    const { rows: returned } = await insertShaped<{ id: string }>(db, support.name, `objects ${table}`, chunk, () =>
      untyped(db)
        .insertInto(table)
        .values(chunk)
        .onConflict((oc) => oc.columns(unique).doNothing())
        .returning('id'),
    );
    for (const r of returned) inserted.add(r.id);
  }
  return inserted;
}

export async function updateObject(db: Kysely<Database>, table: ObjectTable, id: string, set: Record<string, string | number | null>): Promise<void> {
  await untyped(db).updateTable(table).set(set).where('id', '=', id).execute();
}

export async function insertVersions(db: Kysely<Database>, support: DialectSupport, rows: Insertable<VersionsTable>[]): Promise<void> {
  for (const chunk of inChunks(rows)) await insertShaped(db, support.name, 'versions', chunk, () => db.insertInto('versions').values(chunk));
}

/** Journal rows; every row must name the same columns (`journalRow` gives them all). */
export async function insertEvents(db: Kysely<Database>, support: DialectSupport, rows: Insertable<EventsTable>[]): Promise<void> {
  for (const chunk of inChunks(rows)) await insertShaped(db, support.name, 'events', chunk, () => db.insertInto('events').values(chunk));
}

/**
 * Claim idempotency keys (webhook-id per source); returns the `source_id webhook_id`
 * pairs claimed now — the others were claimed before, by this or another replica.
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  support: DialectSupport,
  rows: { source_id: string; webhook_id: string; event_id: string; received_at: string }[],
): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const chunk of inChunks(rows)) {
    const { rows: returned } = await insertShaped<{ source_id: string; webhook_id: string }>(db, support.name, 'deliveries', chunk, () =>
      db
        .insertInto('deliveries')
        .values(chunk)
        .onConflict((oc) => oc.columns(['source_id', 'webhook_id']).doNothing())
        .returning(['source_id', 'webhook_id']),
    );
    for (const r of returned) claimed.add(deliveryKey(r.source_id, r.webhook_id));
  }
  return claimed;
}

export const deliveryKey = (sourceId: string, webhookId: string) => compositeKey(sourceId, webhookId);
