/**
 * `npm run bench`: the ingest benchmark. Every variant runs in a fresh process (the bare
 * baseline, the service on SQLite in a temp dir, the service on PostgreSQL in a fresh
 * schema), the order alternates between rounds, figures are medians, and ratios are taken
 * against the baseline of the same round (a machine's speed drifts between rounds). After each write run the database
 * is checked against what was acknowledged. Prints one table; writes bench/results/.
 *
 * Env: BENCH_DURATION (s, default 8), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32),
 * BENCH_SWEEP_DURATION (s, 3), BENCH_WARMUP (s of unmeasured load on each fresh process first, 1), BENCH_READ_COUNT (200000), BENCH_ONLY (e.g. "unique,storm"),
 * BENCH_CPU_PROF (a directory: the service runs with --cpu-prof there), TEST_DATABASE_URL,
 * BENCH_FEED_COUNT (changes in the feed scenario, 20000), BENCH_FEED_PAGE (its page size, 100),
 * BENCH_BACKFILL_DOCS (10000: receipts of the interpreted-sender backfill, BENCH_ONLY key "backfill"),
 * ODATA_LOAD_DOCS (20000) / ODATA_LOAD_SAMPLE (1000): the "odata-load" scenario (bench/odata-load.ts),
 * BENCH_GROWTH_INVOICES (190000), BENCH_GROWTH_CONNECTIONS (8), BENCH_GROWTH_DIALECTS (sqlite,postgres): the "growth" scenario (bench/growth.ts),
 * YEARS_* (the "years" scenario, bench/years/years-bench.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresUnavailable, TEST_DATABASE_URL } from '../test/helpers/dialects.js';
import { buildProduction } from '../test/helpers/service-process.js';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';
import { renderPng, type Series, throughputSvg, writeChart } from './chart.js';
import { deliveryRun } from './deliveries.js';
import { type FeedFigures, feedBench } from './feed.js';
import { type RunFigures, stealBetween } from './figures.js';
import { GROWTH_CONNECTIONS, GROWTH_DIALECTS, GROWTH_INVOICES, growthRun } from './growth.js';
import { ODATA_LOAD_DOCS, ODATA_LOAD_SAMPLE, type ODataLoadFigures, odataLoadBench } from './odata-load.js';
import { fillForReads, readRuns, readSweep, storedInvoiceIds } from './read-runs.js';
import { fmt, summarise, tableText } from './report.js';
import { type BackfillFigures, runtimeBackfill } from './runtime-backfill.js';
import { SCENARIOS } from './scenarios.js';
import {
  ADMIN_TOKEN,
  CONNECTIONS,
  CPU_PROF,
  DURATION,
  env,
  log,
  ONLY,
  READ_COUNT,
  READ_DB,
  RESULTS,
  ROUNDS,
  SWEEP_DURATION,
  WARMUP,
  wanted,
} from './settings.js';
import { machineTicks, startTarget, type TargetKind } from './targets.js';
import { withTarget } from './with-target.js';
import { bigRun, stormRun, uniqueRun } from './write-runs.js';
import { type YearsFigures, yearsBench } from './years/years-bench.js';

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  if (CPU_PROF) fs.mkdirSync(CPU_PROF, { recursive: true });
  // The service runs as `npm start` runs it: compiled, from dist/.
  await buildProduction();
  const started = Date.now();
  const loadBefore = os.loadavg();
  const ticksBefore = machineTicks();
  const pgDown = await postgresUnavailable();
  const targets: TargetKind[] = ['baseline', 'sqlite', ...(pgDown ? [] : (['postgres'] as const))];
  // unique and storm also measure the framework floor, so the table shows how much of the
  // gap to the bare stack is the framework's own.
  const withFloor: TargetKind[] = ['baseline', 'framework', 'per-request', ...targets.slice(1)];
  const skipped: string[] = [];
  if (pgDown) {
    const line = `PostgreSQL variants SKIPPED: nothing answers at ${TEST_DATABASE_URL} (${pgDown})`;
    skipped.push(line);
    log(`*** ${line} ***`);
  }
  log(`onec-sync bench: ${os.cpus().length}× ${os.cpus()[0]?.model}, node ${process.version}; ${ROUNDS} rounds × ${DURATION} s at ${CONNECTIONS} connections`);
  const runs: RunFigures[] = [];
  const record = (r: RunFigures) => {
    runs.push(r);
    const check = r.check ? ` db ${r.check.pass ? 'pass' : 'FAIL'}: ${r.check.detail}` : '';
    log(
      `  ${r.scenario.padEnd(9)} ${r.target.padEnd(8)} round ${r.round}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, errors ${r.errors}, peak RSS ${fmt(r.peakRssMb)} MB, load ${r.loadAverage ?? '?'}${r.stealPercent !== undefined ? `, steal ${fmt(r.stealPercent, 1)} %` : ''}${r.serverCpuUs ? `, server ${fmt(r.serverCpuUs)} µs CPU/req${r.cpuSplit ? ` (process: main thread ${fmt(r.cpuSplit.mainUs)}, other threads ${fmt(r.cpuSplit.otherUs)}; kernel ${fmt(r.cpuSplit.kernelUs)})` : ''}` : ''}${r.generatorCpuUs ? `, generator ${fmt(r.generatorCpuUs)} µs CPU/req` : ''}${check}`,
    );
    if (r.errors && r.sampleErrors?.length) log(`    e.g. ${r.sampleErrors[0]}`);
  };
  const order = (round: number) => (round % 2 === 0 ? withFloor : [...withFloor].reverse());

  if (wanted('unique')) {
    log('\n(a) unique invoices as the classic modules send them');
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of order(round)) record(await withTarget(kind, (t) => uniqueRun(t, round, CONNECTIONS, DURATION)));
    }
  }
  if (wanted('storm')) {
    log('\n(b) re-posting storm');
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of order(round)) record(await withTarget(kind, (t) => stormRun(t, round)));
    }
  }
  if (wanted('growth')) {
    log(
      `\n(i) fill then steady: ${GROWTH_INVOICES.toLocaleString('en')} invoices into an empty database, then ${GROWTH_CONNECTIONS} connections in the same process and in a fresh one (bench/growth.ts)`,
    );
    for (const kind of (targets.slice(1) as ('sqlite' | 'postgres')[]).filter((k) => GROWTH_DIALECTS.includes(k))) {
      const db = await freshDatabaseUrl(kind);
      try {
        await growthRun(kind, db.url, record);
      } finally {
        await db.cleanup();
      }
    }
  }
  if (wanted('big')) {
    log('\n(c) one 10,000-position invoice');
    for (const kind of targets) record(await withTarget(kind, (t) => bigRun(t)));
  }
  if (wanted('read')) {
    log(`\n(d) read API with ${READ_COUNT.toLocaleString('en')} invoices stored (service on SQLite)`);
    const reads: RunFigures[] = [];
    const stored = READ_DB && fs.existsSync(READ_DB) ? storedInvoiceIds(READ_DB) : [];
    if (READ_DB)
      log(`    BENCH_READ_DB ${READ_DB}: ${stored.length >= READ_COUNT ? `re-using its ${stored.length.toLocaleString('en')} invoices` : 'filling it'}`);
    await withTarget(
      'sqlite',
      async (t) => {
        const ids = stored.length >= READ_COUNT ? stored : await fillForReads(t);
        reads.push(...(await readRuns(t, ids)));
        return { figures: reads[0]! };
      },
      READ_DB ? `sqlite:${READ_DB}` : undefined,
    );
    reads.forEach(record);
  }
  if (wanted('deliveries')) {
    log('\n(f) pushed deliveries to a local receiver (bench/deliveries.ts)');
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 === 0 ? targets.slice(1) : targets.slice(1).reverse()) {
        record(
          await withTarget(kind, async (t) => {
            const { check, ...figures } = await deliveryRun(t, ADMIN_TOKEN, round);
            return { figures: { scenario: 'deliveries', target: kind, round, ...figures, check } };
          }),
        );
      }
    }
  }
  const sweep: Series[] = [];
  if (wanted('sweep')) {
    log(`\n(e) connections sweep, ${SWEEP_DURATION} s per point`);
    const levels = [1, 2, 4, 8, 16, 32, 64];
    const sweepTargets: TargetKind[] = ['baseline', 'sqlite'];
    const points = new Map<TargetKind, { connections: number; rps: number; p99: number }[]>(sweepTargets.map((k) => [k, []]));
    for (const [i, c] of levels.entries()) {
      for (const kind of i % 2 === 0 ? sweepTargets : [...sweepTargets].reverse()) {
        const r = await withTarget(kind, (t) => uniqueRun(t, i, c, SWEEP_DURATION, 'sweep'));
        points.get(kind)!.push({ connections: c, rps: r.rps, p99: r.p99 });
        log(
          `  ${kind.padEnd(8)} ${String(c).padStart(2)} connections: ${fmt(r.rps)} req/s, p99 ${fmt(r.p99, 1)} ms${r.check ? `, db ${r.check.pass ? 'pass' : `FAIL: ${r.check.detail}`}` : ''}`,
        );
        if (r.check && !r.check.pass) runs.push({ ...r, scenario: 'sweep' });
      }
    }
    for (const kind of sweepTargets)
      sweep.push({ name: kind === 'baseline' ? 'bare node:http + JSON.parse' : 'onec-sync on SQLite (synchronous=FULL)', points: points.get(kind)! });
  }

  let feed: FeedFigures[] = [];
  if (wanted('feed')) {
    log('\n(f) changes feed reads');
    const feedTargets = targets.filter((k): k is 'sqlite' | 'postgres' => k === 'sqlite' || k === 'postgres');
    feed = await feedBench({
      targets: feedTargets,
      count: Number(env.BENCH_FEED_COUNT ?? 20_000),
      pageSize: Number(env.BENCH_FEED_PAGE ?? 100),
      duration: DURATION,
      connections: CONNECTIONS,
      log,
    });
  }

  let backfill: BackfillFigures | null = null;
  if (wanted('backfill')) {
    const docs = Number(env.BENCH_BACKFILL_DOCS ?? 10_000);
    log(`\n(g) backfill of ${docs} receipts through the interpreted sender (the generated modules in the BSL runtime) into the service on SQLite`);
    const db = await freshDatabaseUrl('sqlite');
    const target = await startTarget('sqlite', db.url);
    try {
      backfill = await runtimeBackfill(target.baseUrl, ADMIN_TOKEN, docs, log);
    } finally {
      await target.stop();
      await db.cleanup();
    }
  }

  let odataLoad: ODataLoadFigures | null = null;
  if (wanted('odata-load')) {
    log(
      `\n(j) initial load from 1C's OData: ${ODATA_LOAD_DOCS.toLocaleString('en')} sales by \`reconcile --load\` vs ${ODATA_LOAD_SAMPLE.toLocaleString('en')} posted as webhooks one by one (bench/odata-load.ts)`,
    );
    odataLoad = await odataLoadBench({ dialects: targets.filter((k): k is 'sqlite' | 'postgres' => k !== 'baseline'), rounds: ROUNDS, log });
  }

  let years: YearsFigures[] = [];
  if (wanted('years')) {
    log('\n(h) years of data: reads, searches and webhooks on a kept database of a million invoices and a million sales (bench/years/)');
    years = (
      await yearsBench({ dialects: targets.filter((k): k is 'sqlite' | 'postgres' => k !== 'baseline'), duration: DURATION, connections: CONNECTIONS, log })
    ).figures;
  }

  const rows = summarise(runs.filter((r) => r.scenario !== 'sweep'));
  const table = tableText(rows);
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.map((c) => ({ model: c.model, speedMHz: c.speed })),
    cpuCount: cpus.length,
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
    /** Other work on the machine: the 1/5/15-minute load averages before and after the run. */
    loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
    loadAverageAfter: os.loadavg().map((x) => Number(x.toFixed(2))),
    /** Per cent of the machine's CPU time the hypervisor took over the whole run (null: not known). */
    stealPercent: stealBetween(ticksBefore, machineTicks()),
  };
  log(
    `\nResults (medians of ${ROUNDS} rounds; ratio = median of per-round ratios to the baseline of the same round — for grown, to the fresh process; × peer = the same to the per-request peer)\n`,
  );
  log(table);
  for (const r of rows) for (const d of new Set(r.correctnessDetail)) log(`  db check ${r.scenario}/${r.target}: ${d}`);
  if (readSweep.length) {
    log(`\nRead latency by concurrent readers (${SWEEP_DURATION} s each; the table above is at ${CONNECTIONS})`);
    for (const r of readSweep)
      log(
        `  ${r.scenario.padEnd(9)} ${String(r.connections).padStart(2)}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms${r.p99 <= 20 ? ' (p99 ≤ 20 ms)' : ''}`,
      );
  }
  for (const line of skipped) log(line);
  log(
    `\nmachine: ${machine.cpuCount}× ${cpus[0]?.model}, ${machine.totalMemoryMb} MB, ${machine.os}, node ${machine.node}, ${machine.date}${machine.stealPercent !== null ? `; steal ${fmt(machine.stealPercent, 1)} %` : ''}; took ${Math.round((Date.now() - started) / 1000)} s`,
  );

  const json = {
    machine,
    settings: {
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      sweepDurationSeconds: SWEEP_DURATION,
      readCount: READ_COUNT,
      only: ONLY ? [...ONLY] : null,
    },
    scenarios: SCENARIOS,
    skipped,
    table: rows,
    tableText: table,
    runs,
    sweep,
    readSweep,
    feed,
    backfill,
    odataLoad,
    years,
    tookSeconds: Math.round((Date.now() - started) / 1000),
  };
  const outName = ONLY ? 'partial.json' : 'latest.json';
  fs.writeFileSync(path.join(RESULTS, outName), `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote bench/results/${outName}`);
  if (sweep.length) {
    const svg = throughputSvg(
      sweep,
      'Throughput vs connections: unique 6 KB 1C invoices',
      `${machine.cpuCount}× ${cpus[0]?.model ?? '?'}, node ${machine.node}, ${machine.date.slice(0, 10)}, ${SWEEP_DURATION} s per point`,
    );
    writeChart(path.join(RESULTS, 'throughput.svg'), svg);
    log('wrote bench/results/throughput.svg');
    const png = await renderPng(svg, path.join(RESULTS, 'throughput.png'));
    log(png ?? 'wrote bench/results/throughput.png');
  }
  if (rows.some((r) => r.correctness === 'FAIL')) process.exitCode = 1;
}

await main();
