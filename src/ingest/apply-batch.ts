import type { Kysely } from 'kysely';
import { asObjectId } from '../domain/branded-ids.js';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { appendChanges } from '../storage/repositories/changes-repository.js';
import { findDelivery } from '../storage/repositories/events-repository.js';
import {
  claimDeliveries,
  deliveryKey,
  findObjectStates,
  insertEvents,
  insertObjects,
  insertVersions,
  updateObject,
} from '../storage/repositories/object-tables-repository.js';
import { type BatchPlan, type Duplicate, objectReads, planBatch, type StoredObjects } from './batch-plan.js';
import { ConflictRetry } from './commit-queue.js';
import { type Applied, compressJournalBodies, type WriteJob } from './write-jobs.js';

/**
 * Apply a batch of jobs inside the caller's transaction: claim the webhook-ids, read every
 * object the batch touches (one query per table and source), decide each job in order in
 * memory (`planBatch`, batch-plan.ts: the rules), then write with one statement per table
 * (docs/decisions/write-path.md, "Batched writes") — a handful of statements per batch
 * instead of four per job.
 */
export async function applyBatch(db: Kysely<Database>, support: DialectSupport, jobs: WriteJob[]): Promise<(Applied | null)[]> {
  const duplicates = await claimIdempotencyKeys(db, support, jobs);
  const stored: StoredObjects[] = [];
  for (const { identities, ...read } of objectReads(jobs, duplicates)) {
    stored.push({ rows: await findObjectStates(db, support, read.table, read.sourceId, read.kind, identities), ...read });
  }
  const plan = planBatch(jobs, duplicates, stored, new Date().toISOString());
  await writeObjects(db, support, plan);
  if (support.compressesBodies) compressJournalBodies(plan.events);
  await insertEvents(db, support, plan.events);
  // After the object rows, before the feed: one lock order in every batch (counts-repository.ts).
  await plan.counts.write(db, support);
  // Last: it takes the feed's numbers and holds their lock until COMMIT (docs/decisions/changes-feed.md, "The changes feed").
  await appendChanges(db, support, plan.changes);
  return plan.results;
}

/** New rows (in identity order: one lock order across replicas), changed rows, versions. */
async function writeObjects(db: Kysely<Database>, support: DialectSupport, plan: BatchPlan): Promise<void> {
  for (const { table, rows } of plan.inserts) {
    const inserted = await insertObjects(db, support, table, rows);
    // Another replica inserted one of them after our read: run the batch again, it is then found.
    if (inserted.size < rows.length) throw new ConflictRetry(`${table}: inserted concurrently by another writer`);
  }
  for (const { table, id, set } of plan.updates) await updateObject(db, table, id, set);
  await insertVersions(db, support, plan.versions);
}

/**
 * Claim each webhook-id once. A key seen earlier in this batch is a duplicate of that
 * job; a key claimed before (by this or another replica) answers with the object the
 * first delivery changed.
 */
async function claimIdempotencyKeys(db: Kysely<Database>, support: DialectSupport, jobs: WriteJob[]): Promise<Map<number, Duplicate>> {
  const duplicates = new Map<number, Duplicate>();
  const firstOf = new Map<string, number>();
  const claims: { source_id: string; webhook_id: string; event_id: string; received_at: string }[] = [];
  jobs.forEach((job, index) => {
    if (job.type !== 'apply' || !job.webhookId) return;
    const key = deliveryKey(job.sourceId, job.webhookId);
    const first = firstOf.get(key);
    if (first !== undefined) {
      duplicates.set(index, { firstIndex: first });
      return;
    }
    firstOf.set(key, index);
    claims.push({ source_id: job.sourceId, webhook_id: job.webhookId, event_id: job.journal.id, received_at: job.journal.received_at });
  });
  if (claims.length === 0) return duplicates;
  const claimed = await claimDeliveries(db, support, claims);
  for (const [key, index] of firstOf) {
    if (claimed.has(key)) continue;
    const job = jobs[index];
    if (job?.type !== 'apply' || !job.webhookId) continue;
    const original = await findDelivery(db, job.sourceId, job.webhookId);
    duplicates.set(index, { objectId: original?.objectId ? asObjectId(original.objectId) : null });
  }
  return duplicates;
}
