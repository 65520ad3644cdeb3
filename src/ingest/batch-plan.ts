import type { Insertable } from 'kysely';
import { asObjectId, newObjectId, type ObjectId, type SourceId } from '../domain/branded-ids.js';
import { compareIntegers } from '../domain/decimal.js';
import { STATUS_OF_RESULT } from '../domain/event-outcomes.js';
import { compositeKey, refIdentity } from '../domain/object-identity.js';
import type { EventsTable, ObjectColumns, VersionsTable } from '../storage/database-schema.js';
import type { NewChange } from '../storage/repositories/changes-repository.js';
import { CountDeltas, type CountedKind } from '../storage/repositories/counts-repository.js';
import type { ObjectRow, ObjectState, ObjectTable } from '../storage/repositories/object-tables-repository.js';
import { type Applied, type ApplyJob, type ApplyResult, journalRow, type WebhookResult, type WriteJob } from './write-jobs.js';

/**
 * What a batch of jobs becomes, decided in memory from the rows read — no I/O here, so
 * the rules are tested without a database (test/apply-plan.test.ts); `applyBatch` reads
 * the rows and writes the plan. The outcome is the same as applying the jobs one by one:
 * the in-memory rows mirror the table as each job leaves it.
 *
 * The rules:
 * - `action` never tells create from update (the classic modules always say "update"): upsert;
 * - an older НомерСобытия than the stored one is `stale` and changes nothing;
 * - equal content is `unchanged`: no version; a delete marks the object deleted, and a
 *   later change brings it back;
 * - a webhook-id already seen from that source is a `duplicate`: nothing applied.
 * Every job is journaled, with its raw bytes, in the same transaction.
 */

type Columns = Record<string, string | number | null>;

/** A job whose webhook-id was seen: earlier in this batch (that job's index), or before (the object it changed). */
export type Duplicate = { firstIndex: number } | { objectId: ObjectId | null };

/** The objects of one table, source (and kind, for invoices) the batch may touch: read before planning. */
export interface ObjectRead {
  table: ObjectTable;
  sourceId: SourceId;
  kind: string | null;
  /** Each change's identity, and its ref's for adoption by GUID. */
  identities: string[];
}

/** The rows an `ObjectRead` found. */
export interface StoredObjects extends Omit<ObjectRead, 'identities'> {
  rows: ObjectState[];
}

/** The batch's writes, in the order `applyBatch` runs them. */
export interface BatchPlan {
  /** Per job: its answer (`null` for a journal-only job). */
  results: (Applied | null)[];
  /** New object rows, per table, in identity order (one lock order across replicas). */
  inserts: { table: ObjectTable; rows: ObjectRow[] }[];
  /** Existing rows changed by the batch: the columns to set. */
  updates: { table: ObjectTable; id: string; set: Columns }[];
  versions: Insertable<VersionsTable>[];
  /** One journal row per job. */
  events: Insertable<EventsTable>[];
  /** The counters' deltas: objects live/deleted, and the journal rows. */
  counts: CountDeltas;
  /** The feed's entries: every created, updated or deleted object. */
  changes: NewChange[];
}

const groupOf = (job: ApplyJob) => compositeKey(job.change.table, job.sourceId, job.change.kind ?? '');
const groupOfRead = (read: Omit<ObjectRead, 'identities'>) => compositeKey(read.table, read.sourceId, read.kind ?? '');

/** Every object the batch may touch, one read per (table, source, kind). */
export function objectReads(jobs: WriteJob[], duplicates: Map<number, Duplicate>): ObjectRead[] {
  const groups = new Map<string, { job: ApplyJob; identities: Set<string> }>();
  jobs.forEach((job, index) => {
    if (job.type !== 'apply' || duplicates.has(index)) return;
    const key = groupOf(job);
    let group = groups.get(key);
    if (!group) {
      group = { job, identities: new Set() };
      groups.set(key, group);
    }
    group.identities.add(job.change.identity);
    if (job.change.uuid) group.identities.add(refIdentity(job.change.sourceRef));
  });
  return [...groups.values()].map(({ job, identities }) => ({
    table: job.change.table,
    sourceId: job.sourceId,
    kind: job.change.kind,
    identities: [...identities],
  }));
}

