/**
 * Builds (once) and keeps the "years" database: N invoices written through the service's
 * own write path — every body decoded and normalised by the `WebhookIngestor` (as a
 * webhook would be), committed in the writer's batches by `applyBatch` (on SQLite the
 * same writer thread the service runs) — so whatever that path maintains (journal, feed,
 * versions, idempotency keys, compression, counters) is in the data as it would be after
 * years of webhooks. No HTTP: the service's own HTTP cost is measured later, not here.
 *
 * The database is kept between runs: SQLite in bench/.cache/, PostgreSQL as a schema of
 * TEST_DATABASE_URL, both named after N and the data set's version (a change of data.ts
 * builds a new one; stale ones are removed). A kept one made before a new migration is
 * upgraded by it on re-use, as a production base is: a build is an hour per dialect, and
 * what a migration does to years of data is itself what an operator meets. It is built
 * under a temporary name and renamed when complete, so an interrupted build is never re-used.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { asEventId, asSourceId } from '../../src/domain/branded-ids.js';
import { InProcessWriter, type Writer } from '../../src/ingest/in-process-writer.js';
import { WebhookIngestor, type WebhookOutcome } from '../../src/ingest/ingest-webhook.js';
import { ThreadWriter } from '../../src/ingest/thread-writer.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { DEFAULT_SOURCE_ID, ensureDefaultSource } from '../../src/storage/repositories/sources-repository.js';
import { TEST_DATABASE_URL } from '../../test/helpers/dialects.js';
import { blockPosts, clientPost, counterparties, type YearsPost } from './data.js';
import { saleBlockPosts } from './sale-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(ROOT, 'bench', '.cache');
/** Bump when data.ts changes what it generates: cached databases are then rebuilt. */
const DATA_VERSION = 2;
/** Bump when sale-data.ts changes what it generates. */
const SALE_DATA_VERSION = 1;
/** The service's default batch (ONEC_SYNC_MAX_BATCH). */
const MAX_BATCH = 256;
const BLOCK = 2_000;

export interface GenerationFigures {
  invoices: number;
  sales: number;
  posts: number;
  seconds: number;
  postsPerSecond: number;
  invoicesPerSecond: number;
  results: Record<string, number>;
  sizeMb: number;
}

export interface YearsDatabase {
  dialect: 'sqlite' | 'postgres';
  url: string;
  /** How it was built in this run; null when a kept one was re-used. */
  generated: GenerationFigures | null;
}

/**
 * Runs the migrations this checkout has on a kept database; says how long when there were any.
 * The service would run them at its start, but then they would count as the first read's time.
 */
async function upgrade(url: string, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  const storage = await openDatabase(url);
  await storage.close();
  const ms = performance.now() - t0;
  if (ms > 2_000) log(`    upgraded through this checkout's migrations in ${Math.round(ms / 1000)} s`);
}

const pgUrl = (schema: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
};

