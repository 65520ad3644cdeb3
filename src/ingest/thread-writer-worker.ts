import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../storage/dialects/sqlite-dialect.js';
import { refreshStatistics, reloadStatistics } from '../storage/dialects/sqlite-statistics.js';
import { StatisticsSchedule } from '../storage/dialects/statistics-schedule.js';
import { writeQueue } from './in-process-writer.js';
import { runMaintenance } from './maintenance-jobs.js';
import type { Commit, Replies, Reply, Requests, ThreadWriterOptions } from './thread-writer.js';

/** The writer thread: its own connection, its own group-commit queue, the same batch code. */
const options = workerData as ThreadWriterOptions;
const { db, support, raw } = openSqlite(options.sqliteFile);
/** Each commit's size and duration, sent back with the answers (the main thread keeps the metrics). */
let commits: Commit[] = [];
/** The planner's statistics changed since the last answers: the main thread's connections reload them. */
let statisticsChanged = false;
const schedule = new StatisticsSchedule();
const queue = writeQueue(db, support, {
  maxBatchSize: options.maxBatchSize,
  maxConcurrentBatches: 1,
  onCommit: (size, seconds) => {
    commits.push([size, seconds]);
    // This is the connection that grows the database: it keeps the statistics current
    // (sqlite-statistics.ts). Between batches — the next one starts after this returns.
    if (schedule.committed(size) && !raw.inTransaction) refresh();
  },
});
const port = parentPort!;

/**
 * Statistics are an optimisation: a refresh that fails (the database busy past the
 * timeout, say) is left for the next one — it must never fail the batch that just committed.
 */
function refresh(): void {
  try {
    if (!refreshStatistics(options.sqliteFile).changed) return;
    reloadStatistics(raw);
    statisticsChanged = true;
  } catch (error) {
    process.stderr.write(`planner statistics not refreshed: ${(error as Error).message}\n`);
  }
}

let replies: Reply[] = [];
function reply(r: Reply): void {
  // A batch settles all its jobs in one turn: answer them in one message.
  if (replies.push(r) === 1) {
    setImmediate(() => {
      port.postMessage({ replies, commits, ...(statisticsChanged ? { statisticsChanged } : {}) } satisfies Replies);
      replies = [];
      commits = [];
      statisticsChanged = false;
    });
  }
}

port.on('message', (requests: Requests) => {
  for (const { id, job } of requests) {
    // Kysely runs one transaction at a time on this one connection: a maintenance step
    // waits for the batch in progress, and the next batch for it.
    (job.type === 'maintain' ? runMaintenance(db, job.job) : queue.run(job)).then(
      (value) => reply({ id, ok: true, value }),
      (error: Error & { code?: unknown }) =>
        reply({ id, ok: false, message: error?.message ?? String(error), code: typeof error?.code === 'string' ? error.code : undefined }),
    );
  }
});
port.postMessage({ ready: true });
