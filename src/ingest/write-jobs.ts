import type { Insertable, Kysely } from 'kysely';
import type { Database, EventStatus, EventsTable } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { claimDelivery, findDelivery, insertEvent } from '../storage/repositories/events-repository.js';
import { applyChange, type ApplyResult } from './apply-change.js';
import type { ObjectChange } from './object-change.js';

/**
 * The writes of the ingest path, as plain data: they cross to the writer thread by
 * structured clone, and the same functions below run them wherever the database
 * connection lives (in-process, or in the SQLite writer thread).
 */
export type JournalRow = Omit<Insertable<EventsTable>, 'status' | 'result' | 'http_status' | 'action' | 'object_type' | 'object_id' | 'object_version'>;

export type WriteJob =
  | { type: 'apply'; journal: JournalRow; sourceId: string; webhookId: string | null; change: ObjectChange; bodyHash: string | null }
  | { type: 'journal'; row: Insertable<EventsTable> };

export type WebhookResult = ApplyResult | 'duplicate';

export interface Applied {
  result: WebhookResult;
  objectId: string | null;
}

const STATUS_OF: Record<WebhookResult, EventStatus> = {
  created: 'applied', updated: 'applied', deleted: 'applied', unchanged: 'unchanged', stale: 'stale', duplicate: 'duplicate',
};

/** Run one job inside the caller's transaction. */
export async function runWriteJob(db: Kysely<Database>, support: DialectSupport, job: WriteJob): Promise<Applied | null> {
  if (job.type === 'journal') {
    await insertEvent(db, job.row);
    return null;
  }
  const { journal, sourceId, webhookId, change, bodyHash } = job;
  const eventId = journal.id;
  let result: WebhookResult;
  let objectId: string | null;
  let version: number | null = null;
  let sameBodyAs: string | undefined;
  if (webhookId && !(await claimDelivery(db, sourceId, webhookId, eventId, journal.received_at))) {
    const original = await findDelivery(db, sourceId, webhookId);
    result = 'duplicate';
    objectId = original?.objectId ?? null;
  } else {
    const applied = await applyChange({ db, support, sourceId, eventId, now: journal.received_at, bodyHash }, change);
    result = applied.result;
    objectId = applied.objectId;
    version = applied.version;
    sameBodyAs = applied.sameBodyAs;
  }
  await insertEvent(db, {
    ...journal,
    // The same bytes as the object's current event: point at them instead of a second
    // copy — the re-posting storm then writes a few hundred bytes, not the document.
    ...(sameBodyAs ? { body: null, body_event_id: sameBodyAs } : {}),
    action: change.action,
    status: STATUS_OF[result],
    result,
    http_status: 200,
    object_type: change.objectType,
    object_id: objectId,
    object_version: version,
  });
  return { result, objectId };
}

/** Jobs on one object are applied in key order inside a batch (one lock order across replicas). */
export function jobKey(job: WriteJob): string {
  return job.type === 'apply' ? `${job.change.objectType}:${job.change.identity}` : '';
}
