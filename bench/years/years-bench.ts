/**
 * The "years" scenario (BENCH_ONLY=years): a database of YEARS_INVOICES invoices
 * (default 1,000,000) built once through the write path and kept (generate.ts), then the
 * reads, searches and webhooks an operator and an ERP make against it (measure.ts), on
 * each database. Prints one markdown table with a column per database.
 *
 * Beside the invoices, YEARS_SALES sales (РеализацияТоваровУслуг, a declared kind kept in
 * the `objects` store; default as many as invoices; 0 for none) in the same database,
 * and the sale list's reads and sale webhooks (measure-sales.ts).
 *
 * Env: YEARS_INVOICES (1000000), YEARS_SALES (= YEARS_INVOICES), YEARS_PARTS (what to
 * measure: "invoices,sales"), YEARS_RUNS (repeats per read, 50), YEARS_BUDGET (seconds
 * one read or search may take in all, 30), YEARS_COUNTERPARTIES (3000), YEARS_DIALECTS
 * (e.g. "sqlite": one database only; default every database the run has); the webhook loads
 * use BENCH_DURATION and BENCH_CONNECTIONS.
 */
import { type GenerationFigures, yearsDatabase } from './generate.js';
import { measureYears } from './measure.js';
import type { YearsRow } from './years-row.js';

export interface YearsFigures {
  dialect: 'sqlite' | 'postgres';
  invoices: number;
  sales: number;
  /** Null when the kept database was re-used. */
  generated: GenerationFigures | null;
  rows: YearsRow[];
}

export interface YearsBenchOptions {
  dialects: ('sqlite' | 'postgres')[];
  duration: number;
  connections: number;
  log(line: string): void;
}

export async function yearsBench(options: YearsBenchOptions): Promise<{ figures: YearsFigures[]; table: string }> {
  const env = process.env;
  const invoices = Number(env.YEARS_INVOICES ?? 1_000_000);
  const sales = Number(env.YEARS_SALES ?? invoices);
  const parts = (env.YEARS_PARTS ?? 'invoices,sales').split(',').map((p) => p.trim()) as ('invoices' | 'sales')[];
  const figures: YearsFigures[] = [];
  const only = env.YEARS_DIALECTS?.split(',').map((d) => d.trim());
  for (const dialect of options.dialects.filter((d) => !only || only.includes(d))) {
    options.log(`  ${dialect}: the database of ${invoices.toLocaleString('en')} invoices and ${sales.toLocaleString('en')} sales`);
    const db = await yearsDatabase(dialect, invoices, options.log, sales);
    const rows = await measureYears(db, {
      invoices,
      sales,
      parts,
      runs: Number(env.YEARS_RUNS ?? 50),
      budgetSeconds: Number(env.YEARS_BUDGET ?? 30),
      duration: options.duration,
      connections: options.connections,
      log: options.log,
    });
    figures.push({ dialect, invoices, sales, generated: db.generated, rows });
  }
  const table = yearsTable(figures);
  options.log(
    `\nYears of data: ${invoices.toLocaleString('en')} invoices, ${sales.toLocaleString('en')} sales (p50 / p99 ms; n = repeats; webhooks: req/s, p50 / p99 ms)\n`,
  );
  options.log(table);
  return { figures, table };
}

const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

function cell(row: YearsRow | undefined): string {
  if (!row) return '—';
  const { p50, p99, n, errors } = row.latency;
  const err = errors ? `, ${errors} errors` : '';
  // autocannon reports 0 / 0 when nothing came back before the run ended: say so.
  if (row.group === 'webhook') return n === 0 ? `none answered during the run${err}` : `${row.rps} req/s, ${p50} / ${p99}${err}`;
  return `${p50} / ${p99} (n ${n}${err})`;
}

/** One line per request, one column per database. */
export function yearsTable(figures: YearsFigures[]): string {
  const names: string[] = [];
  for (const f of figures) for (const r of f.rows) if (!names.includes(r.name)) names.push(r.name);
  const header = `| what | ${figures.map((f) => NAMES[f.dialect]).join(' | ')} |`;
  const rule = `|---|${figures.map(() => '---').join('|')}|`;
  const lines = names.map((name) => `| ${name} | ${figures.map((f) => cell(f.rows.find((r) => r.name === name))).join(' | ')} |`);
  const built = figures.map((f) =>
    f.generated
      ? `| built (${NAMES[f.dialect]}) | ${f.generated.posts.toLocaleString('en')} posts in ${f.generated.seconds} s: ${f.generated.invoicesPerSecond} invoices/s, ${f.generated.sales.toLocaleString('en')} sales, ${f.generated.sizeMb} MB |`
      : `| built (${NAMES[f.dialect]}) | kept from an earlier run |`,
  );
  return [header, rule, ...lines, '', ...built.map((b) => b.replace(/ \|$/, ' |'))].join('\n');
}
