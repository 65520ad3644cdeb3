import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { applyBatch } from './apply-batch.js';
import { CommitQueue, type CommitQueueOptions } from './commit-queue.js';
import { appliedOf, jobKey, type Applied, type ApplyJob, type JournalJob, type WriteJob } from './write-jobs.js';

/** Where the ingest path's writes are committed: in this thread, or in the writer thread. */
export interface Writer {
  /** Apply a change and journal its request in one transaction; settles after the commit. */
  apply(job: ApplyJob): Promise<Applied>;
  /** Journal a refused request (its bytes, the error); settles after the commit. */
  journal(job: JournalJob): Promise<void>;
  /** Finish what was submitted, then release resources. */
  close(): Promise<void>;
}

/** The group-commit queue of the ingest path: batches of write jobs through `applyBatch`. */
export function writeQueue(db: Kysely<Database>, support: DialectSupport, options: CommitQueueOptions) {
  return new CommitQueue<WriteJob, Applied | null>(db, support, options, (trx, jobs) => applyBatch(trx, support, jobs), jobKey);
}

/** Group commit on this thread's connection (PostgreSQL, in-memory SQLite). */
export class InProcessWriter implements Writer {
  private readonly queue: CommitQueue<WriteJob, Applied | null>;

  constructor(db: Kysely<Database>, support: DialectSupport, options: CommitQueueOptions) {
    this.queue = writeQueue(db, support, options);
  }

  async apply(job: ApplyJob): Promise<Applied> {
    return appliedOf(await this.queue.run(job));
  }

  async journal(job: JournalJob): Promise<void> {
    await this.queue.run(job);
  }

  close(): Promise<void> {
    return this.queue.drain();
  }
}
