/**
 * The `odata-load` scenario: the initial load of history from 1C's OData interface
 * (`onec-sync reconcile --load`) against the way the 1C job sends it (one document per HTTP
 * call, each waiting for its answer), in the same run.
 *
 * A local OData server in a process of its own (bench/odata-base-server.ts) holds N sales
 * (РеализацияТоваровУслуг, 1–20 goods lines, a counterparty per 20 sales). Per dialect and
 * round: a fresh database, `node dist/cli/main.js reconcile --source default --kinds client,sale
 * --load` as production runs it (timed from spawn to exit, and the run's own time from its stored
 * report), the database checked (every sale and line stored, journaled as the run); then a fresh
 * service (`serve`) on another fresh database and the first ODATA_LOAD_SAMPLE sales posted as
 * webhooks one at a time. Figures: documents/s of each, the ratio of the same round, medians.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { baseSale, defaultShape, saleWebhookBody } from '../test/helpers/odata-sales-base.js';
import { DIST_MAIN } from '../test/helpers/service-process.js';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';
import { env, ROOT } from './settings.js';
import { openCheck, processCpuUs, startTarget } from './targets.js';

export const ODATA_LOAD_DOCS = Number(env.ODATA_LOAD_DOCS ?? 20_000);
export const ODATA_LOAD_SAMPLE = Number(env.ODATA_LOAD_SAMPLE ?? 1_000);
const USER = 'odata';
const PASSWORD = 'bench-odata-password';

export interface ODataLoadRun {
  dialect: 'sqlite' | 'postgres';
  round: number;
  documents: number;
  lines: number;
  /** From spawning the command to its exit (process start and migrations included). */
  totalSeconds: number;
  /** The run's own time, from its stored report (reading 1C and writing, nothing else). */
  runSeconds: number;
  documentsPerSecond: number;
  /** CPU of the loading process per document, µs (the OData server's is not counted). */
  cpuUsPerDocument: number;
  requests: number;
  /** The 1C job's way: one webhook per request, in sequence. */
  baseline: { documents: number; seconds: number; documentsPerSecond: number };
  /** documentsPerSecond ÷ baseline documents/s of the same round. */
  ratio: number;
  loadAverage: number[];
  check: { pass: boolean; detail: string };
}

