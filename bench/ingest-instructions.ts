/**
 * Instructions per webhook through the whole service, counted by callgrind — repeatable
 * whatever else runs on the machine, unlike req/s or CPU time:
 *
 *   valgrind --tool=callgrind --trace-children=no --callgrind-out-file=/tmp/ingest.%p.out \
 *     node --import tsx bench/ingest-instructions.ts
 *
 * Under valgrind, starting from the TypeScript sources costs minutes of transpiling:
 * `npm run build`, then bundle this script alone and run the compiled service
 * (`INSTR_FROM_DIST=1` imports it from dist/):
 *
 *   npx esbuild bench/ingest-instructions.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=bench/.cache/ingest-instructions.mjs
 *   INSTR_FROM_DIST=1 valgrind --tool=callgrind --trace-children=no node bench/.cache/ingest-instructions.mjs
 *
 * The real service on a fresh SQLite file (its writer thread is in this process) and, as a
 * reference, a bare `node:http` server that reads the body and `JSON.parse`s it, both on a
 * socket of this process, driven by a small keep-alive client at `INSTR_CONCURRENCY`
 * requests in flight (8). Phases: a warm-up, `INSTR_COUNT` (2,000) unique incoming invoices,
 * the same number of identical re-posts of one invoice, then the bare server with the unique
 * bodies. Before each phase the counters are zeroed and after it dumped
 * (`callgrind_control`), so each dump is that phase alone; the script prints each dump's
 * total over its requests. Without valgrind it prints CPU µs per request instead.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { INVOICES_PATH, stormBody, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';

const COUNT = Number(process.env.INSTR_COUNT ?? 2000);
const CONCURRENCY = Number(process.env.INSTR_CONCURRENCY ?? 8);
const WARM = Number(process.env.INSTR_WARMUP ?? 300);
// The service from dist/ (compiled; run from the repository's root) or src/ (under tsx); a
// computed path, so a bundle of this script leaves it to be loaded at run time.
const root = process.env.INSTR_FROM_DIST ? pathToFileURL(path.join(process.cwd(), 'dist')).href : '../src';
const { loadConfig } = (await import(`${root}/config/load-config.js`)) as typeof import('../src/config/load-config.js');
const { createService } = (await import(`${root}/create-service.js`)) as typeof import('../src/create-service.js');
const underValgrind = /valgrind|vgpreload/.test(fs.readFileSync('/proc/self/maps', 'utf8'));

/** `callgrind_control` against this process, awaited without blocking the event loop (valgrind answers it from here). */
function callgrind(...args: string[]): Promise<string> {
  if (!underValgrind) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const child = spawn('callgrind_control', [...args, String(process.pid)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`callgrind_control ${args.join(' ')} exited ${code}`))));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: INVOICES_PATH, method: 'POST', agent, headers: { ...WEBHOOK_HEADERS, 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` requests, `CONCURRENCY` in flight; every answer must be 200. */
async function drive(port: number, count: number, next: () => Buffer): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const status = await post(port, next());
      if (status !== 200) throw new Error(`answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** One measured phase: its instructions (under callgrind) or its CPU µs per request. */
async function phase(name: string, port: number, next: () => Buffer): Promise<void> {
  await callgrind('--zero');
  const cpu = process.cpuUsage();
  await drive(port, COUNT, next);
  const used = process.cpuUsage(cpu);
  if (underValgrind) {
    await callgrind('--dump', name);
    process.stdout.write(`${name}: dumped (see the totals of the dump named "${name}")\n`);
  } else {
    process.stdout.write(`${name}: ${Math.round((used.user + used.system) / COUNT)} µs CPU per request (client included)\n`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-instr-'));
try {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
    ONEC_SYNC_ALLOW_UNSIGNED: 'true',
    ONEC_SYNC_ADMIN_TOKEN: 'instructions-admin-token-0123456789',
    ONEC_SYNC_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  });
  const service = await createService(config, { warmReader: false });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const address = service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const warm = new UniqueInvoiceStream('W', 20);
  const storm = stormBody();
  await drive(port, WARM, () => warm.next().body);
  await drive(port, WARM, () => storm);
  const unique = new UniqueInvoiceStream('U', 20);
  await phase('unique', port, () => unique.next().body);
  await phase('repost', port, () => storm);
  await service.close();

  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let text = Buffer.concat(chunks).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      JSON.parse(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as { port: number }).port;
  const bareStream = new UniqueInvoiceStream('B', 20);
  await drive(barePort, WARM, () => bareStream.next().body);
  await phase('bare', barePort, () => bareStream.next().body);
  agent.destroy();
  bare.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
