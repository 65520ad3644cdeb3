import { CHANGE_ACTIONS } from '../domain/event-outcomes.js';
import type { Writer } from '../ingest/in-process-writer.js';
import type { Applied, ApplyJob, JournalJob } from '../ingest/write-jobs.js';
import type { ChangeHub } from './change-hub.js';

const FEED_RESULTS: ReadonlySet<string> = new Set(CHANGE_ACTIONS);

/**
 * The ingest writer, telling the feed's hub about each applied change. A write's promise
 * settles only after its batch has committed (on this thread even when SQLite writes on
 * its own), so a woken reader finds the change.
 */
export class NotifyingWriter implements Writer {
  constructor(
    private readonly inner: Writer,
    private readonly hub: ChangeHub,
  ) {}

  async apply(job: ApplyJob): Promise<Applied> {
    const applied = await this.inner.apply(job);
    if (FEED_RESULTS.has(applied.result)) this.hub.notify();
    return applied;
  }

  journal(job: JournalJob): Promise<void> {
    return this.inner.journal(job);
  }

  depth(): number {
    return this.inner.depth();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
