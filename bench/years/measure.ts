/**
 * What an operator and an ERP feel on a database of years (the "years" scenario): the
 * service process started as production starts it on the kept database, then
 * (1) every dashboard page's API reads and the read API's filters, one after another,
 *     each repeated (p50/p99 of the repeats);
 * (2) substring searches `q=` for a rare term, a common word, a counterparty's name and
 *     an ЄДРПОУ (as many repeats as fit a time budget: a slow search is the finding);
 * (3) webhook ingest alone (throughput, p50/p99), then the same while 4 readers search
 *     without pause;
 * and `/healthz` every 100 ms throughout, from a thread of its own, reported per phase: it
 * does nothing, so its latency is the service's event loop (a query that holds the main
 * thread shows there).
 */
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SERVICE_ADMIN_TOKEN, startServiceProcess } from '../../test/helpers/service-process.js';
import { runLoad } from '../load.js';
import { INVOICES_PATH, UniqueInvoiceStream, WEBHOOK_HEADERS } from '../scenarios.js';
import { counterparties, searchTerms } from './data.js';
import type { YearsDatabase } from './generate.js';
import { measureSales } from './measure-sales.js';
import { latency, type YearsRow } from './years-row.js';

export interface YearsMeasureOptions {
  invoices: number;
  /** Sales of the database (0: none); their reads and webhooks are measured after the invoices'. */
  sales: number;
  /** What to measure: the invoices' reads, searches and webhooks, the sales', or both (YEARS_PARTS). */
  parts: readonly ('invoices' | 'sales')[];
  /** Repeats of each read (YEARS_RUNS). */
  runs: number;
  /** Seconds one read or search may take in all before its repeats stop (at least 3 are made). */
  budgetSeconds: number;
  /** Webhook load: seconds and connections. */
  duration: number;
  connections: number;
  log(line: string): void;
}

const ms = (t0: number) => performance.now() - t0;

/**
 * `/healthz` every 100 ms from a thread of its own; samples kept per phase. Not on this
 * thread: it also runs autocannon and the searchers, and a probe waiting behind their
 * callbacks would time the load generator's event loop instead of the service's.
 */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let stopped = false;
