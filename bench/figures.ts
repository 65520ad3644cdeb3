/** What every measured run reports, and how runs are reduced to one figure. */

import type { Check } from './checks.js';
import type { LoadResult } from './load.js';
import { type CpuSplit, type MachineTicks, machineTicks, type Target, type TargetKind } from './targets.js';

// ---------------------------------------------------------------- scenarios

export interface RunFigures {
  scenario: string;
  target: TargetKind;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  check?: Check;
  sampleErrors?: string[];
  times?: number[];
  /** 1-minute load average when the run ended: above ~2.5 on 2 cores, something else was running too. */
  loadAverage?: number;
  /** CPU µs per request spent by the load generator (autocannon, in this process). */
  generatorCpuUs?: number;
  /**
   * CPU µs per request spent by the server under test (with PostgreSQL's processes for
   * `postgres`). Steadier than req/s on a shared machine, whose speed varies between runs.
   */
  serverCpuUs?: number;
  /** The server process's CPU µs per request by thread, and the kernel's share of it (targets.ts, `processCpuSplit`). */
  cpuSplit?: CpuSplit;
  /** Per cent of the machine's CPU time the hypervisor took during the run (targets.ts, `machineTicks`). */
  stealPercent?: number;
}

/** The figures every measured load run reports. */
export function loadFigures(load: LoadResult & { serverCpuUs: number; cpuSplit?: CpuSplit; stealPercent?: number }) {
  const { rps, p50, p99, errors, sampleErrors, generatorCpuUs, serverCpuUs, cpuSplit, stealPercent } = load;
  return { rps, p50, p99, errors, sampleErrors, generatorCpuUs, serverCpuUs, cpuSplit, stealPercent };
}

/** A measured load, with the server's CPU per request over exactly that load. */
export async function measured(
  t: Target,
  load: () => Promise<LoadResult>,
): Promise<LoadResult & { serverCpuUs: number; cpuSplit: CpuSplit; stealPercent?: number }> {
  const before = t.serverCpuUs();
  const split = t.cpuSplit();
  const ticks = machineTicks();
  const result = await load();
  const after = t.cpuSplit();
  const ticksAfter = machineTicks();
  const per = (a: number, b: number) => (result.total > 0 ? (a - b) / result.total : NaN);
  const stealPercent = stealBetween(ticks, ticksAfter) ?? undefined;
  return Object.assign(result, {
    serverCpuUs: per(t.serverCpuUs(), before),
    cpuSplit: { mainUs: per(after.mainUs, split.mainUs), otherUs: per(after.otherUs, split.otherUs), kernelUs: per(after.kernelUs, split.kernelUs) },
    stealPercent,
  });
}

/** Per cent of the machine's CPU time stolen between two readings; null when either is unknown. */
export function stealBetween(before: MachineTicks | null, after: MachineTicks | null): number | null {
  return before && after && after.total > before.total ? (100 * (after.steal - before.steal)) / (after.total - before.total) : null;
}

export interface Measured {
  figures: RunFigures;
  verify?: (databaseUrl: string) => Promise<Check>;
}

export const median = (values: number[]): number => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};
