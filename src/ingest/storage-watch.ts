import fs from 'node:fs';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';
import type { StorageFault } from '../storage/dialects/storage-fault.js';
import type { Writer } from './in-process-writer.js';
import type { Applied, ApplyJob, JournalJob } from './write-jobs.js';

/** What `/readyz` says about the storage. */
export interface StorageStatus {
  /** `full` / `read-only` from the last write that failed so, until a write succeeds again. */
  state: 'ok' | 'full' | 'read-only';
  /** When the fault was first seen. */
  since?: string;
  /** SQLite: bytes free for the service on the database's file system. */
  freeBytes?: number;
}

const STATE: Record<StorageFault, StorageStatus['state']> = { STORAGE_FULL: 'full', STORAGE_READ_ONLY: 'read-only' };

/**
 * The ingest writer, remembering whether the storage refused its last write. Nothing
 * needs to be reset when space returns: the next write simply commits (1C retries every
 * 503), and its success clears the state — so the state is the storage as the last write
 * found it, and a probe of our own could not know more without writing.
 */
export class StorageWatch implements Writer {
  private fault: { state: StorageStatus['state']; since: string } | undefined;

  constructor(
    private readonly inner: Writer,
    private readonly support: DialectSupport,
    /** SQLite: the database's folder, whose file system's free space is reported. */
    private readonly dataDir?: string,
  ) {}

  apply(job: ApplyJob): Promise<Applied> {
    return this.watch(this.inner.apply(job));
  }

  journal(job: JournalJob): Promise<void> {
    return this.watch(this.inner.journal(job));
  }

  /** A commit clears the fault; a write the storage refused records it. */
  private async watch<T>(write: Promise<T>): Promise<T> {
    try {
      const result = await write;
      this.fault = undefined;
      return result;
    } catch (error) {
      const fault = this.support.storageFault(error);
      if (fault) this.fault ??= { state: STATE[fault], since: new Date().toISOString() };
      throw error;
    }
  }

  status(): StorageStatus {
    const status: StorageStatus = this.fault ? { ...this.fault } : { state: 'ok' };
    if (this.dataDir) {
      try {
        const fsStats = fs.statfsSync(this.dataDir);
        status.freeBytes = fsStats.bavail * fsStats.bsize;
      } catch {
        // The folder is gone or unreadable: the state above says what writes found.
      }
    }
    return status;
  }

  depth(): number {
    return this.inner.depth();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