async function pgAdmin<T>(body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/**
 * The kept database's name part: N invoices of the data set's version, and M sales of
 * theirs when there are any (a database without sales keeps the name it always had).
 */
export function yearsKey(n: number, sales: number): string {
  return sales > 0 ? `${n}_d${DATA_VERSION}_s${sales}_v${SALE_DATA_VERSION}` : `${n}_d${DATA_VERSION}`;
}

/** Whether a kept database's key is of the same sizes as `key` (then an older version of it: stale). */
function sameSizes(other: string, n: number, sales: number): boolean {
  const m = /^(\d+)_d\d+(?:_s(\d+)_v\d+)?/.exec(other);
  return m !== null && Number(m[1]) === n && Number(m[2] ?? 0) === sales;
}

export async function yearsDatabase(dialect: 'sqlite' | 'postgres', n: number, log: (line: string) => void, sales = 0): Promise<YearsDatabase> {
  const key = yearsKey(n, sales);
  if (dialect === 'sqlite') {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const file = path.join(CACHE_DIR, `years-sqlite-${key}.sqlite`);
    for (const old of fs.readdirSync(CACHE_DIR)) {
      const other = old.startsWith('years-sqlite-') ? old.slice('years-sqlite-'.length) : '';
      if (sameSizes(other, n, sales) && !old.startsWith(path.basename(file))) fs.rmSync(path.join(CACHE_DIR, old), { force: true });
    }
    if (fs.existsSync(file)) {
      log(`    re-using ${path.relative(ROOT, file)}`);
      await upgrade(`sqlite:${file}`, log);
      return { dialect, url: `sqlite:${file}`, generated: null };
    }
    const tmp = `${file}.tmp`;
    const generated = await generate(`sqlite:${tmp}`, n, log, () => fs.statSync(tmp).size, `${file}.progress`, undefined, sales);
    // The writer thread is terminated, not closed: fold its WAL into the file before the rename.
    const db = new Database(tmp);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fs.renameSync(tmp, file);
    return { dialect, url: `sqlite:${file}`, generated };
  }
  const schema = `bench_years_${key}`;
  const existing = await pgAdmin(async (c) =>
    (await c.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like 'bench\\_years\\_${n}\\_%'`)).rows.map((r) => r.name),
  );
  const stale = existing.filter((s) => s !== schema && s !== `${schema}_tmp` && sameSizes(s.slice('bench_years_'.length), n, sales));
  for (const old of stale) {
    log(`    dropping the stale schema ${old}`);
    await pgAdmin((c) => c.query(`drop schema ${old} cascade`));
  }
  if (existing.includes(schema)) {
    log(`    re-using the schema ${schema}`);
    await upgrade(pgUrl(schema), log);
    await vacuum(schema, log);
    return { dialect, url: pgUrl(schema), generated: null };
  }
  const tmp = `${schema}_tmp`;
  const progress = path.join(CACHE_DIR, `years-postgres-${key}.progress`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  await pgAdmin(async (c) => {
    if (!fs.existsSync(progress)) await c.query(`drop schema if exists ${tmp} cascade`);
    await c.query(`create schema if not exists ${tmp}`);
  });
  const size = async () =>
    pgAdmin(async (c) =>
      Number(
        (
          await c.query(
            `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and c.relkind in ('r', 'm')`,
            [tmp],
          )
        ).rows[0].n,
      ),
    );
  const generated = await generate(pgUrl(tmp), n, log, size, progress, undefined, sales);
  await pgAdmin((c) => c.query(`alter schema ${tmp} rename to ${schema}`));
  await vacuum(schema, log);
  return { dialect, url: pgUrl(schema), generated };
}

/**
 * VACUUM (ANALYZE) each table of the schema, as autovacuum does on a production server (the
 * test server may run with autovacuum off): until the visibility map is set, an index-only
 * scan — a search's walk of a list index carrying search_text — fetches every row from the
 * heap anyway (105,000 heap fetches for one walk at 400,000 invoices). Quick when nothing
 * changed since the last one.
 */
async function vacuum(schema: string, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  await pgAdmin(async (c) => {
    const tables = (await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = $1`, [schema])).rows.map((r) => r.name);
    for (const table of tables) await c.query(`vacuum (analyze) ${schema}."${table}"`);
  });
  log(`    vacuum (analyze) of ${schema}: ${Math.round((performance.now() - t0) / 1000)} s`);
}

/**
 * A journal id minted at the post's own time, as the service mints it on arrival: the
 * journal's time filters are id ranges (UUIDv7 sorts by time), so ids of today on entries
 * of 2024 would make "a week of 2024" an empty range.
 */
