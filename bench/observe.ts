/**
 * What watching the service costs (`node --import tsx bench/observe.ts`; not part of
 * `npm run bench`):
 * 1. the request path's share: the recorder calls one webhook makes (request latency,
 *    webhook counter, its batch), per call, in-process;
 * 2. a scrape on a big journal: BENCH_OBSERVE_ROWS (500,000) journal entries of 300 bytes
 *    inserted directly into a fresh SQLite file and a fresh PostgreSQL schema, then the
 *    journal-size query the metrics use against `count(*)`, and a whole `/metrics` text
 *    with the database sample taken fresh.
 * Medians of BENCH_OBSERVE_RUNS (7) runs.
 */
import { sql } from 'kysely';
import { Counter, Histogram, Registry } from 'prom-client';
import { webhookPath } from '../src/domain/kinds.js';
import { DatabaseSampler } from '../src/metrics/database-sampler.js';
import { type MetricsSampler, ServiceMetrics } from '../src/metrics/service-metrics.js';
import { journalSize } from '../src/storage/dialects/journal-size.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { feedConsumers, pendingDeliveries } from '../src/storage/repositories/metrics-repository.js';
import { rejectedWaiting } from '../src/storage/repositories/stats-repository.js';
import { postgresUnavailable } from '../test/helpers/dialects.js';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';

/** No database behind the metrics: the recorders' own cost. */
const NO_SAMPLER: MetricsSampler = { register() {}, async refresh() {} };

const ROWS = Number(process.env.BENCH_OBSERVE_ROWS ?? 500_000);
const RUNS = Number(process.env.BENCH_OBSERVE_RUNS ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timeMs(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

function recorderCost(): void {
  const metrics = new ServiceMetrics({ writerDepth: () => 0, sampler: NO_SAMPLER });
  // The same two observations through prom-client's own metrics, for comparison (labelled-metrics.ts).
  const registry = new Registry();
  const counter = new Counter({ name: 'c', help: 'c', labelNames: ['endpoint', 'result', 'status'], registers: [registry] }).labels(
    'invoices',
    'created',
    '200',
  );
  const histogram = new Histogram({
    name: 'h',
    help: 'h',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  }).labels('POST', webhookPath('incoming'), '2xx');
  const n = 2_000_000;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < RUNS; round++) {
    let started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      metrics.request('POST', webhookPath('incoming'), 200, 0.0012);
      metrics.webhook('invoices', 'created', 200);
    }
    ours.push(Number(process.hrtime.bigint() - started) / n);
    started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      histogram.observe(0.0012);
      counter.inc();
    }
    theirs.push(Number(process.hrtime.bigint() - started) / n);
  }
  console.log(
    `recorders: ${median(ours).toFixed(0)} ns per webhook (its latency + its counter); prom-client's Histogram + Counter children: ${median(theirs).toFixed(0)} ns`,
  );
}

async function fill(storage: StorageHandle): Promise<void> {
  const started = performance.now();
  if (storage.support.name === 'sqlite') {
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
      insert into events (id, received_at, endpoint, status, http_status, headers, body, body_size)
      select printf('%08x-%04x-7000-8000-%012x', i / 65536, i % 65536, i), '2026-01-01T00:00:00.000Z', 'clients', 'applied', 200, '{}', randomblob(300), 300 from n`.execute(
      storage.db,
    );
  } else {
    await sql`insert into events (id, received_at, endpoint, status, http_status, headers, body, body_size)
      select lpad(to_hex(i / 65536), 8, '0') || '-' || lpad(to_hex(i % 65536), 4, '0') || '-7000-8000-' || lpad(to_hex(i), 12, '0'),
             '2026-01-01T00:00:00.000Z', 'clients', 'applied', 200, '{}', decode(repeat(md5(i::text), 10), 'hex') || decode(repeat(md5((i+1)::text), 10), 'hex') , 320
      from generate_series(1, ${ROWS}) as s(i)`.execute(storage.db);
    await sql`analyze events`.execute(storage.db);
  }
  console.log(`${storage.support.name}: ${ROWS.toLocaleString('en')} journal entries inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function scrapeCost(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const database = await freshDatabaseUrl(dialect);
  const storage = await openDatabase(database.url);
  try {
    await fill(storage);
    // PostgreSQL's statistics reach pg_stat_user_tables when the backend reports them (within seconds).
    if (dialect === 'postgres') await new Promise((r) => setTimeout(r, 11_000));
    const size = await journalSize(storage.db, storage.support);
    const sizeMs = await timeMs(() => journalSize(storage.db, storage.support));
    const countMs = await timeMs(
      () =>
        storage.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      3,
    );
    const sampler = new DatabaseSampler(storage, { ttlMs: 0, now: () => new Date() });
    const metrics = new ServiceMetrics({ writerDepth: () => 0, sampler });
    const scrapeMs = await timeMs(() => metrics.scrape());
    const parts = {
      rejectedWaiting: await timeMs(() => rejectedWaiting(storage.db, new Date(Date.now() - 7 * 86_400_000).toISOString())),
      feed: await timeMs(() => feedConsumers(storage.db)),
      deliveries: await timeMs(() => pendingDeliveries(storage.db)),
      processMetrics: await timeMs(() => new ServiceMetrics({ writerDepth: () => 0, sampler: NO_SAMPLER }).scrape()),
    };
    console.log(`${dialect}: parts (ms) ${JSON.stringify(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Number(v.toFixed(2))])))}`);
    console.log(
      `${dialect}: journal size ${sizeMs.toFixed(2)} ms (rows ≈ ${size.rows.toLocaleString('en')}, ${(size.bytes / 2 ** 20).toFixed(0)} MiB) ` +
        `vs count(*) ${countMs.toFixed(1)} ms; whole /metrics text with a fresh database sample ${scrapeMs.toFixed(2)} ms`,
    );
  } finally {
    await storage.close();
    await database.cleanup();
  }
}

recorderCost();
await scrapeCost('sqlite');
if ((await postgresUnavailable()) === null) await scrapeCost('postgres');
else console.log('postgres: skipped (nothing answers at TEST_DATABASE_URL)');
