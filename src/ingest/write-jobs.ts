import type { Insertable } from 'kysely';
import type { EventId, ObjectId, SourceId } from '../domain/branded-ids.js';
import type { WebhookResult } from '../domain/event-outcomes.js';
import { compositeKey } from '../domain/object-identity.js';
import { compressBody } from '../storage/body-codec.js';
import type { EventsTable } from '../storage/database-schema.js';
import type { ObjectWrite } from './object-write.js';

/**
 * The writes of the ingest path, as plain data: they cross to the writer thread by
 * structured clone, and `applyBatch` runs a group of them wherever the database
 * connection lives (in-process, or in the SQLite writer thread).
 */
export type JournalRow = Omit<
  Insertable<EventsTable>,
  'status' | 'result' | 'http_status' | 'action' | 'object_type' | 'object_id' | 'object_version' | 'replayed_by'
>;

export type WriteJob =
  | {
      type: 'apply';
      journal: JournalRow;
      sourceId: SourceId;
      webhookId: string | null;
      change: ObjectWrite;
      bodyHash: string | null;
      /** An operator's replay of the event with this id: `stale` if the object changed after it (UUIDv7 order). */
      staleIfChangedAfter?: EventId;
    }
  | { type: 'journal'; row: Insertable<EventsTable> };

export type { ApplyResult, WebhookResult } from '../domain/event-outcomes.js';

export type ApplyJob = Extract<WriteJob, { type: 'apply' }>;
export type JournalJob = Extract<WriteJob, { type: 'journal' }>;

export interface Applied {
  result: WebhookResult;
  objectId: ObjectId | null;
}

/**
 * A batch answers each job in order: an apply job with what it did, a journal job with null.
 * The writers hand an apply job's answer over as `Applied`; a null there is a broken batch.
 */
export function appliedOf(answer: Applied | null): Applied {
  if (answer === null) throw new Error('the batch answered an apply job without a result');
  return answer;
}

/** Jobs on one object are applied in key order inside a batch (one lock order across replicas). */
export function jobKey(job: WriteJob): string {
  return job.type === 'apply' ? compositeKey(job.change.table, job.change.kind ?? '', job.change.identity) : '';
}

/**
 * Every column of a journal row, absent ones as null: a multi-row INSERT needs the same
 * columns in every row (SQLite has no DEFAULT inside VALUES).
 */
export function journalRow(row: Insertable<EventsTable>): Insertable<EventsTable> {
  return {
    id: row.id,
    received_at: row.received_at,
    source_id: row.source_id ?? null,
    endpoint: row.endpoint,
    action: row.action ?? null,
    webhook_id: row.webhook_id ?? null,
    status: row.status,
    result: row.result ?? null,
    http_status: row.http_status,
    error_code: row.error_code ?? null,
    error_message: row.error_message ?? null,
    error_path: row.error_path ?? null,
    object_type: row.object_type ?? null,
    object_id: row.object_id ?? null,
    object_version: row.object_version ?? null,
    headers: row.headers,
    body: row.body ?? null,
    body_size: row.body_size,
    body_event_id: row.body_event_id ?? null,
    remote_addr: row.remote_addr ?? null,
    replay_of: row.replay_of ?? null,
    body_sha256: row.body_sha256 ?? null,
    body_encoding: row.body_encoding ?? null,
    request_id: row.request_id ?? null,
  };
}

/**
 * Compress a batch's journal bodies where the dialect asks for it (SQLite). Called by
 * `applyBatch`, so on SQLite it runs in the writer thread, off the event loop that parses
 * requests (docs/ARCHITECTURE.md, "Raw bodies compressed at rest").
 */
export function compressJournalBodies(rows: Insertable<EventsTable>[]): void {
  for (const row of rows) {
    if (!row.body || row.body_encoding) continue;
    const packed = compressBody(row.body as Uint8Array);
    if (packed) Object.assign(row, { body: packed.body, body_encoding: packed.encoding });
  }
}