function uuidv7At(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const HEADERS = JSON.stringify({ 'content-type': 'application/json', 'user-agent': '1C+Enterprise/8.3' });

/**
 * Resumable: after each block has committed, the next block's start is written to
 * `progressFile`; an interrupted build continues from there (the block in flight then is
 * posted again, and its webhook-ids make the repeats `duplicate`, as 1C's retries are).
 */
export async function generate(
  url: string,
  n: number,
  log: (line: string) => void,
  sizeBytes: () => number | Promise<number>,
  progressFile: string,
  partyCount = Number(process.env.YEARS_COUNTERPARTIES ?? 3_000),
  sales = 0,
): Promise<GenerationFigures> {
  // `N`: the invoice block N is next; `s:N`: the invoices are in, the sale block N is next.
  const progress = fs.existsSync(progressFile) ? fs.readFileSync(progressFile, 'utf8') : '';
  const resumeSales = progress.startsWith('s:');
  const resumeFrom = progress === '' ? -1 : Number(progress.replace(/^s:/, ''));
  if (resumeFrom < 0 && url.startsWith('sqlite:')) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(url.slice('sqlite:'.length) + suffix, { force: true });
  if (resumeFrom >= 0) log(`    resuming an interrupted build at ${resumeSales ? 'sale' : 'invoice'} ${resumeFrom.toLocaleString('en')}`);
  const storage = await openDatabase(url);
  await ensureDefaultSource(storage.db, new Date().toISOString());
  const writer: Writer =
    storage.support.name === 'sqlite'
      ? await ThreadWriter.start({ sqliteFile: url.slice('sqlite:'.length), maxBatchSize: MAX_BATCH })
      : // Two batches in flight (ONEC_SYNC_WRITE_CONCURRENCY=2, as two replicas would): the
        // client decodes the next while PostgreSQL commits one. A document's later versions
        // come a block (eight batches) after its first, so two batches never race on one.
        new InProcessWriter(storage.db, storage.support, { maxBatchSize: MAX_BATCH, maxConcurrentBatches: 2 });
  let clock = new Date();
  const ingestor = new WebhookIngestor(storage, writer, () => clock);
  const results: Record<string, number> = {};
  let posts = 0;
  const count = (o: WebhookOutcome) => {
    const key = o.httpStatus === 200 ? String(o.body.result) : `http ${o.httpStatus}`;
    results[key] = (results[key] ?? 0) + 1;
    if (o.httpStatus >= 500) throw new Error(`generation: a post failed with ${o.httpStatus}: ${JSON.stringify(o.body)}`);
  };
  // ingest() reads the clock synchronously before its first await, so each post is
  // journaled at its own time in the data set's three years.
  const send = (list: YearsPost[], tag: string) =>
    Promise.all(
      list.map((p, i) => {
        clock = p.receivedAt;
        posts++;
        return ingestor
          .ingest({
            endpoint: p.endpoint,
            body: p.body,
            bodySize: p.body.length,
            headers: JSON.parse(HEADERS) as Record<string, string>,
            remoteAddr: '10.0.0.5',
            sourceId: asSourceId(DEFAULT_SOURCE_ID),
            webhookId: `msg_years_${tag}_${i}`,
            eventId: asEventId(uuidv7At(p.receivedAt.getTime())),
          })
          .then(count);
      }),
    );
  const started = performance.now();
  /**
   * One kind's documents in blocks [from, from + BLOCK), two blocks in flight: the main
   * thread builds and decodes the next while the writer commits this one. Blocks start at
   * multiples of BLOCK; the last call (from = count) sends the last block's later versions.
   */
  const stage = async (count: number, startAt: number, tag: string, what: string, postsOf: typeof blockPosts) => {
    let previous: Promise<unknown> = Promise.resolve();
    let lastLog = performance.now();
    const stageStarted = performance.now();
    for (let from = startAt; ; from = Math.min(count, from + BLOCK)) {
      const previousFrom = from === 0 ? 0 : from === count && count % BLOCK !== 0 ? count - (count % BLOCK) : from - BLOCK;
      const list = postsOf(from, Math.min(count, from + BLOCK), previousFrom, count, parties);
      // The last call sends only the last block's later versions: no block of first versions
      // goes before them to keep them apart (PostgreSQL commits two batches at once, and a
      // later post may not overtake an earlier one of its document), so the earlier posts
      // commit first, and each wave of later posts before the next.
      const waves = from === count ? Math.max(0, ...list.map((p) => p.wave ?? 0)) : 0;
      if (waves > 0) {
        await previous;
        for (let w = 1; w <= waves; w++)
          await send(
            list.filter((p) => p.wave === w),
            `${tag}${from}w${w}`,
          );
      }
      const block = send(waves > 0 ? list.filter((p) => !p.wave) : list, `${tag}${from}`);
      await previous;
      // Everything before the block just sent has committed.
      fs.writeFileSync(progressFile, `${tag === 'b' ? '' : `${tag}:`}${from}`);
      previous = block;
      const done = Math.min(count, from + BLOCK);
      if (performance.now() - lastLog > 15_000 || from === count) {
        lastLog = performance.now();
        const s = (lastLog - stageStarted) / 1000;
        log(
          `    ${done.toLocaleString('en')} / ${count.toLocaleString('en')} ${what}, ${posts.toLocaleString('en')} posts, ${Math.round((lastLog - started) / 1000)} s (${Math.round((done - startAt) / s)} ${what}/s, ${Math.round(posts / ((lastLog - started) / 1000))} posts/s)`,
        );
      }
      if (from === count) break;
    }
    await previous;
  };
  const parties = counterparties(partyCount);
  try {
    if (resumeFrom < 0)
      await send(
        parties.map((p) => clientPost(p, 1, new Date(Date.UTC(2022, 11, 20)))),
        'c1',
      );
    if (!resumeSales) await stage(n, Math.max(0, resumeFrom), 'b', 'invoices', blockPosts);
    if (sales > 0) await stage(sales, resumeSales ? resumeFrom : 0, 's', 'sales', saleBlockPosts);
    // A tenth of the clients changed during the years (a phone number added).
    await send(
      parties.filter((p) => p.index % 10 === 0).map((p) => clientPost(p, 2, new Date(Date.UTC(2025, 5, 1)))),
      'c2',
    );
  } finally {
    await writer.close();
    await storage.close();
  }
  fs.rmSync(progressFile, { force: true });
  const seconds = (performance.now() - started) / 1000;
  const sizeMb = Math.round((await sizeBytes()) / 2 ** 20);
  // After a resumed build these are the figures of its last part only.
  const figures = {
    invoices: n,
    sales,
    posts,
    seconds: Math.round(seconds),
    postsPerSecond: Math.round(posts / seconds),
    invoicesPerSecond: Math.round((n - Math.max(0, resumeFrom)) / seconds),
    results,
    sizeMb,
  };
  log(
    `    built in ${figures.seconds} s: ${figures.invoicesPerSecond} invoices/s, ${figures.postsPerSecond} posts/s, ${sizeMb} MB; results ${JSON.stringify(results)}`,
  );
  return figures;
}