/** Decide every job of the batch in order. `committedAt` stamps the feed's entries. */
export function planBatch(jobs: WriteJob[], duplicates: Map<number, Duplicate>, stored: StoredObjects[], committedAt: string): BatchPlan {
  const objects = new Map<string, Tracked>();
  for (const read of stored) {
    for (const state of read.rows) objects.set(compositeKey(groupOfRead(read), state.identity), { table: read.table, state });
  }
  const counts = new CountDeltas();
  const decide = new Decisions(objects, counts);
  const results: (Applied | null)[] = [];
  const events: Insertable<EventsTable>[] = [];
  const changes: NewChange[] = [];
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
    const outcome = decide.apply(job);
    results.push({ result: outcome.result, objectId: outcome.objectId });
    events.push(appliedEvent(job, outcome.result, outcome.objectId, outcome.version, outcome.sameBodyAs));
    if (isApplied(outcome)) changes.push(feedRow(job, outcome, committedAt));
  });
  for (const event of events) counts.event(event);
  return { results, ...decide.writes(), events, counts, changes };
}

function appliedEvent(job: ApplyJob, result: WebhookResult, objectId: string | null, version: number | null, sameBodyAs?: string) {
  // The outcome's columns first: a literal that opens with a spread and then adds members
  // is V8's slow path (docs/decisions/measured-costs.md, "Object literals that open with a
  // spread"). The journal has none of these columns, so the order changes nothing.
  return journalRow({
    action: job.change.action,
    status: STATUS_OF_RESULT[result],
    result,
    http_status: 200,
    object_type: job.change.objectType,
    object_id: objectId,
    object_version: version,
    ...job.journal,
    // The same bytes as the object's current event: point at them instead of a second
    // copy — the re-posting storm then writes a few hundred bytes, not the document.
    ...(sameBodyAs ? { body: null, body_event_id: sameBodyAs } : {}),
  });
}

/** The feed's row for an applied change; the change's id is its journal event's. */
function feedRow(job: ApplyJob, outcome: Outcome & { result: NewChange['action'] }, committedAt: string): NewChange {
  return {
    id: job.journal.id,
    object_type: job.change.objectType,
    kind: job.change.feedKind,
    action: outcome.result,
    object_id: outcome.objectId,
    version: outcome.version,
    source_id: job.sourceId,
    committed_at: committedAt,
  };
}

