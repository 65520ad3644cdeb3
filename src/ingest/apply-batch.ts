import type { Insertable, Kysely } from 'kysely';
import { compositeKey, refIdentity } from '../domain/identity.js';
import { asObjectId, newObjectId, type ObjectId } from '../domain/ids.js';
import { compareIntegers } from '../domain/decimal.js';
import { STATUS_OF_RESULT } from '../domain/event-outcomes.js';
import type { Database, EventsTable, VersionsTable } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { findDelivery } from '../storage/repositories/events-repository.js';
import { appendChanges, type NewChange } from '../storage/repositories/changes-repository.js';
import { CountDeltas, type CountedKind } from '../storage/repositories/counts-repository.js';
import {
  OBJECT_STATE_COLUMNS, claimDeliveries, deliveryKey, findObjectStates, insertEvents, insertObjects, insertVersions, updateObject,
  type ObjectRow, type ObjectState, type ObjectTable,
} from '../storage/repositories/object-tables-repository.js';
import { ConflictRetry } from './commit-queue.js';
import { compressJournalBodies, journalRow, type ApplyJob, type ApplyResult, type Applied, type WebhookResult, type WriteJob } from './write-jobs.js';

type Columns = Record<string, string | number | null>;

/**
 * Apply a batch of jobs inside the caller's transaction: read every object the batch
 * touches (one query per table and source), decide each job in order in memory, then
 * write with one statement per table (docs/decisions/write-path.md, "Batched writes"). The outcome is the
 * same as applying the jobs one by one — the in-memory rows mirror the table as each
 * job leaves it — at a handful of statements per batch instead of four per job.
 *
 * The rules:
 * - `action` never tells create from update (the classic modules always say "update"): upsert;
 * - an older НомерСобытия than the stored one is `stale` and changes nothing;
 * - equal content is `unchanged`: no version; a delete marks the object deleted, and a
 *   later change brings it back;
 * - a webhook-id already seen from that source is a `duplicate`: nothing applied.
 * Every job is journaled, with its raw bytes, in the same transaction.
 */
export async function applyBatch(db: Kysely<Database>, support: DialectSupport, jobs: WriteJob[]): Promise<(Applied | null)[]> {
  const duplicates = await claimIdempotencyKeys(db, jobs);
  const counts = new CountDeltas();
  const plan = new BatchPlan(await loadObjects(db, support, jobs, duplicates), counts);
  const results: (Applied | null)[] = [];
  const events: Insertable<EventsTable>[] = [];
  const changes: NewChange[] = [];
  const committedAt = new Date().toISOString();
  jobs.forEach((job, index) => {
    if (job.type === 'journal') {
      results.push(null);
      events.push(journalRow(job.row));
      return;
    }
    const duplicate = duplicates.get(index);
    if (duplicate) {
      const objectId = 'firstIndex' in duplicate ? results[duplicate.firstIndex]!.objectId : duplicate.objectId;
      results.push({ result: 'duplicate', objectId });
      events.push(appliedEvent(job, 'duplicate', objectId, null));
      return;
    }
    const outcome = plan.apply(job);
    results.push({ result: outcome.result, objectId: outcome.objectId });
    events.push(appliedEvent(job, outcome.result, outcome.objectId, outcome.version, outcome.sameBodyAs));
    if (outcome.result !== 'unchanged' && outcome.result !== 'stale') changes.push(feedRow(job, outcome, committedAt));
  });
  await plan.write(db);
  if (support.compressesBodies) compressJournalBodies(events);
  await insertEvents(db, events);
  for (const event of events) counts.event(event);
  // After the object rows, before the feed: one lock order in every batch (counts-repository.ts).
  await counts.write(db);
  // Last: it takes the feed's numbers and holds their lock until COMMIT (docs/decisions/changes-feed.md, "The changes feed").
  await appendChanges(db, support, changes);
  return results;
}

function appliedEvent(job: ApplyJob, result: WebhookResult, objectId: string | null, version: number | null, sameBodyAs?: string) {
  return journalRow({
    ...job.journal,
    // The same bytes as the object's current event: point at them instead of a second
    // copy — the re-posting storm then writes a few hundred bytes, not the document.
    ...(sameBodyAs ? { body: null, body_event_id: sameBodyAs } : {}),
    action: job.change.action,
    status: STATUS_OF_RESULT[result],
    result,
    http_status: 200,
    object_type: job.change.objectType,
    object_id: objectId,
    object_version: version,
  });
}

/** The feed's row for an applied change; the change's id is its journal event's. */
function feedRow(job: ApplyJob, outcome: Outcome, committedAt: string): NewChange {
  return {
    id: job.journal.id,
    object_type: job.change.objectType,
    kind: job.change.kind ?? 'client',
    action: outcome.result as NewChange['action'],
    object_id: outcome.objectId,
    version: outcome.version,
    source_id: job.sourceId,
    committed_at: committedAt,
  };
}

