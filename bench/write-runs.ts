/** The write scenarios: unique invoices, the re-posting storm, one huge invoice. */

import { type Check, checkStorm, checkUnique } from './checks.js';
import { loadFigures, type Measured, measured, median, type RunFigures } from './figures.js';
import { runLoad } from './load.js';
import { bigInvoiceBody, INVOICES_PATH, stormBody, UniqueInvoiceStream, WEBHOOK_HEADERS } from './scenarios.js';
import { CONNECTIONS, DURATION, WARMUP } from './settings.js';
import { isReference, openCheck, type Target } from './targets.js';

export const postHeaders = { ...WEBHOOK_HEADERS };

export async function uniqueRun(t: Target, round: number, connections: number, duration: number, scenario = 'unique'): Promise<Measured> {
  const stream = new UniqueInvoiceStream(`${scenario[0]!.toUpperCase()}${round}`, 20, undefined, true);
  const run = (seconds: number) =>
    runLoad({
      baseUrl: t.baseUrl,
      connections,
      duration: seconds,
      collectAcks: !isReference(t.kind),
      request: {
        method: 'POST',
        headers: postHeaders,
        next: () => {
          const { number, body } = stream.next();
          return { path: INVOICES_PATH, body, tag: number };
        },
      },
    });
  const warm = WARMUP > 0 ? await run(WARMUP) : null;
  const load = await measured(t, () => run(duration));
  // The check covers the warm-up's documents too: each of the two runs may leave one
  // request per connection committed but unanswered when autocannon stops.
  const acked = warm ? { ...load, ok: load.ok + warm.ok, ackedTags: [...warm.ackedTags, ...load.ackedTags] } : load;
  const runsDone = warm ? 2 : 1;
  const figures: RunFigures = { scenario, target: t.kind, round, peakRssMb: t.peakRssMb(), ...loadFigures(load) };
  return { figures, verify: (url) => checkUnique(url, acked, new Set(stream.numbers), connections * runsDone) };
}

export async function stormRun(t: Target, round: number): Promise<Measured> {
  const body = stormBody();
  // The document exists before the storm: what is measured is re-posting it unchanged.
  const first = await fetch(t.baseUrl + INVOICES_PATH, { method: 'POST', headers: postHeaders, body });
  if (!first.ok) throw new Error(`storm: the first post answered ${first.status}: ${await first.text()}`);
  await first.arrayBuffer();
  const run = (seconds: number) =>
    runLoad({
      baseUrl: t.baseUrl,
      connections: CONNECTIONS,
      duration: seconds,
      request: { method: 'POST', headers: postHeaders, next: () => ({ path: INVOICES_PATH, body }) },
    });
  const warm = WARMUP > 0 ? await run(WARMUP) : null;
  const load = await measured(t, () => run(DURATION));
  const acked = warm ? { ...load, ok: load.ok + warm.ok } : load;
  const runsDone = warm ? 2 : 1;
  const figures: RunFigures = { scenario: 'storm', target: t.kind, round, peakRssMb: t.peakRssMb(), ...loadFigures(load) };
  return { figures, verify: (url) => checkStorm(url, acked, CONNECTIONS * runsDone) };
}

export async function bigRun(t: Target): Promise<Measured> {
  const times: number[] = [];
  let errors = 0;
  const samples: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const body = bigInvoiceBody(`ПТ-BIG-00000${i}`);
    const started = performance.now();
    const res = await fetch(t.baseUrl + INVOICES_PATH, { method: 'POST', headers: postHeaders, body });
    const text = await res.text();
    times.push(performance.now() - started);
    if (!res.ok) {
      errors++;
      samples.push(`${res.status} ${text.slice(0, 200)}`);
    }
  }
  // p50 column: median of three posts on the fresh process; p99 column: the slowest (the first, cold).
  const figures: RunFigures = {
    scenario: 'big',
    target: t.kind,
    round: 0,
    rps: NaN,
    p50: median(times),
    p99: Math.max(...times),
    errors,
    peakRssMb: t.peakRssMb(),
    sampleErrors: samples,
    times,
  };
  const verify = async (url: string): Promise<Check> => {
    const db = await openCheck(url);
    try {
      const rows = await db.query<{ number: string; position_count: number | string }>('select number, position_count from invoices');
      const ok = rows.length === 3 - errors && rows.every((r) => Number(r.position_count) === 10_000);
      return {
        pass: ok,
        detail: `stored ${rows.length} of ${3 - errors} acknowledged, positions ${rows.map((r) => r.position_count).join('/')}; times ${times.map((x) => Math.round(x)).join('/')} ms`,
      };
    } finally {
      await db.close();
    }
  };
  return { figures, verify };
}
