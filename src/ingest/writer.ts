import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import { CommitQueue, type CommitQueueOptions } from './commit-queue.js';
import { jobKey, runWriteJob, type Applied, type WriteJob } from './write-jobs.js';

/** Where the ingest path's writes are committed: in this thread, or in the writer thread. */
export interface Writer {
  write(job: WriteJob): Promise<Applied | null>;
  /** Finish what was submitted, then release resources. */
  close(): Promise<void>;
}

/** Group commit on this thread's connection (PostgreSQL, in-memory SQLite). */
export class InProcessWriter implements Writer {
  private readonly queue: CommitQueue;

  constructor(db: Kysely<Database>, private readonly support: DialectSupport, options: CommitQueueOptions) {
    this.queue = new CommitQueue(db, support, options);
  }

  write(job: WriteJob): Promise<Applied | null> {
    return this.queue.run((trx) => runWriteJob(trx, this.support, job), jobKey(job));
  }

  close(): Promise<void> {
    return this.queue.drain();
  }
}
