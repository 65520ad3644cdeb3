import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../storage/dialects/sqlite-dialect.js';
import { CommitQueue } from './commit-queue.js';
import type { ThreadWriterOptions } from './thread-writer.js';
import { jobKey, runWriteJob, type WriteJob } from './write-jobs.js';

/** The writer thread: its own connection, its own group-commit queue, the same job code. */
const options = workerData as ThreadWriterOptions;
const { db, support } = openSqlite(options.sqliteFile);
const queue = new CommitQueue(db, support, { maxBatchSize: options.maxBatchSize, maxConcurrentBatches: 1 });
const port = parentPort!;

port.on('message', ({ id, job }: { id: number; job: WriteJob }) => {
  queue.run((trx) => runWriteJob(trx, support, job), jobKey(job)).then(
    (value) => port.postMessage({ id, ok: true, value }),
    (error: Error & { code?: unknown }) =>
      port.postMessage({ id, ok: false, message: error?.message ?? String(error), code: typeof error?.code === 'string' ? error.code : undefined }),
  );
});
port.postMessage({ ready: true });