export interface ODataLoadFigures {
  documents: number;
  sample: number;
  runs: ODataLoadRun[];
  medians: { dialect: string; documentsPerSecond: number; totalSeconds: number; baselineDocumentsPerSecond: number; ratio: number }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function odataLoadBench(options: { dialects: ('sqlite' | 'postgres')[]; rounds: number; log: (line: string) => void }): Promise<ODataLoadFigures> {
  const { log } = options;
  const server = await startODataBase(ODATA_LOAD_DOCS);
  log(`    OData base: ${ODATA_LOAD_DOCS.toLocaleString('en')} sales, ${server.lines.toLocaleString('en')} goods lines at ${server.url}`);
  const runs: ODataLoadRun[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const dialect of round % 2 === 0 ? options.dialects : [...options.dialects].reverse()) {
        const run = await oneRound(dialect, round, server);
        runs.push(run);
        log(
          `  ${dialect.padEnd(8)} round ${round}: load ${run.documents.toLocaleString('en')} sales in ${run.totalSeconds.toFixed(1)} s (run ${run.runSeconds.toFixed(1)} s) = ${Math.round(run.documentsPerSecond)} documents/s, ${Math.round(run.cpuUsPerDocument)} µs CPU/document, ${run.requests} OData requests; webhooks one by one ${Math.round(run.baseline.documentsPerSecond)} documents/s; ${run.ratio.toFixed(1)}×; load ${run.loadAverage.join(' ')}; db ${run.check.pass ? 'pass' : 'FAIL'}: ${run.check.detail}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const medians = options.dialects.map((dialect) => {
    const mine = runs.filter((r) => r.dialect === dialect);
    return {
      dialect,
      documentsPerSecond: median(mine.map((r) => r.documentsPerSecond)),
      totalSeconds: median(mine.map((r) => r.totalSeconds)),
      baselineDocumentsPerSecond: median(mine.map((r) => r.baseline.documentsPerSecond)),
      ratio: median(mine.map((r) => r.ratio)),
    };
  });
  for (const m of medians)
    log(
      `  median ${m.dialect}: ${Math.round(m.documentsPerSecond)} documents/s (${m.totalSeconds.toFixed(1)} s), webhooks one by one ${Math.round(m.baselineDocumentsPerSecond)} documents/s, ${m.ratio.toFixed(1)}×`,
    );
  return { documents: ODATA_LOAD_DOCS, sample: ODATA_LOAD_SAMPLE, runs, medians };
}

async function oneRound(dialect: 'sqlite' | 'postgres', round: number, server: ODataBase): Promise<ODataLoadRun> {
  const db = await freshDatabaseUrl(dialect);
  let load: Omit<ODataLoadRun, 'baseline' | 'ratio' | 'dialect' | 'round' | 'loadAverage'>;
  try {
    const childEnv = { ...env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', ONEC_SYNC_ODATA_PASSWORD: PASSWORD };
    // `source list` makes the default source (and migrates); `source odata` sets where 1C is.
    await cli(['source', 'list'], childEnv);
    await cli(['source', 'odata', 'default', '--url', server.url, '--user', USER], childEnv);
    const started = process.hrtime.bigint();
    const { stdout, cpuUs } = await cli(['reconcile', '--source', 'default', '--kinds', 'client,sale', '--load', '--budget', '1000000'], childEnv);
    const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const check = await openCheck(db.url);
    try {
      const [runRow] = await check.query<{ report: string }>("SELECT report FROM reconciliations WHERE status = 'ok' ORDER BY started_at DESC LIMIT 1");
      const report = JSON.parse(runRow?.report ?? '{}') as { id?: string; startedAt?: string; finishedAt?: string; requests?: number; mode?: string };
      const runSeconds = (Date.parse(report.finishedAt ?? '') - Date.parse(report.startedAt ?? '')) / 1000;
      const [sales] = await check.query<{ n: number | string }>("SELECT count(*) AS n FROM objects WHERE kind = 'sale' AND deleted = 0");
      const [journaled] = await check.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM events WHERE endpoint = 'sales' AND status = 'applied' AND request_id = 'reconcile-${report.id ?? ''}'`,
      );
      const [changes] = await check.query<{ n: number | string }>('SELECT count(*) AS n FROM changes');
      const stored = Number(sales?.n ?? 0);
      const pass = stored === ODATA_LOAD_DOCS && Number(journaled?.n ?? 0) === ODATA_LOAD_DOCS && report.mode === 'load';
      load = {
        documents: stored,
        lines: server.lines,
        totalSeconds,
        runSeconds,
        documentsPerSecond: stored / totalSeconds,
        cpuUsPerDocument: cpuUs / Math.max(stored, 1),
        requests: report.requests ?? 0,
        check: {
          pass,
          detail: `${stored} sales stored, ${journaled?.n} journaled as the run, ${changes?.n} changes in the feed${pass ? '' : `; stdout: ${stdout.slice(-500)}`}`,
        },
      };
    } finally {
      await check.close();
    }
  } finally {
    await db.cleanup();
  }
  const baseline = await webhooksOneByOne(dialect);
  return {
    dialect,
    round,
    ...load,
    baseline,
    ratio: load.documentsPerSecond / baseline.documentsPerSecond,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** The first ODATA_LOAD_SAMPLE sales of the same base, each posted alone and waited for, into a fresh service. */
async function webhooksOneByOne(dialect: 'sqlite' | 'postgres'): Promise<ODataLoadRun['baseline']> {
  const db = await freshDatabaseUrl(dialect);
  const target = await startTarget(dialect, db.url);
  try {
    const { clients, items } = defaultShape(ODATA_LOAD_DOCS);
    const bodies = Array.from({ length: ODATA_LOAD_SAMPLE }, (_, i) => saleWebhookBody(baseSale(i + 1, ODATA_LOAD_DOCS, clients, items), 1));
    const started = process.hrtime.bigint();
    for (const body of bodies) {
      const res = await fetch(`${target.baseUrl}/api/webhook/1c/sales`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { documents: bodies.length, seconds, documentsPerSecond: bodies.length / seconds };
  } finally {
    await target.stop();
    await db.cleanup();
  }
}

/** `node dist/cli/main.js …` to its exit; its stdout and the CPU it used (sampled until it exits). */
function cli(args: string[], childEnv: NodeJS.ProcessEnv): Promise<{ stdout: string; cpuUs: number }> {
  const child = spawn(process.execPath, [DIST_MAIN, ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  let cpuUs = 0;
  const sampler = setInterval(() => {
    cpuUs = Math.max(cpuUs, processCpuUs(child.pid!));
  }, 100);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code === 0) resolve({ stdout, cpuUs });
      else reject(new Error(`onec-sync ${args.join(' ')} exited with ${code}:\n${stdout.slice(-2000)}\n${stderr}`));
    });
  });
}

interface ODataBase {
  url: string;
  lines: number;
  stop(): Promise<void>;
}

async function startODataBase(count: number): Promise<ODataBase> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/odata-base-server.ts', String(count), USER, PASSWORD], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the OData base exited with ${code}`)));
  });
  const [url = '', lines = '0'] = first.split(' ');
  return {
    url,
    lines: Number(lines),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