/** A change the feed carries: the object was created, updated or deleted. */
function isApplied(outcome: Outcome): outcome is Outcome & { result: NewChange['action'] } {
  return outcome.result !== 'unchanged' && outcome.result !== 'stale';
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

interface Outcome {
  result: ApplyResult;
  objectId: ObjectId;
  version: number;
  /** For `unchanged`: the event whose body holds these very bytes, if they are identical. */
  sameBodyAs?: string;
}

/** The columns every object row keeps for itself, as a change sets them. */
type Bookkeeping = Pick<
  ObjectColumns,
  | 'identity'
  | 'uuid'
  | 'source_ref'
  | 'deleted'
  | 'version'
  | 'event_number'
  | 'data_version'
  | 'content_hash'
  | 'current_event_id'
  | 'current_body_hash'
  | 'warnings'
  | 'updated_at'
>;

class Decisions {
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
    const book = bookkeeping(job, 1, deleted, null);
    const row: ObjectRow = {
      // The row's columns are plain text to the storage layer; the brands stay on this side.
      id: id as string,
      source_id: job.sourceId as string,
      created_at: job.journal.received_at,
      ...(change.kind !== null ? { kind: change.kind } : {}),
      ...book,
      ...change.columns,
    };
    const state: ObjectState = {
      id,
      identity: book.identity,
      deleted: book.deleted,
      version: book.version,
      event_number: book.event_number,
      content_hash: book.content_hash,
      current_event_id: book.current_event_id,
      current_body_hash: book.current_body_hash,
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
      const set: Partial<Bookkeeping> = {};
      if (change.eventNumber !== null && change.eventNumber !== row.event_number) set.event_number = change.eventNumber;
      if (row.identity !== change.identity) Object.assign(set, { identity: change.identity, uuid: change.uuid });
      if (Object.keys(set).length > 0) this.change(tracked, set);
      const sameBody = job.bodyHash !== null && job.bodyHash === row.current_body_hash;
      return { result: 'unchanged', ...same, ...(sameBody ? { sameBodyAs: row.current_event_id } : {}) };
    }
    const version = row.version + 1;
    // A delete of a live object, or a change bringing a deleted one back (unchanged ones returned above).
    if (deleting !== (row.deleted === 1)) this.counts.object(countedKind(job), job.sourceId, deleting ? -1 : 1, deleting ? 1 : -1);
    this.change(tracked, bookkeeping(job, version, deleting, row.event_number), change.columns);
    this.recordVersion(job, row.id, version, deleting);
    return { result: deleting ? 'deleted' : 'updated', objectId: same.objectId, version };
  }

  /** Set `book` (then the table's own `columns`) on the row, and keep its state current. */
  private change(tracked: Tracked, book: Partial<Bookkeeping>, columns: Columns = {}): void {
    const set: Columns = Object.assign(definedOnly(book), columns);
    tracked.state = nextState(tracked.state, set);
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

  /** New rows per table (in identity order), changed rows, versions — in the rows' order in the map. */
  writes(): Pick<BatchPlan, 'inserts' | 'updates' | 'versions'> {
    const inserts = new Map<ObjectTable, ObjectRow[]>();
    const updates: BatchPlan['updates'] = [];
    for (const tracked of this.objects.values()) {
      if (tracked.set) updates.push({ table: tracked.table, id: tracked.state.id, set: tracked.set });
      if (!tracked.insert) continue;
      const rows = inserts.get(tracked.table);
      if (rows) rows.push(tracked.insert);
      else inserts.set(tracked.table, [tracked.insert]);
    }
    for (const rows of inserts.values()) rows.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
    return { inserts: [...inserts].map(([table, rows]) => ({ table, rows })), updates, versions: this.versions };
  }
}

const countedKind = (job: ApplyJob): CountedKind => job.change.countedKind;

function bookkeeping(job: ApplyJob, version: number, deleted: boolean, previousEventNumber: string | null): Bookkeeping {
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

function definedOnly(book: Partial<Bookkeeping>): Columns {
  const set: Columns = {};
  for (const [column, value] of Object.entries(book)) if (value !== undefined) set[column] = value;
  return set;
}

/** The state after `set`: only the state's own columns are taken from it, each checked for its type. */
function nextState(state: ObjectState, set: Columns): ObjectState {
  const text = (column: 'id' | 'identity' | 'content_hash' | 'current_event_id'): string => {
    const value = set[column];
    return typeof value === 'string' ? value : state[column];
  };
  const number = (column: 'deleted' | 'version'): number => {
    const value = set[column];
    return typeof value === 'number' ? value : state[column];
  };
  const nullableText = (column: 'event_number' | 'current_body_hash'): string | null => {
    if (!(column in set)) return state[column];
    const value = set[column];
    return typeof value === 'string' || value === null ? value : state[column];
  };
  return {
    id: text('id'),
    identity: text('identity'),
    deleted: number('deleted'),
    version: number('version'),
    event_number: nullableText('event_number'),
    content_hash: text('content_hash'),
    current_event_id: text('current_event_id'),
    current_body_hash: nullableText('current_body_hash'),
  };
}