type Duplicate = { firstIndex: number } | { objectId: ObjectId | null };

/**
 * Claim each webhook-id once. A key seen earlier in this batch is a duplicate of that
 * job; a key claimed before (by this or another replica) answers with the object the
 * first delivery changed.
 */
async function claimIdempotencyKeys(db: Kysely<Database>, jobs: WriteJob[]): Promise<Map<number, Duplicate>> {
  const duplicates = new Map<number, Duplicate>();
  const firstOf = new Map<string, number>();
  const claims: { source_id: string; webhook_id: string; event_id: string; received_at: string }[] = [];
  jobs.forEach((job, index) => {
    if (job.type !== 'apply' || !job.webhookId) return;
    const key = deliveryKey(job.sourceId, job.webhookId);
    const first = firstOf.get(key);
    if (first !== undefined) return void duplicates.set(index, { firstIndex: first });
    firstOf.set(key, index);
    claims.push({ source_id: job.sourceId, webhook_id: job.webhookId, event_id: job.journal.id, received_at: job.journal.received_at });
  });
  if (claims.length === 0) return duplicates;
  const claimed = await claimDeliveries(db, claims);
  for (const [key, index] of firstOf) {
    if (claimed.has(key)) continue;
    const job = jobs[index] as ApplyJob;
    const original = await findDelivery(db, job.sourceId, job.webhookId!);
    duplicates.set(index, { objectId: original?.objectId ? asObjectId(original.objectId) : null });
  }
  return duplicates;
}

/** A row as this batch has left it so far. */
interface Tracked {
  table: ObjectTable;
  state: ObjectState;
  /** Created in this batch: the whole row to insert, kept current by later jobs. */
  insert?: ObjectRow;
  /** An existing row changed in this batch: the columns to set. */
  set?: Columns;
}

const groupOf = (job: ApplyJob) => compositeKey(job.change.table, job.sourceId, job.change.kind ?? '');

/** Every object the batch may touch, by (group, identity): its identity, and its ref for adoption by GUID. */
async function loadObjects(
  db: Kysely<Database>,
  support: DialectSupport,
  jobs: WriteJob[],
  duplicates: Map<number, Duplicate>,
): Promise<Map<string, Tracked>> {
  const groups = new Map<string, { job: ApplyJob; identities: Set<string> }>();
  jobs.forEach((job, index) => {
    if (job.type !== 'apply' || duplicates.has(index)) return;
    const key = groupOf(job);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { job, identities: new Set() }));
    group.identities.add(job.change.identity);
    if (job.change.uuid) group.identities.add(refIdentity(job.change.sourceRef));
  });
  const objects = new Map<string, Tracked>();
  for (const [key, { job, identities }] of groups) {
    const rows = await findObjectStates(db, support, job.change.table, job.sourceId, job.change.kind, [...identities]);
    for (const state of rows) objects.set(compositeKey(key, state.identity), { table: job.change.table, state });
  }
  return objects;
}

interface Outcome {
  result: ApplyResult;
  objectId: ObjectId;
  version: number;
  /** For `unchanged`: the event whose body holds these very bytes, if they are identical. */
  sameBodyAs?: string;
}

class BatchPlan {
  private readonly versions: Insertable<VersionsTable>[] = [];

  constructor(
    private readonly objects: Map<string, Tracked>,
    private readonly counts: CountDeltas,
  ) {}

  apply(job: ApplyJob): Outcome {
    const change = job.change;
    const group = groupOf(job);
    let key = compositeKey(group, change.identity);
    let tracked = this.objects.get(key);
    if (!tracked && change.uuid) {
      // First seen through the classic protocol (ref only), now with its GUID: adopt it.
      key = compositeKey(group, refIdentity(change.sourceRef));
      tracked = this.objects.get(key);
    }
    if (!tracked) return this.create(compositeKey(group, change.identity), job);
    const outcome = this.update(tracked, job);
    const current = compositeKey(group, tracked.state.identity);
    if (current !== key) {
      this.objects.delete(key);
      this.objects.set(current, tracked);
    }
    return outcome;
  }

  private create(key: string, job: ApplyJob): Outcome {
    const change = job.change;
    const id = newObjectId();
    const deleted = change.action === 'delete';
    // The row's columns are plain text to the storage layer; the brands stay on this side.
    const columns: { id: string; source_id: string } = { id, source_id: job.sourceId };
    const row = {
      ...columns,
      created_at: job.journal.received_at,
      ...(change.kind !== null ? { kind: change.kind } : {}),
      ...bookkeeping(job, 1, deleted, null),
      ...change.columns,
    } as ObjectRow;
    const state: ObjectState = {
      id: row.id, identity: row.identity, deleted: row.deleted, version: row.version, event_number: row.event_number,
      content_hash: row.content_hash, current_event_id: row.current_event_id, current_body_hash: row.current_body_hash,
    };
    this.objects.set(key, { table: change.table, state, insert: row });
    this.recordVersion(job, id, 1, deleted);
    this.counts.object(countedKind(job), job.sourceId, deleted ? 0 : 1, deleted ? 1 : 0);
    return { result: deleted ? 'deleted' : 'created', objectId: id, version: 1 };
  }

