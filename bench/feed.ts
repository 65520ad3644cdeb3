/**
 * The changes feed's read throughput (BENCH_ONLY=feed): a service process (compiled) on a
 * fresh database, filled with BENCH_FEED_COUNT unique invoices (one change each), then
 * (1) one follower paging through the whole feed with `after` as an ERP would, and (2)
 * BENCH_CONNECTIONS readers fetching pages at random cursors for BENCH_DURATION seconds.
 * Every entry carries its object rebuilt from the stored body, so this is mostly the cost
 * of decoding and presenting 20-position invoices.
 */

import { SERVICE_ADMIN_TOKEN, startServiceProcess } from '../test/helpers/service-process.js';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';
import { runLoad } from './load.js';
import { INVOICES_PATH, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';

export interface FeedFigures {
  target: 'sqlite' | 'postgres';
  changes: number;
  pageSize: number;
  /** One follower from the start to the head. */
  followChangesPerSecond: number;
  followPageP50Ms: number;
  followPageP99Ms: number;
  /** Concurrent readers at random cursors. */
  readers: number;
  readerPagesPerSecond: number;
  readerChangesPerSecond: number;
  readerP99Ms: number;
  errors: number;
}

export interface FeedBenchOptions {
  targets: ('sqlite' | 'postgres')[];
  count: number;
  pageSize: number;
  duration: number;
  connections: number;
  log(line: string): void;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

export async function feedBench(options: FeedBenchOptions): Promise<FeedFigures[]> {
  const figures: FeedFigures[] = [];
  for (const target of options.targets) {
    const db = await freshDatabaseUrl(target);
    const service = await startServiceProcess(db.url, { ONEC_SYNC_RATE_LIMIT: '0', ONEC_SYNC_NATS_URL: '' });
    try {
      const stream = new UniqueInvoiceStream(`FEED${target[0]}`, 20);
      const fill = await runLoad({
        baseUrl: service.baseUrl,
        connections: 16,
        amount: options.count,
        request: { method: 'POST', headers: { ...WEBHOOK_HEADERS }, next: () => ({ path: INVOICES_PATH, body: stream.next().body }) },
      });
      if (fill.errors > 0) throw new Error(`feed bench: filling answered ${fill.errors} errors, e.g. ${fill.sampleErrors[0]}`);
      const auth = { authorization: `Bearer ${SERVICE_ADMIN_TOKEN}` };

      const pageTimes: number[] = [];
      let cursor = '0';
      let seen = 0;
      const started = performance.now();
      for (;;) {
        const t0 = performance.now();
        const res = await fetch(`${service.baseUrl}/api/v1/changes?after=${cursor}&limit=${options.pageSize}`, { headers: auth });
        const page = (await res.json()) as { items: unknown[]; nextCursor: string };
        if (!res.ok) throw new Error(`feed bench: ${res.status} ${JSON.stringify(page).slice(0, 200)}`);
        pageTimes.push(performance.now() - t0);
        if (page.items.length === 0) break;
        seen += page.items.length;
        cursor = page.nextCursor;
      }
      const followSeconds = (performance.now() - started) / 1000;
      if (seen !== options.count) throw new Error(`feed bench: the follower saw ${seen} changes, ${options.count} were committed`);
      pageTimes.sort((a, b) => a - b);

      const highest = Math.max(0, options.count - options.pageSize);
      const readers = await runLoad({
        baseUrl: service.baseUrl,
        connections: options.connections,
        duration: options.duration,
        request: {
          method: 'GET',
          headers: auth,
          next: () => ({ path: `/api/v1/changes?after=${Math.floor(Math.random() * (highest + 1))}&limit=${options.pageSize}` }),
        },
      });
      const row: FeedFigures = {
        target,
        changes: options.count,
        pageSize: options.pageSize,
        followChangesPerSecond: Math.round(seen / followSeconds),
        followPageP50Ms: Number(percentile(pageTimes, 50).toFixed(1)),
        followPageP99Ms: Number(percentile(pageTimes, 99).toFixed(1)),
        readers: options.connections,
        readerPagesPerSecond: Math.round(readers.rps),
        readerChangesPerSecond: Math.round(readers.rps * options.pageSize),
        readerP99Ms: readers.p99,
        errors: readers.errors,
      };
      options.log(
        `  feed ${target.padEnd(8)} ${row.changes} changes, pages of ${row.pageSize}: follower ${row.followChangesPerSecond} changes/s (page p50 ${row.followPageP50Ms} ms, p99 ${row.followPageP99Ms} ms); ` +
          `${row.readers} readers ${row.readerPagesPerSecond} pages/s = ${row.readerChangesPerSecond} changes/s, p99 ${row.readerP99Ms} ms, errors ${row.errors}`,
      );
      figures.push(row);
    } finally {
      await service.stop();
      await db.cleanup();
    }
  }
  return figures;
}
