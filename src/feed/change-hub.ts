interface Waiter {
  /** The feed head the waiter last read. */
  seen: number;
  wake(): void;
}

/**
 * Wakes the long-polls and SSE streams of this process when the feed may have moved
 * (docs/decisions/changes-feed.md, "The changes feed"): at once after a local commit (`notify`),
 * and, for commits by other replicas, by one poll of the feed head every `pollMs` — run
 * only while someone waits, once for all of them.
 */
export class ChangeHub {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Bumped by every local notification: a waiter that read before it does not sleep through it. */
  generation = 0;

  constructor(
    private readonly readHead: () => Promise<number>,
    private readonly pollMs: number,
  ) {}

  /** How many long-polls and streams wait now (a test awaits one before it commits). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Something committed here: wake every waiter. */
  notify(): void {
    this.generation++;
    for (const waiter of this.waiters) waiter.wake();
  }

  /**
   * Resolves when the feed may hold something past `seen`, after `timeoutMs`, when
   * `signal` aborts or the hub closes. Take `generation` BEFORE reading the feed, and
   * pass it: a commit notified between that read and this call resolves at once.
   */
  wait(seen: number, generation: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || generation !== this.generation || signal?.aborted || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        seen,
        wake: () => {
          clearTimeout(timeout);
          signal?.removeEventListener('abort', waiter.wake);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timeout = setTimeout(waiter.wake, timeoutMs);
      signal?.addEventListener('abort', waiter.wake, { once: true });
      this.waiters.add(waiter);
      this.schedulePoll();
    });
  }

  /** Wake everyone and make later waits return at once (shutdown: long-polls must not hold it up). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private schedulePoll(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      if (this.waiters.size === 0) return;
      const head = await this.readHead();
      for (const waiter of this.waiters) if (head > waiter.seen) waiter.wake();
    } catch {
      // The database is unreachable: the waiters time out and their next read reports it.
    } finally {
      this.timer = undefined;
      if (this.waiters.size > 0) this.schedulePoll();
    }
  }
}
