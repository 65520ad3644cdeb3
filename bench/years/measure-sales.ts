/**
 * The sale list's reads on the years database, measured as the invoices' are: each read of
 * `GET /api/v1/objects/sale` repeated (p50/p99), pages deep into the list through a cursor
 * made from a row in its middle, then sale webhooks alone and while 4 readers search the
 * sales without pause.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { encodeCursor } from '../../src/http/cursor.js';
import { runLoad } from '../load.js';
import { WEBHOOK_HEADERS } from '../scenarios.js';
import { counterparties } from './data.js';
import type { YearsDatabase } from './generate.js';
import { saleDefinition, saleSearchTerms, UniqueSaleStream } from './sale-data.js';
import { type Latency, latency, type YearsRow } from './years-row.js';

export interface SaleMeasureContext {
  baseUrl: string;
  sales: number;
  duration: number;
  connections: number;
  rows: YearsRow[];
  /** Times a GET repeatedly and records its row (measure.ts's `repeat`). */
  repeat(group: 'read' | 'search', name: string, path: string): Promise<void>;
  timedGet(path: string): Promise<{ ms: number; ok: boolean }>;
  enter(phase: string): void;
  log(line: string): void;
}

const LIST = '/api/v1/objects/sale';

/** What a cursor in the middle of a list carries: the key and id of the row at `offset` in its order. */
async function middleRows(db: YearsDatabase, busy: string, offset: number): Promise<Record<string, { key: string | number | null; id: string }>> {
  const order = (column: string, where = '') =>
    `select ${column} as key, id from objects where kind = 'sale' and deleted = 0 ${where} and ${column} is not null order by ${column} desc, id desc limit 1 offset ${offset}`;
  const queries: Record<string, string> = {
    date: order('date'),
    amount: order('amount_value'),
    number: order('number'),
    // The busy counterparty holds about 0.2 % of the sales: a page a thousandth of them deep (page 21 at a million).
    busyAmount: order('amount_value', `and counterparty_uuid = '${busy}'`).replace(`offset ${offset}`, `offset ${Math.floor(offset / 500)}`),
  };
  const out: Record<string, { key: string | number | null; id: string }> = {};
  if (db.url.startsWith('sqlite:')) {
    const d = new Database(db.url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      for (const [name, text] of Object.entries(queries)) out[name] = d.prepare(text).get() as { key: string | number; id: string };
    } finally {
      d.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    for (const [name, text] of Object.entries(queries)) out[name] = (await c.query(text)).rows[0];
  } finally {
    await c.end();
  }
  return out;
}

export async function measureSales(db: YearsDatabase, m: SaleMeasureContext): Promise<void> {
  const { log } = m;
  const parties = counterparties(Number(process.env.YEARS_COUNTERPARTIES ?? 3_000));
  const terms = saleSearchTerms(m.sales, parties);
  const middle = await middleRows(db, terms.busy, Math.floor(m.sales / 2));
  // A list shorter than the offset has no middle: the first page then (an empty cursor is none).
  const cursor = (name: string) => (middle[name] ? encodeCursor(middle[name]) : '');
  const month = 'from=2024-03-01&to=2024-03-31';

  m.enter('sale reads');
  log(`  sales: reads (rare term ${terms.rare}, busy counterparty ${terms.busy})`);
  const reads: [string, string][] = [
    ['sales, newest', `${LIST}?limit=50`],
    ['sales by amount', `${LIST}?sort=amount&limit=50`],
    ['sales by number', `${LIST}?sort=number&limit=50`],
    ["a busy counterparty's sales", `${LIST}?counterparty=${terms.busy}&limit=50`],
    ["a busy counterparty's sales by amount", `${LIST}?counterparty=${terms.busy}&sort=amount&limit=50`],
    ["a quiet counterparty's sales", `${LIST}?counterparty=${terms.quiet}&limit=50`],
    ["a quiet counterparty's sales by amount", `${LIST}?counterparty=${terms.quiet}&sort=amount&limit=50`],
    ['sales of a month', `${LIST}?${month}&limit=50`],
    ['sales of a month by amount', `${LIST}?${month}&sort=amount&limit=50`],
    ['unposted sales', `${LIST}?posted=false&limit=50`],
    ['posted sales by amount', `${LIST}?posted=true&sort=amount&limit=50`],
    ['deleted sales', `${LIST}?deleted=true&limit=50`],
    ['sales, a page in the middle', `${LIST}?cursor=${cursor('date')}&limit=50`],
    ['sales by amount, a page in the middle', `${LIST}?sort=amount&cursor=${cursor('amount')}&limit=50`],
    ['sales by number, a page in the middle', `${LIST}?sort=number&cursor=${cursor('number')}&limit=50`],
    ["a busy counterparty's sales by amount, a deep page", `${LIST}?counterparty=${terms.busy}&sort=amount&cursor=${cursor('busyAmount')}&limit=50`],
  ];
  for (const [name, path] of reads) await m.repeat('read', name, path);

  m.enter('sale searches');
  const searches: [string, string][] = [
    ['sales: search a rare term (a number)', `${LIST}?q=${encodeURIComponent(terms.rare)}&limit=50`],
    [`sales: search a common word (${terms.common})`, `${LIST}?q=${encodeURIComponent(terms.common)}&limit=50`],
    ['sales: search a common word, by amount', `${LIST}?q=${encodeURIComponent(terms.common)}&sort=amount&limit=50`],
    ['sales: search a common word, a page in the middle', `${LIST}?q=${encodeURIComponent(terms.common)}&cursor=${cursor('date')}&limit=50`],
    ["sales: search a rare term in a busy counterparty's", `${LIST}?counterparty=${terms.busy}&q=${encodeURIComponent(terms.rare)}&limit=50`],
  ];
  for (const [name, path] of searches) await m.repeat('search', name, path);

  const endpoint = saleDefinition().webhookPath;
  const webhookLoad = async (tag: number) => {
    const stream = new UniqueSaleStream(tag);
    const r = await runLoad({
      baseUrl: m.baseUrl,
      connections: m.connections,
      duration: m.duration,
      request: { method: 'POST', headers: { ...WEBHOOK_HEADERS }, next: () => ({ path: endpoint, body: stream.next() }) },
    });
    return { rps: Math.round(r.rps), latency: { n: r.total, p50: r.p50, p99: r.p99, max: Number.NaN, errors: r.errors } as Latency };
  };
  // Every run adds its sales to the kept database: a tag of its own (in the GUIDs) keeps them apart.
  const runTag = Math.floor(Date.now() / 1000) % 0x7fff;
  m.enter('sale webhooks');
  const alone = await webhookLoad(runTag * 2);
  m.rows.push({ group: 'webhook', name: 'sale webhooks alone', request: `unique sales, ${m.connections} connections, ${m.duration} s`, ...alone });
  log(`  sale webhooks alone: ${alone.rps} req/s, p50 ${alone.latency.p50} ms, p99 ${alone.latency.p99} ms, errors ${alone.latency.errors}`);

  m.enter('sale webhooks + 4 searchers');
  let searching = true;
  const times: number[] = [];
  let errors = 0;
  // The four searches of a sale list an operator makes most: the two terms, a counterparty's, a month's.
  const loop = [searches[0]![1], searches[1]![1], reads[4]![1], reads[8]![1]];
  const searcher = async (k: number) => {
    for (let i = k; searching; i++) {
      const r = await m.timedGet(loop[i % loop.length]!);
      times.push(r.ms);
      if (!r.ok) errors++;
    }
  };
  const searchers = [0, 1, 2, 3].map(searcher);
  const busy = await webhookLoad(runTag * 2 + 1);
  searching = false;
  await Promise.all(searchers);
  m.rows.push({ group: 'webhook', name: 'sale webhooks while 4 readers search sales', request: 'as above, 4 loops of four sale reads', ...busy });
  m.rows.push({ group: 'search', name: "the 4 readers' sale reads meanwhile", request: 'the four sale reads in turn', latency: latency(times, errors) });
  const ratio = alone.latency.p99 > 0 ? (busy.latency.p99 / alone.latency.p99).toFixed(2) : '—';
  log(
    `  sale webhooks while 4 readers search: ${busy.rps} req/s, p50 ${busy.latency.p50} ms, p99 ${busy.latency.p99} ms (${ratio}× alone), errors ${busy.latency.errors}; ${times.length} reads, p50 ${latency(times).p50} ms, p99 ${latency(times).p99} ms`,
  );
}
