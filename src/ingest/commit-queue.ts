import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';

/** Thrown by a batch that lost a race it can win by running again (another replica's insert). */
export class ConflictRetry extends Error {
  override name = 'ConflictRetry';
}

/** Runs a whole batch of jobs inside one transaction; one result per job, in order. */
export type BatchRunner<J, R> = (trx: Kysely<Database>, jobs: J[]) => Promise<R[]>;

interface Pending<J> {
  job: J;
  /** Jobs are applied in key order inside a batch, so replicas lock rows in one order. */
  key: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface CommitQueueOptions {
  maxBatchSize: number;
  /** Batches in flight at once: 1 for SQLite (one writer), a few for PostgreSQL. */
  maxConcurrentBatches: number;
  /** Told of every committed transaction: how many jobs, how long (the metrics). */
  onCommit?: (size: number, seconds: number) => void;
}

const ATTEMPTS = 5;

/**
 * Group commit. Every job submitted in one turn of the event loop runs in one
 * transaction, and each caller's promise settles only after that transaction has
 * committed — so a 200 is never sent before its change is durable, and many requests
 * share one fsync (measured: once commits are grouped, the fsync is not the bottleneck). The runner sees the whole batch, so it can read and write it
 * with a few statements (docs/decisions/write-path.md, "Batched writes").
 *
 * If a batch throws, it is rolled back and every job is re-run alone, so one bad
 * request cannot fail its neighbours, and the happy path pays for no savepoints. Jobs
 * must therefore do nothing outside their transaction.
 */
export class CommitQueue<J, R> {
  private pending: Pending<J>[] = [];
  private running = 0;
  /** Jobs in the batches now running. */
  private inBatches = 0;
  private scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly support: DialectSupport,
    private readonly options: CommitQueueOptions,
    private readonly runBatch: BatchRunner<J, R>,
    private readonly keyOf: (job: J) => string,
  ) {}

  run(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ job, key: this.keyOf(job), resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Jobs submitted and not yet settled: waiting for a batch, or in one. */
  get depth(): number {
    return this.pending.length + this.inBatches;
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
      this.inBatches += batch.length;
      void this.flush(batch).finally(() => {
        this.running--;
        this.inBatches -= batch.length;
        this.schedule();
      });
      this.schedule();
    });
  }

  private isConflict(error: unknown): boolean {
    return error instanceof ConflictRetry || this.support.isConflict(error);
  }

  private async flush(batch: Pending<J>[]): Promise<void> {
    // Stable: jobs with one key (one object, as 1C names it) keep their arrival order. The
    // ref and GUID forms of one document have different keys; the ref form runs first.
    if (batch.length > 1) batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let results: R[];
    try {
      results = await this.commit(batch.map((p) => p.job));
    } catch (error) {
      if (this.support.isUnavailable(error) || (batch.length === 1 && !this.isConflict(error))) {
        for (const p of batch) p.reject(error);
        return;
      }
      // Rolled back: run each job alone so only the guilty one fails.
      for (const p of batch) await this.flushAlone(p, batch.length === 1 ? 2 : 1);
      return;
    }
    batch.forEach((p, i) => {
      p.resolve(results[i]);
    });
  }

  private async flushAlone(p: Pending<J>, attempt: number): Promise<void> {
    try {
      p.resolve((await this.commit([p.job]))[0]);
    } catch (error) {
      if (this.isConflict(error) && attempt < ATTEMPTS) return this.flushAlone(p, attempt + 1);
      p.reject(error);
    }
  }

  private async commit(jobs: J[]): Promise<R[]> {
    const started = process.hrtime.bigint();
    const results = await this.db.transaction().execute((trx) => this.runBatch(trx, jobs));
    this.options.onCommit?.(jobs.length, Number(process.hrtime.bigint() - started) / 1e9);
    return results;
  }
}
