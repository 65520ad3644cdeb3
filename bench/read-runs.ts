/** The read scenarios: fill a service with invoices, then read lists and single invoices. */
import os from 'node:os';
import Database from 'better-sqlite3';
import { loadFigures, measured, type RunFigures } from './figures.js';
import { runLoad } from './load.js';
import { fmt } from './report.js';
import { INVOICES_PATH, UniqueInvoiceStream } from './scenarios.js';
import { ADMIN_TOKEN, CONNECTIONS, DURATION, log, READ_COUNT, SWEEP_DURATION, WARMUP } from './settings.js';
import type { Target } from './targets.js';
import { postHeaders } from './write-runs.js';

// Valid EDRPOU codes (check digit), so the data raises no warnings a real backfill would not.
export const READ_EDRPOUS = ['32855961', '32887637', '32903475', '33077693', '33125207', '33323182', '33457805', '33505319', '33655780', '33687456'];

/** Fills the service with READ_COUNT invoices through its own webhook endpoint, 64 connections. */
export async function fillForReads(t: Target): Promise<string[]> {
  // A year of documents from ten suppliers: every supplier posts on every 3rd day, so a
  // filtered list must pick the newest 50 of ~20,000 spread over many dates.
  const streams: UniqueInvoiceStream[] = [];
  for (let day = 0; day < 366; day += 3) {
    const date = new Date(Date.UTC(2024, 0, 1 + day, 8 + (day % 9), (day * 7) % 60)).toISOString().slice(0, 19);
    READ_EDRPOUS.forEach((e, i) => {
      streams.push(new UniqueInvoiceStream(`R${i}D${day}-`, 3, e, false, date));
    });
  }
  const ids: string[] = [];
  const batch = 25_000;
  const started = Date.now();
  let i = 0;
  for (let done = 0; done < READ_COUNT; done += batch) {
    const amount = Math.min(batch, READ_COUNT - done);
    const load = await runLoad({
      baseUrl: t.baseUrl,
      connections: 64,
      amount,
      collectAcks: true,
      request: {
        method: 'POST',
        headers: postHeaders,
        next: () => {
          const { number, body } = streams[i++ % streams.length]!.next();
          return { path: INVOICES_PATH, body, tag: number };
        },
      },
    });
    ids.push(...load.ackedIds);
    if (load.errors) log(`    ${load.errors} errors while loading: ${load.sampleErrors[0] ?? ''}`);
    log(
      `    loaded ${(done + amount).toLocaleString('en')} / ${READ_COUNT.toLocaleString('en')} invoices (${Math.round(((done + amount) * 1000) / (Date.now() - started))}/s)`,
    );
  }
  return ids;
}

export function storedInvoiceIds(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select id from invoices').raw(true).all() as [string][]).map((r) => r[0]);
  } finally {
    db.close();
  }
}

export const READ_SWEEP_CONNECTIONS = [1, 4, 8, 16];
export const readSweep: { scenario: string; connections: number; rps: number; p50: number; p99: number; serverCpuUs: number }[] = [];

export async function readRuns(t: Target, ids: string[]): Promise<RunFigures[]> {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  // Sanity: the API answers and the filter finds what was loaded.
  const probe = await fetch(`${t.baseUrl}/api/v1/invoices?kind=incoming&edrpou=${READ_EDRPOUS[0]}&limit=50`, { headers: auth });
  const probeJson = (await probe.json()) as { items?: unknown[] };
  if (!probe.ok || (probeJson.items?.length ?? 0) === 0) throw new Error(`read API probe failed: ${probe.status} ${JSON.stringify(probeJson).slice(0, 200)}`);
  let n = 0;
  const listPath = () => `/api/v1/invoices?kind=incoming&edrpou=${READ_EDRPOUS[n++ % READ_EDRPOUS.length]}&limit=50`;
  const onePath = () => `/api/v1/invoices/${ids[Math.floor(Math.random() * ids.length)]}`;
  const read = (next: () => string, connections: number, duration: number) =>
    measured(t, () => runLoad({ baseUrl: t.baseUrl, connections, duration, request: { method: 'GET', headers: auth, next: () => ({ path: next() }) } }));
  if (WARMUP > 0) await read(onePath, CONNECTIONS, WARMUP);
  const list = await read(listPath, CONNECTIONS, DURATION);
  const one = await read(onePath, CONNECTIONS, DURATION);
  // At 32 connections on two shared cores the p99 is queueing (32 in flight ÷ throughput):
  // the same reads at fewer concurrent readers show the latency one reader sees.
  for (const connections of READ_SWEEP_CONNECTIONS) {
    for (const [scenario, next] of [
      ['read-list', listPath],
      ['read-one', onePath],
    ] as const) {
      const r = await read(next, connections, SWEEP_DURATION);
      readSweep.push({ scenario, connections, rps: r.rps, p50: r.p50, p99: r.p99, serverCpuUs: r.serverCpuUs });
      log(
        `  ${scenario.padEnd(9)} ${String(connections).padStart(2)} readers: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, server ${fmt(r.serverCpuUs)} µs CPU/req`,
      );
    }
  }
  const rss = t.peakRssMb();
  const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
  return [
    { scenario: 'read-list', target: t.kind, round: 0, peakRssMb: rss, loadAverage, ...loadFigures(list) },
    { scenario: 'read-one', target: t.kind, round: 0, peakRssMb: rss, loadAverage, ...loadFigures(one) },
  ];
}
