import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { compareIntegers } from '../domain/decimal.js';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { clientStore } from '../storage/repositories/clients-repository.js';
import { invoiceStore } from '../storage/repositories/invoices-repository.js';
import type { ObjectState, ObjectStore } from '../storage/repositories/object-store.js';
import { insertVersion } from '../storage/repositories/versions-repository.js';
import type { ObjectChange } from './object-change.js';

export type ApplyResult = 'created' | 'updated' | 'unchanged' | 'deleted' | 'stale';

export interface Applied {
  result: ApplyResult;
  objectId: string;
  version: number;
  /** For `unchanged`: the event whose body holds these very bytes, if they are identical. */
  sameBodyAs?: string;
}

export interface ApplyContext {
  db: Kysely<Database>;
  support: DialectSupport;
  sourceId: string;
  eventId: string;
  now: string;
  /** sha256 of the request's raw bytes. */
  bodyHash: string | null;
}

function storeFor(change: ObjectChange): ObjectStore<ObjectChange> {
  return (change.objectType === 'invoice' ? invoiceStore : clientStore) as ObjectStore<ObjectChange>;
}

/**
 * Apply one change inside the caller's transaction. The object's row is locked (on
 * PostgreSQL) before it is compared, so two replicas changing one invoice serialise
 * here and versions stay gapless. Rules (issue 2):
 * - `action` never tells create from update (the seed always says "update"): upsert;
 * - an older НомерСобытия than the stored one is `stale` and changes nothing;
 * - equal content is `unchanged`: no version; a delete marks the object deleted,
 *   and a later change brings it back.
 */
export async function applyChange(ctx: ApplyContext, change: ObjectChange): Promise<Applied> {
  const store = storeFor(change);
  const { db, support, sourceId } = ctx;
  let row = await store.find(db, support, sourceId, change, change.identity);
  if (!row && change.uuid) {
    // First seen through the seed's protocol (ref only), now with its GUID: adopt it.
    row = await store.find(db, support, sourceId, change, `ref:${change.sourceRef}`);
  }
  if (!row) {
    const created = await create(ctx, store, change);
    if (created) return created;
    // Another replica inserted it between our read and insert: its row is now locked for us.
    row = await store.find(db, support, sourceId, change, change.identity);
    if (!row) throw new Error(`object ${change.identity} vanished during upsert`);
  }
  return update(ctx, store, change, row);
}

async function create(ctx: ApplyContext, store: ObjectStore<ObjectChange>, change: ObjectChange): Promise<Applied | undefined> {
  const id = uuidv7();
  const deleted = change.action === 'delete';
  const inserted = await store.insert(
    ctx.db,
    {
      id,
      source_id: ctx.sourceId,
      created_at: ctx.now,
      ...bookkeeping(ctx, change, 1, deleted),
    },
    change,
  );
  if (!inserted) return undefined;
  await recordVersion(ctx, change, id, 1, deleted);
  return { result: deleted ? 'deleted' : 'created', objectId: id, version: 1 };
}

async function update(ctx: ApplyContext, store: ObjectStore<ObjectChange>, change: ObjectChange, row: ObjectState): Promise<Applied> {
  const same = { objectId: row.id, version: row.version };
  if (change.eventNumber !== null && row.event_number !== null && compareIntegers(change.eventNumber, row.event_number) < 0) {
    return { result: 'stale', ...same };
  }
  const deleting = change.action === 'delete';
  const unchanged = deleting ? row.deleted === 1 : row.deleted === 0 && row.content_hash === change.contentHash;
  if (unchanged) {
    // Remember the newest event number so a later-arriving older change is still stale.
    if (change.eventNumber !== null && change.eventNumber !== row.event_number) {
      await store.update(ctx.db, row.id, { event_number: change.eventNumber, identity: change.identity }, null);
    }
    const sameBody = ctx.bodyHash !== null && ctx.bodyHash === row.current_body_hash;
    return { result: 'unchanged', ...same, ...(sameBody ? { sameBodyAs: row.current_event_id } : {}) };
  }
  const version = row.version + 1;
  await store.update(ctx.db, row.id, bookkeeping(ctx, change, version, deleting, row.event_number), change);
  await recordVersion(ctx, change, row.id, version, deleting);
  return { result: deleting ? 'deleted' : 'updated', objectId: row.id, version };
}

function bookkeeping(ctx: ApplyContext, change: ObjectChange, version: number, deleted: boolean, previousEventNumber: string | null = null) {
  return {
    identity: change.identity,
    uuid: change.uuid,
    source_ref: change.sourceRef,
    deleted: deleted ? 1 : 0,
    version,
    event_number: change.eventNumber ?? previousEventNumber,
    data_version: change.dataVersion,
    content_hash: change.contentHash,
    current_event_id: ctx.eventId,
    current_body_hash: ctx.bodyHash,
    warnings: JSON.stringify(change.warnings),
    updated_at: ctx.now,
  };
}

async function recordVersion(ctx: ApplyContext, change: ObjectChange, objectId: string, version: number, deleted: boolean): Promise<void> {
  await insertVersion(ctx.db, {
    object_id: objectId,
    version,
    object_type: change.objectType,
    event_id: ctx.eventId,
    content_hash: change.contentHash,
    deleted: deleted ? 1 : 0,
    created_at: ctx.now,
  });
}
