import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { applyBatch } from './apply-batch.js';
import { CommitQueue, type CommitQueueOptions } from './commit-queue.js';
import { type MaintenanceJob, type MaintenanceResult, type MaintenanceRunner, runMaintenance } from './maintenance-jobs.js';
import { type Applied, type ApplyJob, appliedOf, type JournalJob, jobKey, type WriteJob } from './write-jobs.js';

/** Where the ingest path's writes are committed: in this thread, or in the writer thread. */
export interface Writer {
  /** Apply a change and journal its request in one transaction; settles after the commit. */
  apply(job: ApplyJob): Promise<Applied>;
  /** Journal a refused request (its bytes, the error); settles after the commit. */
  journal(job: JournalJob): Promise<void>;
  /** Jobs submitted and not yet answered (the metrics' writer queue depth). */
  depth(): number;
  /** Finish what was submitted, then release resources. */
  close(): Promise<void>;
}

/** The group-commit queue of the ingest path: batches of write jobs through `applyBatch`. */
export function writeQueue(db: Kysely<Database>, support: DialectSupport, options: CommitQueueOptions) {
  return new CommitQueue<WriteJob, Applied | null>(db, support, options, (trx, jobs) => applyBatch(trx, support, jobs), jobKey);
}

/** Group commit on this thread's connection (PostgreSQL, in-memory SQLite). */
export class InProcessWriter implements Writer, MaintenanceRunner {
  private readonly queue: CommitQueue<WriteJob, Applied | null>;

  constructor(
    private readonly db: Kysely<Database>,
    support: DialectSupport,
    options: CommitQueueOptions,
  ) {
    this.queue = writeQueue(db, support, options);
  }

  /** On this connection: PostgreSQL takes it in turn with ingest through row locks, SQLite through its one connection. */
  maintain(job: MaintenanceJob): Promise<MaintenanceResult> {
    return runMaintenance(this.db, job);
  }

  async apply(job: ApplyJob): Promise<Applied> {
    return appliedOf(await this.queue.run(job));
  }

  async journal(job: JournalJob): Promise<void> {
    await this.queue.run(job);
  }

  depth(): number {
    return this.queue.depth;
  }

  close(): Promise<void> {
    return this.queue.drain();
  }
}
