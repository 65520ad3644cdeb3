/** One line of the years table: a read, a search, a webhook load or /healthz, and its latency. */
export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export interface YearsRow {
  group: 'read' | 'search' | 'webhook' | 'healthz';
  name: string;
  /** What was requested (a path), or how the load was made. */
  request: string;
  latency: Latency;
  /** Requests per second, for the loads. */
  rps?: number;
}

export function latency(samples: number[], errors = 0): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((s.length * p) / 100) - 1))] ?? NaN;
  const round = (x: number) => Number(x.toFixed(1));
  return { n: s.length, p50: round(at(50)), p99: round(at(99)), max: round(s[s.length - 1] ?? NaN), errors };
}
