import { type ConversionStep, PRUNABLE_STATUSES, type PruneLane, type PruneStep } from '../storage/repositories/journal-maintenance-steps.js';
import type { MaintenanceJob, MaintenanceRunner } from './maintenance-jobs.js';

export interface MaintenanceLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Rows per maintenance transaction: a short turn of the SQLite writer each (docs/operations.md, "Bounded growth"). */
export const MAINTENANCE_BATCH = 500;

export interface PruneReport {
  rows: number;
  bytes: number;
  byStatus: Record<PruneLane, { rows: number; bytes: number }>;
}

/**
 * Prune the bodies of journal entries that changed nothing and are older than `olderThan`
 * (storage/repositories/journal-maintenance.ts says which and why), one small transaction
 * at a time through `runner` — on SQLite the writer, which takes turns with ingest.
 */
export async function pruneJournal(runner: MaintenanceRunner, olderThan: Date, options: { limit?: number; pauseMs?: number } = {}): Promise<PruneReport> {
  const report: PruneReport = { rows: 0, bytes: 0, byStatus: {} as PruneReport['byStatus'] };
  for (const lane of [...PRUNABLE_STATUSES, 'rejected'] as PruneLane[]) {
    const total = { rows: 0, bytes: 0 };
    report.byStatus[lane] = total;
    let after: string | null = null;
    for (;;) {
      const job: MaintenanceJob = { type: 'prune-bodies', lane, olderThan: olderThan.toISOString(), after, limit: options.limit ?? MAINTENANCE_BATCH };
      const step = (await runner.maintain(job)) as PruneStep;
      total.rows += step.rows;
      total.bytes += step.bytes;
      if (step.done) break;
      after = step.cursor;
      await pause(options.pauseMs ?? 0);
    }
    report.rows += total.rows;
    report.bytes += total.bytes;
  }
  return report;
}

/**
 * Compress, in the background, the bodies a SQLite journal stored before compression
 * (migration 013 names the range). Resumes after a restart from the saved cursor; logs its
 * progress every `logEveryMs` and when it finishes. Returns when done or stopped.
 */
export async function convertOldBodies(
  runner: MaintenanceRunner,
  log: MaintenanceLog,
  options: { limit?: number; pauseMs?: number; logEveryMs?: number; stopped?: () => boolean } = {},
): Promise<ConversionStep & { steps: number }> {
  const total = { scanned: 0, converted: 0, bytesBefore: 0, bytesAfter: 0, cursor: null as string | null, done: false, steps: 0 };
  let lastLog = Date.now();
  while (!options.stopped?.()) {
    const step = (await runner.maintain({ type: 'convert-bodies', limit: options.limit ?? MAINTENANCE_BATCH })) as ConversionStep;
    total.steps++;
    total.scanned += step.scanned;
    total.converted += step.converted;
    total.bytesBefore += step.bytesBefore;
    total.bytesAfter += step.bytesAfter;
    total.cursor = step.cursor;
    if (step.done) {
      total.done = true;
      if (total.steps > 1 || step.scanned > 0) log.info(progress(total), 'journal bodies: conversion to compressed storage finished');
      break;
    }
    if (Date.now() - lastLog >= (options.logEveryMs ?? 10_000)) {
      lastLog = Date.now();
      log.info(progress(total), 'journal bodies: converting to compressed storage');
    }
    await pause(options.pauseMs ?? 20);
  }
  return total;
}

function progress(t: { scanned: number; converted: number; bytesBefore: number; bytesAfter: number; cursor: string | null }) {
  return { eventsWalked: t.scanned, bodiesCompressed: t.converted, bytesBefore: t.bytesBefore, bytesAfter: t.bytesAfter, upToEvent: t.cursor };
}

const pause = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/**
 * The service's journal upkeep: the conversion of old bodies once (SQLite), and with
 * ONEC_SYNC_JOURNAL_RETENTION a prune a minute after start and then every 24 hours. Errors
 * are logged and retried later: upkeep never stops the service.
 */
export class JournalMaintenance {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: MaintenanceRunner,
    private readonly options: { convert: boolean; retentionMs: number | null; firstPruneAfterMs?: number; pruneEveryMs?: number },
  ) {}

  start(log: MaintenanceLog): void {
    if (this.options.convert) this.running = this.convert(log);
    if (this.options.retentionMs !== null) this.schedulePrune(log, this.options.firstPruneAfterMs ?? 60_000);
  }

  private async convert(log: MaintenanceLog): Promise<void> {
    while (!this.stopped) {
      try {
        await convertOldBodies(this.runner, log, { stopped: () => this.stopped });
        return;
      } catch (error) {
        if (this.stopped) return;
        log.warn({ err: error }, 'journal bodies: conversion step failed; retrying in 5 s');
        await pause(5_000);
      }
    }
  }

  private schedulePrune(log: MaintenanceLog, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.running.then(async () => {
        const retentionMs = this.options.retentionMs!;
        try {
          const report = await pruneJournal(this.runner, new Date(Date.now() - retentionMs));
          log.info(Object.assign({}, report, { olderThanMs: retentionMs }), `journal retention: pruned ${report.rows} bodies (${report.bytes} bytes)`);
        } catch (error) {
          if (!this.stopped) log.warn({ err: error }, 'journal retention: prune failed; next attempt in 24 hours');
        }
        this.schedulePrune(log, this.options.pruneEveryMs ?? 86_400_000);
      });
    }, delayMs).unref();
  }

  /** Stop between steps; a step in flight finishes (it is one short transaction). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => {});
  }
}
