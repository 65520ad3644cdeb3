import { type ChildProcess, fork } from 'node:child_process';
import type { ReadName, ReadRequest } from './read-registry.js';
import { RELOAD_STATISTICS, type ReaderReply } from './sqlite-reader-messages.js';

/** A reader process failed or died under a read: 503, like the writer thread's loss (the code matches isUnavailable). */
export class ReaderError extends Error {
  override name = 'ReaderError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Reader {
  child: ChildProcess;
  /** The read it is running, if any. */
  pending: { resolve(value: unknown): void; reject(error: unknown): void } | undefined;
  /** The writer refreshed the planner's statistics since this reader opened its connection. */
  staleStatistics?: boolean;
}

export interface SqliteReaderPoolOptions {
  file: string;
  /** Modules each reader imports first: they add or replace reads in the registry (tests). */
  modules?: string[];
}

/**
 * Reader processes for SQLite, each with its own read-only connection to the WAL database,
 * started when needed and kept, and one started ahead (`warm`): a process takes a
 * noticeable while to start, which a read that finds none would wait. Processes, not worker threads: better-sqlite3 has no
 * sqlite3_interrupt, and a worker thread cannot be stopped inside a statement —
 * worker.terminate() lands only when the native step returns to JavaScript, so a count
 * that runs two minutes keeps its core two minutes after it was "stopped" (measured).
 * SIGKILL stops a process at once, and for SQLite that is an ordinary crash of a reader:
 * a read-only connection holds no write lock and writes nothing, its shared lock on a WAL
 * read mark dies with the process, and nothing is left to recover
 * (docs/ARCHITECTURE.md, "Slow reads beside the write path").
 * The caller (ReadGate) bounds how many reads run at once, so there are never more
 * processes than slots.
 */
export class SqliteReaderPool {
  private readonly idle: Reader[] = [];
  private readonly readers = new Set<Reader>();
  /** Processes started and not yet ready: close() ends them too. */
  private readonly starting = new Set<ChildProcess>();
  /** Processes killed and not yet gone: close() waits for them too. */
  private readonly dying = new Set<ChildProcess>();
  private closed = false;
  /** The reader being started ahead of need, if any. */
  private warming: Promise<void> | undefined;
  /** Readers killed under a read (it was stopped) or lost: for tests and operators. */
  killed = 0;
  /** Reads this pool has run: for tests and operators. */
  ran = 0;

  constructor(private readonly options: SqliteReaderPoolOptions) {}

  get size(): number {
    return this.readers.size;
  }

  /** The process ids of the readers running a read now (tests check a stopped one is gone). */
  get busyPids(): number[] {
    return [...this.readers].filter((r) => r.pending).map((r) => r.child.pid ?? -1);
  }

  /**
   * Starts a reader now unless one is idle or starting, so the next read does not wait
   * for a process (at the service's start, and after a stopped read's reader was killed).
   * A failure is left for the read that needs it to meet and report.
   */
  warm(): void {
    if (this.closed || this.warming || this.idle.length > 0) return;
    this.warming = this.spawn()
      .then(
        (reader) => {
          if (!this.closed) this.idle.push(reader);
        },
        () => {},
      )
      .finally(() => {
        this.warming = undefined;
      });
  }

  /**
   * The writer stored new planner statistics: a read-only connection loads them only when
   * it opens, so each reader opens its connection again before its next read (one read at
   * a time per reader: it is idle then).
   */
  statisticsChanged(): void {
    for (const reader of this.readers) reader.staleStatistics = true;
  }

  async run<N extends ReadName>(request: ReadRequest<N>, stop: AbortSignal): Promise<unknown> {
    this.ran++;
    if (this.idle.length === 0 && this.warming) await this.warming;
    const reader = this.idle.pop() ?? (await this.spawn());
    if (stop.aborted) {
      this.idle.push(reader);
      throw new ReaderError(`read stopped: ${String(stop.reason)}`, undefined);
    }
    return new Promise((resolve, reject) => {
      const onStop = () => {
        // No interrupt in better-sqlite3: the process is the unit that can be stopped.
        this.kill(reader);
        reject(new ReaderError(`read stopped: ${String(stop.reason)}`, undefined));
      };
      stop.addEventListener('abort', onStop, { once: true });
      reader.pending = {
        resolve: (value) => {
          stop.removeEventListener('abort', onStop);
          reader.pending = undefined;
          if (!this.closed) this.idle.push(reader);
          resolve(value);
        },
        reject: (error) => {
          stop.removeEventListener('abort', onStop);
          reader.pending = undefined;
          reject(error);
        },
      };
      if (reader.staleStatistics) {
        reader.staleStatistics = false;
        reader.child.send(RELOAD_STATISTICS);
      }
      reader.child.send(request);
    });
  }

  private kill(reader: Reader): void {
    if (!this.readers.delete(reader)) return;
    this.killed++;
    const i = this.idle.indexOf(reader);
    if (i >= 0) this.idle.splice(i, 1);
    this.dying.add(reader.child);
    reader.child.once('exit', () => this.dying.delete(reader.child));
    reader.child.kill('SIGKILL');
    this.warm();
  }

  private async spawn(): Promise<Reader> {
    const child = fork(new URL(ENTRY, import.meta.url), [this.options.file, ...(this.options.modules ?? [])], {
      // Not the parent's flags: under the test runner they would make the child a test run.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Readers never keep the service's process alive by themselves (the server does, while it listens).
    child.unref();
    child.channel?.unref();
    const reader: Reader = { child, pending: undefined };
    this.starting.add(child);
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('message', (m: { ready?: boolean }) => (m?.ready ? resolve() : reject(new Error('reader process did not start'))));
        child.once('error', reject);
        child.once('exit', (code) => reject(new ReaderError(`reader process exited at start (code ${code})`, 'SQLITE_CANTOPEN_READER')));
      });
    } finally {
      this.starting.delete(child);
    }
    child.on('message', (reply: ReaderReply) => {
      const p = reader.pending;
      if (!p) return;
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new ReaderError(reply.message, reply.code));
    });
    child.on('exit', (code, signal) => {
      // Killed by us (stopped) or lost (crashed, out of memory): a later read starts a new one.
      if (this.readers.delete(reader)) this.killed++;
      const i = this.idle.indexOf(reader);
      if (i >= 0) this.idle.splice(i, 1);
      reader.pending?.reject(new ReaderError(`reader process stopped (${signal ?? code})`, 'SQLITE_IOERR_READER'));
    });
    if (this.closed) {
      child.kill('SIGKILL');
      throw new ReaderError('the reader pool is closed', undefined);
    }
    this.readers.add(reader);
    return reader;
  }

  async close(): Promise<void> {
    this.closed = true;
    const children = [...[...this.readers].map((r) => r.child), ...this.starting, ...this.dying];
    const exits = children.map(
      (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve))),
    );
    this.readers.clear();
    for (const child of children) child.kill('SIGKILL');
    this.idle.length = 0;
    await Promise.all(exits);
  }
}

/**
 * Compiled (dist/) the child runs the compiled module; from the TypeScript sources it
 * needs an entry that registers tsx first (the writer thread's approach).
 */
const ENTRY = import.meta.url.endsWith('.ts') ? './sqlite-reader-main.mjs' : './sqlite-reader-process.js';