  private update(tracked: Tracked, job: ApplyJob): Outcome {
    const { change } = job;
    const row = tracked.state;
    const same = { objectId: asObjectId(row.id), version: row.version };
    if (change.eventNumber !== null && row.event_number !== null && compareIntegers(change.eventNumber, row.event_number) < 0) {
      return { result: 'stale', ...same };
    }
    // A replayed request is older than any change applied after it arrived: event ids are
    // UUIDv7, so their order is arrival order — the one clock that covers the classic
    // modules too, which send no НомерСобытия.
    if (job.staleIfChangedAfter !== undefined && row.current_event_id > job.staleIfChangedAfter) return { result: 'stale', ...same };
    const deleting = change.action === 'delete';
    const unchanged = deleting ? row.deleted === 1 : row.deleted === 0 && row.content_hash === change.contentHash;
    if (unchanged) {
      // Remember the newest event number so a later-arriving older change is still stale,
      // and the GUID of an object first seen by ref.
      const set: Columns = {};
      if (change.eventNumber !== null && change.eventNumber !== row.event_number) set.event_number = change.eventNumber;
      if (row.identity !== change.identity) Object.assign(set, { identity: change.identity, uuid: change.uuid });
      if (Object.keys(set).length > 0) this.change(tracked, set);
      const sameBody = job.bodyHash !== null && job.bodyHash === row.current_body_hash;
      return { result: 'unchanged', ...same, ...(sameBody ? { sameBodyAs: row.current_event_id } : {}) };
    }
    const version = row.version + 1;
    // A delete of a live object, or a change bringing a deleted one back (unchanged ones returned above).
    if (deleting !== (row.deleted === 1)) this.counts.object(countedKind(job), job.sourceId, deleting ? -1 : 1, deleting ? 1 : -1);
    this.change(tracked, { ...bookkeeping(job, version, deleting, row.event_number), ...change.columns });
    this.recordVersion(job, row.id, version, deleting);
    return { result: deleting ? 'deleted' : 'updated', objectId: same.objectId, version };
  }

  private change(tracked: Tracked, set: Columns): void {
    const state = tracked.state as unknown as Columns;
    for (const column of OBJECT_STATE_COLUMNS) if (column in set) state[column] = set[column]!;
    if (tracked.insert) Object.assign(tracked.insert, set);
    else tracked.set = Object.assign(tracked.set ?? {}, set);
  }

  private recordVersion(job: ApplyJob, objectId: string, version: number, deleted: boolean): void {
    this.versions.push({
      object_id: objectId,
      version,
      object_type: job.change.objectType,
      event_id: job.journal.id,
      content_hash: job.change.contentHash,
      deleted: deleted ? 1 : 0,
      created_at: job.journal.received_at,
    });
  }

  /** New rows (in identity order: one lock order across replicas), changed rows, versions. */
  async write(db: Kysely<Database>): Promise<void> {
    const inserts = new Map<ObjectTable, ObjectRow[]>();
    for (const tracked of this.objects.values()) {
      if (!tracked.insert) continue;
      const rows = inserts.get(tracked.table);
      if (rows) rows.push(tracked.insert);
      else inserts.set(tracked.table, [tracked.insert]);
    }
    for (const [table, rows] of inserts) {
      rows.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
      const inserted = await insertObjects(db, table, rows);
      // Another replica inserted one of them after our read: run the batch again, it is then found.
      if (inserted.size < rows.length) throw new ConflictRetry(`${table}: inserted concurrently by another writer`);
    }
    for (const tracked of this.objects.values()) {
      if (tracked.set) await updateObject(db, tracked.table, tracked.state.id, tracked.set);
    }
    await insertVersions(db, this.versions);
  }
}

const countedKind = (job: ApplyJob): CountedKind => job.change.kind ?? 'clients';

function bookkeeping(job: ApplyJob, version: number, deleted: boolean, previousEventNumber: string | null): Columns {
  const { change } = job;
  return {
    identity: change.identity,
    uuid: change.uuid,
    source_ref: change.sourceRef,
    deleted: deleted ? 1 : 0,
    version,
    event_number: change.eventNumber ?? previousEventNumber,
    data_version: change.dataVersion,
    content_hash: change.contentHash,
    current_event_id: job.journal.id,
    current_body_hash: job.bodyHash,
    warnings: change.warnings,
    updated_at: job.journal.received_at,
  };
}
