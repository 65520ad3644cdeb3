import type { Registry } from 'prom-client';

/**
 * A counter and a histogram for the request path, registered in a prom-client registry as
 * plain metric objects (the `get()` it calls on every metric). prom-client's own validate
 * and hash the label values on every observation, even through a `labels()` child; here a
 * series is found once and its child keeps a direct reference to its numbers (bench/observe.ts
 * measures both; docs/decisions/measured-costs.md).
 */
type Labels = Record<string, string>;

/**
 * What these metrics need of prom-client's registry. Its `registerMetric` keeps any object
 * by its `name` and reads only its `get()` when it writes the exposition (lib/registry.js),
 * but its typings name only prom-client's own classes. Those have that `get()` too, and a
 * method's parameter is compared in both directions, so a `Registry` is a `MetricSink` as
 * it is, with no cast.
 */
export interface MetricSink {
  registerMetric(metric: { get(): Promise<unknown> }): void;
}

interface MetricValue {
  metricName?: string;
  labels: Labels;
  value: number;
}

abstract class LabelledMetric<S> {
  protected readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly labelNames: readonly string[],
    registry: MetricSink,
  ) {
    registry.registerMetric(this);
  }

  protected seriesOf(values: readonly string[]): S {
    const key = values.join('\u0000');
    let found = this.series.get(key);
    if (!found) {
      found = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i]!])), state: this.initial() };
      this.series.set(key, found);
    }
    return found.state;
  }

  protected abstract initial(): S;
  protected abstract values(labels: Labels, state: S): MetricValue[];

  /** What prom-client's registry reads when it writes the exposition text. */
  async get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }> {
    const values: MetricValue[] = [];
    for (const { labels, state } of this.series.values()) values.push(...this.values(labels, state));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }
}

export class LabelledCounter extends LabelledMetric<{ value: number }> {
  constructor(options: { name: string; help: string; labelNames: readonly string[]; registry: Registry }) {
    super(options.name, options.help, 'counter', options.labelNames, options.registry);
  }

  /** The series of these label values (in labelNames' order); keep it to count without a lookup. */
  child(...values: string[]): { inc(by?: number): void } {
    const state = this.seriesOf(values);
    return {
      inc: (by = 1) => {
        state.value += by;
      },
    };
  }

  protected initial() {
    return { value: 0 };
  }

  protected values(labels: Labels, state: { value: number }): MetricValue[] {
    return [{ labels, value: state.value }];
  }
}

interface HistogramState {
  /** Per bucket (not cumulative); the last is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class LabelledHistogram extends LabelledMetric<HistogramState> {
  private readonly buckets: readonly number[];

  constructor(options: { name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; registry: Registry }) {
    super(options.name, options.help, 'histogram', options.labelNames, options.registry);
    this.buckets = options.buckets;
  }

  child(...values: string[]): { observe(value: number): void } {
    const state = this.seriesOf(values);
    const buckets = this.buckets;
    return {
      observe(value: number) {
        let i = 0;
        while (i < buckets.length && value > buckets[i]!) i++;
        state.counts[i]!++;
        state.sum += value;
        state.count++;
      },
    };
  }

  protected initial(): HistogramState {
    return { counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }

  protected values(labels: Labels, state: HistogramState): MetricValue[] {
    const out: MetricValue[] = [];
    let cumulative = 0;
    this.buckets.forEach((le, i) => {
      cumulative += state.counts[i]!;
      out.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: String(le) }, value: cumulative });
    });
    out.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: state.count });
    out.push({ metricName: `${this.name}_sum`, labels, value: state.sum });
    out.push({ metricName: `${this.name}_count`, labels, value: state.count });
    return out;
  }
}
