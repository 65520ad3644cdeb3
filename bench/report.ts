/** The result table: per-scenario medians, ratios to the same round's baseline, verdicts. */

import { median, type RunFigures } from './figures.js';
import type { TargetKind } from './targets.js';

// ---------------------------------------------------------------- the table

export interface Row {
  scenario: string;
  target: TargetKind;
  rps: number | null;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  /** To the same round's baseline; for `grown`, to the fresh process on the same data (`restarted`). */
  ratio: number | null;
  /** To the same round's per-request peer (one transaction per request), where the scenario ran it. */
  peerRatio: number | null;
  /** Median server CPU µs per request, and its ratio to the same round's baseline. */
  cpuUs: number | null;
  cpuRatio: number | null;
  goal: string;
  verdict: 'PASS' | 'FAIL' | '—';
  correctness: string;
  correctnessDetail: string[];
  runs: number;
}

/**
 * Each scenario's target as the open work states it: throughput as a ratio (to the bare server,
 * or to the per-request peer of the same round), CPU per request where a figure is set, and for
 * fill then steady the grown process against a fresh one on the same data.
 */
export function goalOf(
  scenario: string,
  target: TargetKind,
  r: { ratio: number | null; peerRatio: number | null; cpuUs: number | null; p99: number; p50: number; peakRssMb: number; errors: number },
): [string, Row['verdict']] {
  const verdict = (ok: boolean): Row['verdict'] => (ok ? 'PASS' : 'FAIL');
  if (target === 'baseline') return ['—', '—'];
  if (target === 'framework') return ['reference: Fastify, no work', '—'];
  if (target === 'per-request') return ['peer: one transaction per request', '—'];
  const ratio = r.ratio ?? 0;
  const cpu = r.cpuUs ?? Number.POSITIVE_INFINITY;
  switch (scenario) {
    case 'unique':
      return target === 'sqlite' ? ['≥ 2× peer, ≤ 300 µs', verdict((r.peerRatio ?? 0) >= 2 && cpu <= 300)] : ['≥ 0.3×', verdict(ratio >= 0.3)];
    case 'storm':
      return target === 'sqlite' ? ['≥ 0.8×, ≤ 120 µs', verdict(ratio >= 0.8 && cpu <= 120)] : ['≥ 0.8×', verdict(ratio >= 0.8)];
    case 'grown':
      return ['≥ 0.8× fresh, p99 ≤ 50 ms', verdict(ratio >= 0.8 && r.p99 <= 50 && r.errors === 0)];
    case 'big':
      return ['< 1 s and < 300 MB RSS', verdict(r.p99 < 1000 && r.peakRssMb < 300 && r.errors === 0)];
    case 'read-list':
    case 'read-one':
      return ['p99 ≤ 20 ms', verdict(r.p99 <= 20 && r.errors === 0)];
    default:
      return ['—', '—'];
  }
}

export function summarise(runs: RunFigures[]): Row[] {
  const rows: Row[] = [];
  const keys = [...new Set(runs.map((r) => `${r.scenario}|${r.target}`))];
  for (const key of keys) {
    const [scenario, target] = key.split('|') as [string, TargetKind];
    const mine = runs.filter((r) => r.scenario === scenario && r.target === target);
    // Paired ratio: each round's figure over the same round's reference, then the median.
    const pairedRatios = (figure: (r: RunFigures) => number | undefined, reference: { scenario: string; target: TargetKind }) =>
      mine.flatMap((r) => {
        const base = runs.find((b) => b.scenario === reference.scenario && b.target === reference.target && b.round === r.round);
        const mineValue = figure(r);
        const baseValue = base && figure(base);
        return mineValue !== undefined && Number.isFinite(mineValue) && baseValue !== undefined && baseValue > 0 ? [mineValue / baseValue] : [];
      });
    // A grown process is measured against a fresh one on the same data, not against a bare server.
    const reference = scenario === 'grown' ? { scenario: 'restarted', target } : { scenario, target: 'baseline' as TargetKind };
    const ratios = pairedRatios((r) => r.rps, reference);
    const peerRatios = pairedRatios((r) => r.rps, { scenario, target: 'per-request' });
    const cpuRatios = pairedRatios((r) => r.serverCpuUs, { scenario, target: 'baseline' });
    const cpuUs = median(mine.map((r) => r.serverCpuUs ?? NaN));
    const checks = mine.flatMap((r) => (r.check ? [r.check] : []));
    const figures = {
      rps: Number.isFinite(median(mine.map((r) => r.rps))) ? median(mine.map((r) => r.rps)) : null,
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      errors: mine.reduce((s, r) => s + r.errors, 0),
      peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
      ratio: target === 'baseline' || ratios.length === 0 ? null : median(ratios),
      peerRatio: target !== 'sqlite' && target !== 'postgres' ? null : peerRatios.length === 0 ? null : median(peerRatios),
      cpuUs: Number.isFinite(cpuUs) ? cpuUs : null,
      cpuRatio: target === 'baseline' || cpuRatios.length === 0 ? null : median(cpuRatios),
    };
    const [goal, verdict] = goalOf(scenario, target, figures);
    rows.push({
      scenario,
      target,
      ...figures,
      goal,
      verdict,
      correctness: checks.length === 0 ? '—' : checks.every((c) => c.pass) ? 'pass' : 'FAIL',
      correctnessDetail: checks.map((c) => c.detail),
      runs: mine.length,
    });
  }
  return rows;
}

export const fmt = (v: number | null, digits = 0) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

export function tableText(rows: Row[]): string {
  const header = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'peak RSS MB',
    'ratio',
    '× peer',
    'CPU µs/req',
    'CPU ×',
    'issue target',
    'verdict',
    'db check',
  ];
  const lines = rows.map((r) => [
    r.scenario,
    r.target,
    fmt(r.rps),
    fmt(r.p50, r.scenario === 'big' ? 0 : 1),
    fmt(r.p99, r.scenario === 'big' ? 0 : 1),
    String(r.errors),
    fmt(r.peakRssMb),
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.peerRatio === null ? '—' : `${r.peerRatio.toFixed(2)}×`,
    fmt(r.cpuUs),
    r.cpuRatio === null ? '—' : `${r.cpuRatio.toFixed(1)}×`,
    r.goal,
    r.verdict,
    r.correctness,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}
