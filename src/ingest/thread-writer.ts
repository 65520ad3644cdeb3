import { Worker } from 'node:worker_threads';
import type { Writer } from './in-process-writer.js';
import type { MaintenanceJob, MaintenanceResult, MaintenanceRunner } from './maintenance-jobs.js';
import { type Applied, type ApplyJob, appliedOf, type JournalJob, type WriteJob } from './write-jobs.js';

export interface ThreadWriterOptions {
  sqliteFile: string;
  maxBatchSize: number;
}

/** An error from the writer thread, rebuilt with its `code` so dialect checks still see it. */
export class WriterError extends Error {
  override name = 'WriterError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** What the thread answers a job with: an apply's outcome, a journal job's `null`, a maintenance step's result. */
export type ReplyValue = Applied | MaintenanceResult | null;
export type Reply = { id: number; ok: true; value: ReplyValue } | { id: number; ok: false; message: string; code?: string };
/** A committed transaction: its jobs, its seconds. */
export type Commit = [size: number, seconds: number];
/** The thread's answers, with the commits that produced them: the metrics ride on the messages already sent. */
export type Replies = { replies: Reply[]; commits: Commit[]; statisticsChanged?: boolean };
/** Messages are batched both ways — one per event-loop turn — so the per-message cost is paid per group, not per request. */
export type Requests = { id: number; job: WriteJob | MaintenanceRequest }[];
/** A maintenance step, run by the thread in a transaction of its own between group commits. */
export type MaintenanceRequest = { type: 'maintain'; job: MaintenanceJob };

/**
 * SQLite's writes on a thread of their own. better-sqlite3 is synchronous: inserting and
 * fsyncing on the main thread stops HTTP parsing and decoding for that time. Here the main
 * thread decodes and validates, the writer thread group-commits (its own connection to
 * the same WAL database; readers stay on the main thread), and each request is answered
 * when its batch has committed (docs/decisions/write-path.md, "SQLite writes on their own thread").
 */
export class ThreadWriter implements Writer, MaintenanceRunner {
  private readonly pending = new Map<number, { resolve(v: ReplyValue): void; reject(e: unknown): void }>();
  private nextId = 1;
  private outbox: Requests = [];
  /** Why the thread is down, while it is; writes meanwhile answer 503 and 1C retries. */
  private down: Error | undefined;
  private closing = false;

  private constructor(
    private worker: Worker,
    private readonly options: ThreadWriterOptions,
    private readonly onCommit: ((size: number, seconds: number) => void) | undefined,
    private readonly onStatistics: (() => void) | undefined,
  ) {
    this.attach(worker);
  }

  /**
   * `onCommit` is told of every transaction the thread committed (the metrics);
   * `onStatistics` when the thread refreshed the planner's statistics (the other connections reload them).
   */
  static async start(options: ThreadWriterOptions, onCommit?: (size: number, seconds: number) => void, onStatistics?: () => void): Promise<ThreadWriter> {
    return new ThreadWriter(await spawnWriter(options), options, onCommit, onStatistics);
  }

  depth(): number {
    return this.pending.size;
  }

  private attach(worker: Worker): void {
    worker.on('message', ({ replies, commits, statisticsChanged }: Replies) => {
      if (this.onCommit) for (const [size, seconds] of commits) this.onCommit(size, seconds);
      if (statisticsChanged) this.onStatistics?.();
      for (const reply of replies) {
        const p = this.pending.get(reply.id);
        if (!p) continue;
        this.pending.delete(reply.id);
        if (reply.ok) p.resolve(reply.value);
        else p.reject(new WriterError(reply.message, reply.code));
      }
    });
    worker.on('error', (error) => this.lost(error));
    worker.on('exit', (code) => this.lost(new Error(`exit code ${code}`)));
  }

  /**
   * The thread died (a fatal error, not a failed job — those are answered normally).
   * Whatever it had not committed is answered 503 — nothing was stored for those — and a
   * new thread is started, so the service recovers by itself.
   */
  private lost(error: Error): void {
    if (this.closing || this.down) return;
    this.down = error;
    for (const p of this.pending.values()) p.reject(new WriterError(`writer thread stopped: ${error.message}`, 'SQLITE_IOERR_WRITER'));
    this.pending.clear();
    this.outbox = [];
    const restart = (delayMs: number) =>
      setTimeout(() => {
        if (this.closing) return;
        spawnWriter(this.options).then(
          (worker) => {
            this.worker = worker;
            this.attach(worker);
            this.down = undefined;
          },
          () => restart(Math.min(delayMs * 2, 30_000)),
        );
      }, delayMs).unref();
    restart(500);
  }

  async apply(job: ApplyJob): Promise<Applied> {
    const value = await this.request(job);
    if (value !== null && !('result' in value)) throw new Error('the writer thread answered an apply job with a maintenance result');
    return appliedOf(value);
  }

  async journal(job: JournalJob): Promise<void> {
    await this.request(job);
  }

  async maintain(job: MaintenanceJob): Promise<MaintenanceResult> {
    const value = await this.request({ type: 'maintain', job });
    if (value === null || 'result' in value) throw new Error('the writer thread answered a maintenance step with a write result');
    return value;
  }

  private request(job: WriteJob | MaintenanceRequest): Promise<ReplyValue> {
    if (this.down) return Promise.reject(new WriterError(`writer thread stopped: ${this.down.message}`, 'SQLITE_IOERR_WRITER'));
    const id = this.nextId++;
    return new Promise<ReplyValue>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.outbox.push({ id, job }) === 1) setImmediate(() => this.send());
    });
  }

  private send(): void {
    const requests = this.outbox;
    this.outbox = [];
    if (requests.length > 0 && !this.down) this.worker.postMessage(requests);
  }

  async close(): Promise<void> {
    while (this.pending.size > 0 && !this.down) await new Promise((r) => setTimeout(r, 5));
    this.closing = true;
    await this.worker.terminate();
  }

  /** The writer's current thread (a new one after a crash): for supervision, e.g. its resource use. */
  get thread(): Worker {
    return this.worker;
  }

  /** Write requests sent to the thread and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }
}

/**
 * Compiled (dist/, `npm start`) the thread runs the compiled worker module itself; from the
 * TypeScript sources (tests, the `onec-sync` CLI) it needs an entry that registers tsx first,
 * since a worker does not inherit the main thread's loader.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './thread-writer-main.mjs' : './thread-writer-worker.js';

async function spawnWriter(options: ThreadWriterOptions): Promise<Worker> {
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: options });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('writer thread did not start'))));
    worker.once('error', reject);
  });
  return worker;
}