parentPort.on('message', () => { stopped = true; });
(async () => {
  const samples = [];
  // Untimed: a thread's first fetch loads the HTTP client itself (tens of ms).
  await (await fetch(workerData + '/healthz')).arrayBuffer();
  while (!stopped) {
    const at = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    try {
      const res = await fetch(workerData + '/healthz');
      await res.arrayBuffer();
    } catch {
      // counted as its time: the probe waited that long
    }
    samples.push([at, performance.now() - t0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  parentPort.postMessage(samples);
})();
`;

class HealthProbe {
  /** When each phase began (epoch ms), in order. */
  private readonly phases: [string, number][] = [['start', 0]];
  private worker: Worker | undefined;

  constructor(private readonly baseUrl: string) {}

  start(): void {
    this.worker = new Worker(PROBE_SOURCE, { eval: true, workerData: this.baseUrl });
  }

  enter(phase: string): void {
    this.phases.push([phase, performance.timeOrigin + performance.now()]);
  }

  async stop(): Promise<Map<string, number[]>> {
    const worker = this.worker!;
    const done = new Promise<[number, number][]>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const samples = await done;
    await worker.terminate();
    const byPhase = new Map<string, number[]>();
    for (const [at, took] of samples) {
      const phase = this.phases.findLast(([, from]) => from <= at)![0];
      const list = byPhase.get(phase) ?? [];
      list.push(took);
      byPhase.set(phase, list);
    }
    return byPhase;
  }
}

const auth = { authorization: `Bearer ${SERVICE_ADMIN_TOKEN}` };

async function timedGet(baseUrl: string, path: string): Promise<{ ms: number; ok: boolean; status: number }> {
  const t0 = performance.now();
  const res = await fetch(baseUrl + path, { headers: auth });
  await res.arrayBuffer();
  return { ms: ms(t0), ok: res.ok, status: res.status };
}

/** Ids to read: an invoice with three versions, a client; straight from the database. */
async function sampleIds(url: string): Promise<{ invoice: string; client: string }> {
  const q = ["select id from invoices where version >= 3 and kind = 'incoming' limit 1", 'select id from clients where version >= 2 limit 1'];
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      const [invoice, client] = q.map((text) => (db.prepare(text).get() as { id: string } | undefined)?.id ?? '');
      return { invoice: invoice!, client: client! };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const [invoice, client] = await Promise.all(q.map(async (text) => (await c.query<{ id: string }>(text)).rows[0]?.id ?? ''));
    return { invoice: invoice!, client: client! };
  } finally {
    await c.end();
  }
}

export async function measureYears(db: YearsDatabase, options: YearsMeasureOptions): Promise<YearsRow[]> {
  const { log } = options;
  const terms = searchTerms(options.invoices, counterparties(Number(process.env.YEARS_COUNTERPARTIES ?? 3_000)));
  const ids = await sampleIds(db.url);
  const service = await startServiceProcess(db.url, { ONEC_SYNC_RATE_LIMIT: '0', ONEC_SYNC_NATS_URL: '' });
  const rows: YearsRow[] = [];
  const probe = new HealthProbe(service.baseUrl);
  probe.start();
  try {
    const repeat = async (group: 'read' | 'search', name: string, path: string) => {
      const times: number[] = [];
      let errors = 0;
      const started = performance.now();
      while (times.length < options.runs && (times.length < 3 || ms(started) < options.budgetSeconds * 1000)) {
        const r = await timedGet(service.baseUrl, path);
        times.push(r.ms);
        if (!r.ok) {
          errors++;
          if (errors === 1) log(`    ${name}: ${path} answered ${r.status}`);
        }
      }
      const row: YearsRow = { group, name, request: path, latency: latency(times, errors) };
      rows.push(row);
      log(
        `    ${name.padEnd(34)} n ${String(row.latency.n).padStart(2)}  p50 ${row.latency.p50} ms  p99 ${row.latency.p99} ms${errors ? `  errors ${errors}` : ''}`,
      );
    };

    const timed = (path: string) => timedGet(service.baseUrl, path);
    if (options.parts.includes('sales') && options.sales > 0) {
      await measureSales(db, {
        baseUrl: service.baseUrl,
        sales: options.sales,
        duration: options.duration,
        connections: options.connections,
        rows,
        repeat,
        timedGet: timed,
        enter: (phase) => probe.enter(phase),
        log,
      });
    }
    if (!options.parts.includes('invoices')) return rows;

    probe.enter('reads');
    log(`  reads (${options.runs} runs each, at most ${options.budgetSeconds} s per read)`);
    const month = (kind?: string) => `/api/v1/invoices?${kind ? `kind=${kind}&` : ''}from=2024-03-01&to=2024-03-31&limit=50`;
    const reads: [string, string][] = [
      ['overview: stats', '/api/v1/stats'],
      ['overview: sources', '/api/v1/sources'],
      ['overview: last applied events', '/api/v1/events?status=applied&limit=10'],
      ['overview: last rejected events', '/api/v1/events?status=rejected&limit=10'],
      ['invoices, newest', '/api/v1/invoices?limit=50'],
      ['incoming invoices, newest', '/api/v1/invoices?kind=incoming&limit=50'],
      ['outgoing invoices, newest', '/api/v1/invoices?kind=outgoing&limit=50'],
      ['invoices of a month', month()],
      ['incoming invoices of a month', month('incoming')],
      ['invoices by ЄДРПОУ', `/api/v1/invoices?edrpou=${terms.popularEdrpou}&limit=50`],
      ['incoming invoices by ЄДРПОУ', `/api/v1/invoices?kind=incoming&edrpou=${terms.popularEdrpou}&limit=50`],
      ["invoices by a small supplier's ЄДРПОУ", `/api/v1/invoices?edrpou=${terms.quietEdrpou}&limit=50`],
      ['outgoing invoices by client code', `/api/v1/invoices?kind=outgoing&counterpartyCode=000000004&limit=50`],
      ['invoices by total', '/api/v1/invoices?sort=total&limit=50'],
      ['outgoing invoices by total', '/api/v1/invoices?kind=outgoing&sort=total&limit=50'],
      ['deleted invoices', '/api/v1/invoices?deleted=true&limit=50'],
      ['invoice', `/api/v1/invoices/${ids.invoice}`],
      ['invoice: versions', `/api/v1/invoices/${ids.invoice}/versions`],
      ['invoice: its events', `/api/v1/events?objectId=${ids.invoice}&limit=50`],
      ['journal, newest', '/api/v1/events?limit=50'],
      ['journal: rejected', '/api/v1/events?status=rejected&limit=50'],
      ['journal: unchanged', '/api/v1/events?status=unchanged&limit=50'],
      ['journal: outgoing endpoint', '/api/v1/events?endpoint=outgoing-invoices&limit=50'],
      ['journal: a week of 2024', '/api/v1/events?receivedAfter=2024-06-01T00:00:00Z&receivedBefore=2024-06-08T00:00:00Z&limit=50'],
      // Two filters at once, as the journal page combines them: one index walked, the other a filter.
      ['journal: rejected, outgoing endpoint', '/api/v1/events?status=rejected&endpoint=outgoing-invoices&limit=50'],
      ['journal: unchanged, clients endpoint', '/api/v1/events?status=unchanged&endpoint=clients&limit=50'],
      ['journal: applied, outgoing endpoint', '/api/v1/events?status=applied&endpoint=outgoing-invoices&limit=50'],
      ['journal: a source, outgoing endpoint', '/api/v1/events?source=default&endpoint=outgoing-invoices&limit=50'],
      ['clients', '/api/v1/clients?limit=50'],
      ['client', `/api/v1/clients/${ids.client}`],
      ['client: versions', `/api/v1/clients/${ids.client}/versions`],
      ['changes feed, first page', '/api/v1/changes?after=0&limit=100'],
    ];
    for (const [name, path] of reads) await repeat('read', name, path);

    probe.enter('searches');
    log(`  searches (rare term ${terms.rare}, ЄДРПОУ ${terms.edrpou})`);
    const searches: [string, string][] = [
      // Names without the terms, so the rows of databases of different sizes line up.
      ['search: rare term (a document number)', `/api/v1/invoices?q=${encodeURIComponent(terms.rare)}&limit=50`],
      [`search: common word (${terms.common})`, `/api/v1/invoices?q=${encodeURIComponent(terms.common)}&limit=50`],
      [`search: a name (${terms.name})`, `/api/v1/invoices?q=${encodeURIComponent(terms.name)}&limit=50`],
      ['search: an ЄДРПОУ', `/api/v1/invoices?q=${terms.edrpou}&limit=50`],
      [`search: incoming, a name`, `/api/v1/invoices?kind=incoming&q=${encodeURIComponent(terms.name)}&limit=50`],
      [`search: clients by name`, `/api/v1/clients?q=${encodeURIComponent(terms.name)}&limit=50`],
    ];
    for (const [name, path] of searches) await repeat('search', name, path);

    const webhookLoad = async (tag: string) => {
      const stream = new UniqueInvoiceStream(tag, 20);
      const r = await runLoad({
        baseUrl: service.baseUrl,
        connections: options.connections,
        duration: options.duration,
        request: { method: 'POST', headers: { ...WEBHOOK_HEADERS }, next: () => ({ path: INVOICES_PATH, body: stream.next().body }) },
      });
      return { rps: Math.round(r.rps), latency: { n: r.total, p50: r.p50, p99: r.p99, max: NaN, errors: r.errors } };
    };
    // Every run adds its documents to the kept database: a tag of its own keeps them apart.
    const runTag = `Y${Date.now().toString(36).toUpperCase()}`;
    probe.enter('webhooks');
    const alone = await webhookLoad(`${runTag}A`);
    rows.push({ group: 'webhook', name: 'webhooks alone', request: `unique invoices, ${options.connections} connections, ${options.duration} s`, ...alone });
    log(`  webhooks alone: ${alone.rps} req/s, p50 ${alone.latency.p50} ms, p99 ${alone.latency.p99} ms, errors ${alone.latency.errors}`);

    probe.enter('webhooks + 4 searchers');
    let searching = true;
    const searchTimes: number[] = [];
    let searchErrors = 0;
    const searcher = async (k: number) => {
      for (let i = k; searching; i++) {
        const r = await timedGet(service.baseUrl, searches[i % 4]![1]);
        searchTimes.push(r.ms);
        if (!r.ok) searchErrors++;
      }
    };
    const searchers = [0, 1, 2, 3].map(searcher);
    const busy = await webhookLoad(`${runTag}S`);
    searching = false;
    await Promise.all(searchers);
    rows.push({ group: 'webhook', name: 'webhooks while 4 readers search', request: `as above, 4 loops of the four searches`, ...busy });
    rows.push({
      group: 'search',
      name: "the 4 readers' searches meanwhile",
      request: 'the four searches in turn',
      latency: latency(searchTimes, searchErrors),
    });
    log(
      `  webhooks while 4 readers search: ${busy.rps} req/s, p50 ${busy.latency.p50} ms, p99 ${busy.latency.p99} ms, errors ${busy.latency.errors}; ${searchTimes.length} searches, p50 ${latency(searchTimes).p50} ms`,
    );
  } finally {
    const health = await probe.stop();
    for (const [phase, samples] of health) {
      if (phase === 'start') continue;
      rows.push({ group: 'healthz', name: `/healthz during ${phase}`, request: 'every 100 ms', latency: latency(samples) });
      log(`  /healthz during ${phase}: n ${samples.length}, p50 ${latency(samples).p50} ms, p99 ${latency(samples).p99} ms, max ${latency(samples).max} ms`);
    }
    await service.stop();
  }
  return rows;
}
