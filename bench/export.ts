/**
 * The CSV/XLSX export at scale: `node --import tsx bench/export.ts`. Fills a fresh SQLite base
 * (or TEST_DATABASE_URL's PostgreSQL with BENCH_EXPORT_DIALECT=postgres) through the webhook
 * endpoint, then, with the service in a process of its own, measures each export: time, size,
 * rows, and the service's resident memory above its level before the export (sampled from
 * /proc every 20 ms). A last run reads the XLSX slowly and hangs up half-way: the service
 * must stay flat in memory meanwhile and stop reading the database when the client is gone.
 *
 * Env: BENCH_EXPORT_INVOICES (20000), BENCH_EXPORT_POSITIONS (5 a document), BENCH_EXPORT_DIALECT (sqlite).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/free-port.js';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';
import { INVOICES_PATH, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';
import { processCpuUs } from './targets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INVOICES = Number(process.env.BENCH_EXPORT_INVOICES ?? 20_000);
const POSITIONS = Number(process.env.BENCH_EXPORT_POSITIONS ?? 5);
const DIALECT = (process.env.BENCH_EXPORT_DIALECT ?? 'sqlite') as 'sqlite' | 'postgres';
const TOKEN = 'bench-export-admin-0123456789';
const log = (line: string) => process.stdout.write(`${line}\n`);

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** utime + stime of a process, ms. */
const cpuMs = (pid: number) => processCpuUs(pid) / 1000;

async function main() {
  const db = await freshDatabaseUrl(DIALECT);
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/onec-sync.js', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      ONEC_SYNC_ALLOW_UNSIGNED: 'true',
      ONEC_SYNC_ADMIN_TOKEN: TOKEN,
      ONEC_SYNC_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 600) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    const stream = new UniqueInvoiceStream('X', POSITIONS);
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < INVOICES) {
          sent++;
          const res = await fetch(base + INVOICES_PATH, { method: 'POST', headers: WEBHOOK_HEADERS, body: stream.next().body });
          if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
    log(`filled ${INVOICES} invoices × ${POSITIONS} positions on ${DIALECT} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log('| export | rows | size | time | rows/s | service memory above idle (peak) |');
    log('|---|---:|---:|---:|---:|---:|');

    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const [label, query] of [
      ['invoices CSV', 'format=csv'],
      ['invoices XLSX', 'format=xlsx'],
    ] as const) {
      const idle = rssMb(child.pid!);
      let peak = idle;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(child.pid!));
      }, 20);
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/invoices/export?${query}`, { headers: auth });
      if (!res.ok) throw new Error(`${label}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      let lines = 0;
      const reader = res.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const chunk = read.value;
        bytes += chunk.byteLength;
        if (query === 'format=csv') for (const b of chunk) if (b === 10) lines++;
      }
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const rows = query === 'format=csv' ? lines - 1 : INVOICES * POSITIONS;
      log(
        `| ${label} | ${rows} | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${seconds.toFixed(1)} s | ${Math.round(rows / seconds)} | ${(peak - idle).toFixed(0)} MB |`,
      );
    }

    // A slow client: 256 KB a second for 4 s, then it hangs up.
    for (const format of ['csv', 'xlsx']) {
      const idle = rssMb(child.pid!);
      let peak = idle;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(child.pid!));
      }, 20);
      const controller = new AbortController();
      const res = await fetch(`${base}/api/v1/invoices/export?format=${format}`, { headers: auth, signal: controller.signal });
      const reader = res.body!.getReader();
      let read = 0;
      const until = Date.now() + 4000;
      try {
        while (Date.now() < until) {
          const { value, done } = await reader.read();
          if (done) break;
          read += value.byteLength;
          await new Promise((r) => setTimeout(r, (value.byteLength / (256 * 1024)) * 1000));
        }
      } finally {
        controller.abort();
      }
      const cpuAtHangUp = cpuMs(child.pid!);
      await new Promise((r) => setTimeout(r, 2000));
      clearInterval(sampler);
      log(
        `slow ${format.toUpperCase()} reader (256 KB/s, hangs up after 4 s): ${(read / 1024).toFixed(0)} KB read; service memory above idle meanwhile ${(peak - idle).toFixed(0)} MB (peak); service CPU in the 2 s after the hang-up ${Math.round(cpuMs(child.pid!) - cpuAtHangUp)} ms`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.cleanup();
  }
}

await main();
