/**
 * Does a search stall the webhooks? `node --import tsx bench/slow-reads.ts` (not part of
 * `npm run bench`): builds the service (dist/), generates a SQLite database of
 * BENCH_INVOICES invoices (default 150,000; straight into the tables, the FTS index kept by
 * its triggers), then runs the compiled service twice on it — `ONEC_SYNC_READERS=0` (reads
 * on the main thread, as before the reader pool) and `ONEC_SYNC_READERS=2` — each for
 * BENCH_SECONDS (default 20), alternated 0, 2, 2, 0, of: 4 webhook senders posting new invoices back to back,
 * `/healthz` every 50 ms, and one person searching every 2 s (alternately a 3-character
 * text every invoice holds, through the trigram index, and a 2-character one, a scan).
 * Prints p50 / p99 / max of each, and the searches' own times.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/storage/open-database.js';
import { freePort } from '../test/helpers/free-port.js';
import { INVOICES_PATH, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const INVOICES = Number(process.env.BENCH_INVOICES ?? 150_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TOKEN = 'bench-admin-token-0123456789';
const SEARCHES = ['тов', 'ст'];

async function generate(file: string): Promise<void> {
  const storage = await openDatabase(`sqlite:${file}`);
  const t = Date.now();
  await sql`
    insert into invoices (id, source_id, identity, uuid, source_ref, version, content_hash, current_event_id, search_text, created_at, updated_at,
                          kind, number, date, counterparty_name, counterparty_edrpou, total, total_value, currency_code, posted, position_count)
    with recursive n(x) as (select 1 union all select x + 1 from n where x < ${INVOICES})
    select printf('inv-%08d', x), 'default', printf('uuid-%08d', x), null, printf('ref-%08d', x), 1, 'h', 'e',
           lower(printf('ПТ-%08d ТОВ Постачальник %d 3285596%d', x, x % 10, x % 10)), '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z',
           'incoming', printf('ПТ-%08d', x), strftime('%Y-%m-%dT%H:%M:%S', '2024-01-01', printf('+%d minutes', x * 3)),
           printf('ТОВ Постачальник %d', x % 10), printf('3285596%d', x % 10), printf('%d.00', x % 9973), x % 9973, '980', 1, 20
    from n`.execute(storage.db);
  await storage.close();
  console.log(`generated ${INVOICES} invoices in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

async function timed(fn: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
}

async function variant(file: string, readers: number) {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${file}`,
    ONEC_SYNC_ALLOW_UNSIGNED: 'true',
    ONEC_SYNC_ADMIN_TOKEN: TOKEN,
    ONEC_SYNC_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
    ONEC_SYNC_READERS: String(readers),
    ONEC_SYNC_DELIVERIES: 'false',
  };
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('the service did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stream = new UniqueInvoiceStream(`R${readers}-`);
  const webhook: number[] = [];
  const health: number[] = [];
  const searches: { q: string; ms: number; status: number }[] = [];
  const end = Date.now() + SECONDS * 1000;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const senders = Array.from({ length: 4 }, async () => {
    while (Date.now() < end) {
      const r = await timed(() => fetch(base + INVOICES_PATH, { method: 'POST', headers: WEBHOOK_HEADERS, body: stream.next().body }));
      if (r.status === 200) webhook.push(r.ms);
    }
  });
  const prober = (async () => {
    while (Date.now() < end) {
      health.push((await timed(() => fetch(`${base}/healthz`))).ms);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const searcher = (async () => {
    for (let i = 0; Date.now() < end; i++) {
      const q = SEARCHES[i % SEARCHES.length]!;
      const next = Date.now() + 2000;
      const r = await timed(() => fetch(`${base}/api/v1/invoices?q=${encodeURIComponent(q)}`, { headers: auth }));
      searches.push({ q, ...r });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  await Promise.all([...senders, prober, searcher]);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { readers, webhook, healthz: health, searches };
}

async function main(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-slow-reads-'));
  const file = path.join(dir, 'bench.db');
  try {
    await generate(file);
    // Alternated (0, 2, 2, 0): this shared machine's load drifts over minutes; the samples of
    // both runs of a variant are pooled.
    const runs: Awaited<ReturnType<typeof variant>>[] = [];
    for (const readers of [0, 2, 2, 0]) runs.push(await variant(file, readers));
    const results = [0, 2].map((readers) => {
      const mine = runs.filter((r) => r.readers === readers);
      return {
        readers,
        webhook: quantiles(mine.flatMap((r) => r.webhook)),
        healthz: quantiles(mine.flatMap((r) => r.healthz)),
        searches: mine.flatMap((r) => r.searches),
      };
    });
    const f = (x: number) => x.toFixed(1).padStart(8);
    console.log(`\n${INVOICES} invoices, 2 × ${SECONDS} s each, load average ${os.loadavg()[0]!.toFixed(1)}; ms          n      p50      p99      max`);
    for (const r of results) {
      const label = r.readers === 0 ? 'before (main thread)' : `after (${r.readers} readers)`;
      for (const [what, q] of [
        ['webhook', r.webhook],
        ['/healthz', r.healthz],
      ] as const) {
        console.log(`${label.padEnd(22)} ${what.padEnd(9)} ${String(q.n).padStart(6)} ${f(q.p50)} ${f(q.p99)} ${f(q.max)}`);
      }
      for (const q of SEARCHES) {
        const s = quantiles(r.searches.filter((x) => x.q === q).map((x) => x.ms));
        const statuses = [...new Set(r.searches.filter((x) => x.q === q).map((x) => x.status))].join(',');
        console.log(`${label.padEnd(22)} q=${q.padEnd(7)} ${String(s.n).padStart(6)} ${f(s.p50)} ${f(s.p99)} ${f(s.max)}  (HTTP ${statuses})`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
