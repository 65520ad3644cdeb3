import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';

type Job<T> = (trx: Kysely<Database>) => Promise<T>;

interface Pending {
  job: Job<unknown>;
  /** Jobs are applied in key order inside a batch, so replicas lock rows in one order. */
  key: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface CommitQueueOptions {
  maxBatchSize: number;
  /** Batches in flight at once: 1 for SQLite (one writer), a few for PostgreSQL. */
  maxConcurrentBatches: number;
}

/**
 * Group commit. Every job submitted in one turn of the event loop runs in one
 * transaction, and each caller's promise settles only after that transaction has
 * committed — so a 200 is never sent before its change is durable, and many requests
 * share one fsync (../shared/notes/performance.md: fsync is not the bottleneck once
 * commits are grouped).
 *
 * If any job in a batch throws, the whole batch is rolled back and every job is re-run
 * alone, so one bad request cannot fail its neighbours, and the happy path pays for no
 * savepoints. Jobs must therefore do nothing outside their transaction.
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly support: DialectSupport,
    private readonly options: CommitQueueOptions,
  ) {}

  run<T>(job: Job<T>, key = ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, key, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Wait until nothing is pending or running (for shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.running > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.maxConcurrentBatches || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.pending.splice(0, this.options.maxBatchSize);
      if (batch.length === 0) return;
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (batch.length > 1) batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let results: unknown[];
    try {
      results = await this.db.transaction().execute(async (trx: Transaction<Database>) => {
        const out: unknown[] = [];
        for (const p of batch) out.push(await p.job(trx));
        return out;
      });
    } catch (error) {
      if (batch.length === 1 || this.support.isUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      // Rolled back: run each job alone so only the guilty one fails.
      for (const p of batch) await this.flushAlone(p);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  private async flushAlone(p: Pending, attempt = 1): Promise<void> {
    try {
      p.resolve(await this.db.transaction().execute((trx) => p.job(trx)));
    } catch (error) {
      if (this.support.isConflict(error) && attempt < 5) return this.flushAlone(p, attempt + 1);
      p.reject(error);
    }
  }
}
