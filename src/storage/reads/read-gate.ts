import { AppError } from '../../errors/app-error.js';

export interface ReadGateOptions {
  /** Reads running at once. */
  slots: number;
  /** Reads waiting for a slot at most; one more is refused (READERS_BUSY). */
  queueLimit: number;
  /** Each read's budget from the moment it arrives, waiting included, ms. */
  budgetMs: number;
}

/** What a read is told when it must stop, and why. */
export type StopReason = 'timeout' | 'aborted' | 'closing';

interface Waiter {
  start(): void;
}

/**
 * Admission for reads that may be slow, whichever database runs them: a fixed number of
 * slots, a bounded queue, a budget per read and the client's abort. A read that must stop
 * is told through its own AbortSignal (whose reason is the StopReason); the caller is
 * answered at once (504 QUERY_TIMEOUT, 499 REQUEST_ABORTED) and the slot comes back
 * when the read has actually stopped — so at most `slots` queries run in the database,
 * stopped ones included.
 */
export class ReadGate {
  private running = 0;
  private readonly queue: Waiter[] = [];
  /** How to stop each running read (close() stops them all). */
  private readonly halts = new Set<(reason: StopReason, error: AppError) => void>();
  private closed = false;
  /** Reads stopped (timed out, aborted): for tests and operators. */
  stopped = 0;

  constructor(private readonly options: ReadGateOptions) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  run<T>(signal: AbortSignal | undefined, task: (stop: AbortSignal, deadline: number) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('READERS_BUSY', { message: 'The service is shutting down' }));
    if (signal?.aborted) return Promise.reject(aborted());
    if (this.running >= this.options.slots && this.queue.length >= this.options.queueLimit) {
      return Promise.reject(new AppError('READERS_BUSY', { retryAfterSeconds: 1 }));
    }
    const deadline = Date.now() + this.options.budgetMs;
    return new Promise<T>((resolve, reject) => {
      const stop = new AbortController();
      let settled = false;
      let started = false;
      const finish = (error: unknown, value?: T) => {
        if (settled) return;
        settled = true;
        this.halts.delete(halt);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value as T);
      };
      const halt = (reason: StopReason, error: AppError) => {
        if (settled) return;
        if (!started) this.dequeue(waiter);
        else {
          this.stopped++;
          stop.abort(reason);
        }
        finish(error);
      };
      const onAbort = () => halt('aborted', aborted());
      this.halts.add(halt);
      const timer = setTimeout(() => halt('timeout', timedOut(this.options.budgetMs)), this.options.budgetMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      const waiter: Waiter = {
        start: () => {
          started = true;
          this.running++;
          let promise: Promise<T>;
          try {
            promise = task(stop.signal, deadline);
          } catch (error) {
            promise = Promise.reject(error);
          }
          // Errors of the read itself (the database is down, a bug) reach the error handler as they are.
          promise
            .then(
              (value) => finish(undefined, value),
              (error: unknown) => finish(error ?? new Error('read failed')),
            )
            .finally(() => {
              this.running--;
              this.next();
            });
        },
      };
      if (this.running < this.options.slots) waiter.start();
      else this.queue.push(waiter);
    });
  }

  private dequeue(waiter: Waiter): void {
    const i = this.queue.indexOf(waiter);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private next(): void {
    if (this.running >= this.options.slots) return;
    this.queue.shift()?.start();
  }

  /** Refuses new reads, fails the waiting ones and stops the running ones: a shutdown waits for no search. */
  close(): void {
    this.closed = true;
    for (const halt of [...this.halts]) halt('closing', new AppError('READERS_BUSY', { message: 'The service is shutting down' }));
  }
}

function aborted(): AppError {
  return new AppError('REQUEST_ABORTED');
}

function timedOut(budgetMs: number): AppError {
  return new AppError('QUERY_TIMEOUT', { message: `The read took longer than its budget of ${budgetMs} ms and was stopped; narrow it or retry later` });
}
