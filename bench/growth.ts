/**
 * Fill then steady (`BENCH_ONLY=growth`): a service that grows its own database must stay
 * as fast as a process started on the grown file. Per database: an empty database, a long
 * fill of unique invoices at 32 connections (`BENCH_GROWTH_INVOICES`, default 190,000),
 * then `BENCH_DURATION` s of unique invoices at `BENCH_GROWTH_CONNECTIONS` (8) in the same
 * process, then the service stopped and started again on the same file or schema and the
 * same steady load (the baseline). Target: the steady figure after the fill within 20 % of
 * the fresh process's, p99 ≤ 50 ms.
 */
import { loadFigures, measured, type RunFigures } from './figures.js';
import { runLoad } from './load.js';
import { fmt } from './report.js';
import { INVOICES_PATH, UniqueInvoiceStream } from './scenarios.js';
import { DURATION, env, log, WARMUP } from './settings.js';
import { startTarget, type Target } from './targets.js';
import { postHeaders } from './write-runs.js';

export const GROWTH_INVOICES = Number(env.BENCH_GROWTH_INVOICES ?? 190_000);
export const GROWTH_CONNECTIONS = Number(env.BENCH_GROWTH_CONNECTIONS ?? 8);
/** Which databases (`sqlite,postgres` by default; PostgreSQL only when it answers). */
export const GROWTH_DIALECTS = (env.BENCH_GROWTH_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());

/** Unique invoices until `amount` are answered, in chunks, printing the rate as it goes. */
async function fill(t: Target, stream: UniqueInvoiceStream, amount: number): Promise<void> {
  const chunk = 20_000;
  const started = Date.now();
  for (let done = 0; done < amount; done += chunk) {
    const n = Math.min(chunk, amount - done);
    const chunkStarted = Date.now();
    const load = await measured(t, () => runLoad({ baseUrl: t.baseUrl, connections: 32, amount: n, request: uniqueRequest(stream) }));
    if (load.errors) log(`    ${load.errors} errors while filling: ${load.sampleErrors[0] ?? ''}`);
    log(
      `    filled ${(done + n).toLocaleString('en')} / ${amount.toLocaleString('en')} (${Math.round((n * 1000) / (Date.now() - chunkStarted))}/s now, ${Math.round(((done + n) * 1000) / (Date.now() - started))}/s overall, p99 ${fmt(load.p99, 1)} ms, server ${fmt(load.serverCpuUs)} µs CPU/req)`,
    );
  }
}

const uniqueRequest = (stream: UniqueInvoiceStream) => ({
  method: 'POST' as const,
  headers: postHeaders,
  next: () => {
    const { number, body } = stream.next();
    return { path: INVOICES_PATH, body, tag: number };
  },
});

async function steady(t: Target, stream: UniqueInvoiceStream, scenario: string): Promise<RunFigures> {
  // A fresh process compiles its hot paths first: unmeasured, as in every other scenario.
  if (WARMUP > 0) await runLoad({ baseUrl: t.baseUrl, connections: GROWTH_CONNECTIONS, duration: WARMUP, request: uniqueRequest(stream) });
  const load = await measured(t, () => runLoad({ baseUrl: t.baseUrl, connections: GROWTH_CONNECTIONS, duration: DURATION, request: uniqueRequest(stream) }));
  return { scenario, target: t.kind, round: 0, peakRssMb: t.peakRssMb(), ...loadFigures(load) };
}

/** One database: fill, steady in the same process, steady in a fresh process on the same data. */
export async function growthRun(kind: 'sqlite' | 'postgres', databaseUrl: string, record: (r: RunFigures) => void): Promise<RunFigures[]> {
  const stream = new UniqueInvoiceStream(`G${kind[0]}`, 20);
  const first = await startTarget(kind, databaseUrl);
  let grown: RunFigures;
  try {
    log(`  ${kind}: filling ${GROWTH_INVOICES.toLocaleString('en')} unique invoices at 32 connections`);
    await fill(first, stream, GROWTH_INVOICES);
    grown = await steady(first, stream, 'grown');
    record(grown);
  } finally {
    await first.stop();
  }
  const second = await startTarget(kind, databaseUrl);
  let fresh: RunFigures;
  try {
    fresh = await steady(second, stream, 'restarted');
    record(fresh);
  } finally {
    await second.stop();
  }
  log(
    `  ${kind}: after the fill ${fmt(grown.rps)} req/s (p99 ${fmt(grown.p99, 1)} ms), a fresh process on the same data ${fmt(fresh.rps)} req/s (p99 ${fmt(fresh.p99, 1)} ms): ${fmt(grown.rps / fresh.rps, 2)}×`,
  );
  return [grown, fresh];
}
