/**
 * A quick check of the list reads at scale (not part of `npm test`, not the official
 * bench): fills a database with generated invoices straight into the table (no webhooks),
 * then times the dashboard's reads — substring search for rare and common terms, a
 * supplier's name, an ЄДРПОУ, the second page of a search, and the overview's counts.
 *
 *   node --import tsx bench/search-check.ts sqlite:/tmp/search.db 1000000   # fill (once) and time
 *   node --import tsx bench/search-check.ts postgres://postgres@127.0.0.1:5432/test?schema=search 1000000
 *
 * BEFORE=<dir> times the list function of another checkout instead (e.g. `git archive` of
 * the previous commit, unpacked with a node_modules link), on the same database.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Insertable, sql } from 'kysely';
import type { InvoiceKind } from '../src/domain/kinds.js';
import type { EventsTable, InvoicesTable } from '../src/storage/database-schema.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { DEFAULT_SEARCH_CAPS } from '../src/storage/repositories/capped-search.js';

const [url = 'sqlite:/tmp/search-check.db', countArg = '1000000'] = process.argv.slice(2);
const total = Number(countArg);
const schema = url.startsWith('postgres') ? (new URL(url).searchParams.get('schema') ?? 'search_check') : undefined;
const dbUrl = schema ? url.replace(/[?&]schema=[^&]*/, '') : url;

// A deterministic generator: suppliers by a Zipf-like law (a few have most invoices).
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const CITIES = ['Київський', 'Львівський', 'Одеський', 'Харківський', 'Дніпровський'];
const GOODS = ['хлібзавод', 'молокозавод', 'склад', 'постачальник', 'комбінат', 'торговий дім'];
const suppliers = Array.from({ length: 3000 }, (_, i) => ({
  name: `ТОВ "${CITIES[i % 5]} ${GOODS[i % 6]} ${i}"`,
  edrpou: String(10_000_000 + i * 7919).slice(0, 8),
  code: `00-${String(i).padStart(6, '0')}`,
}));
const pick = () => suppliers[Math.min(suppliers.length - 1, Math.floor(rand() ** 3 * suppliers.length))]!;

async function fill(h: StorageHandle): Promise<void> {
  const have = Number((await sql<{ n: number }>`select count(*) as n from invoices`.execute(h.db)).rows[0]!.n);
  if (have >= total) return;
  await sql`insert into sources (id, name, status, created_at, updated_at) values ('bench', 'bench', 'active', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z') on conflict do nothing`.execute(
    h.db,
  );
  const started = performance.now();
  const chunk = 1000;
  // PostgreSQL builds a trigram index faster at once than row by row.
  if (h.support.name === 'postgres') await sql`drop index if exists invoices_search_trgm`.execute(h.db);
  for (let done = have; done < total; done += chunk) {
    const rows = Array.from({ length: Math.min(chunk, total - done) }, (_, j): Insertable<InvoicesTable> => {
      const i = done + j;
      const s = pick();
      const kind: InvoiceKind = i % 4 === 0 ? 'outgoing' : 'incoming';
      // Five years of dates, newer invoices more numerous.
      const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(Math.sqrt(rand()) * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
      const number = `БП-${String(i).padStart(8, '0')}`;
      const deleted = i % 97 === 0 ? 1 : 0;
      return {
        id: randomUUID(),
        source_id: 'bench',
        identity: `ref:${i}`,
        uuid: null,
        source_ref: String(i),
        deletion_mark: 0,
        deleted,
        warnings: '[]',
        version: 1,
        event_number: null,
        data_version: null,
        content_hash: 'x',
        current_event_id: randomUUID(),
        current_body_hash: null,
        search_text: [number, s.name, s.edrpou, s.code].join(' ').toLowerCase(),
        created_at: `${day}T10:00:00Z`,
        updated_at: `${day}T10:00:00Z`,
        kind,
        number,
        date: `${day}T${String(i % 24).padStart(2, '0')}:00:00`,
        counterparty_name: s.name,
        counterparty_edrpou: s.edrpou,
        counterparty_code: s.code,
        counterparty_tax_id: null,
        total: '100.00',
        total_value: 100 + (i % 1000),
        currency_code: '980',
        posted: 1,
        comment: null,
        payment_due: null,
        position_count: 3,
      };
    });
    await h.db.transaction().execute((tx) => tx.insertInto('invoices').values(rows).execute());
    if ((done / chunk) % 100 === 0) process.stdout.write(`\r${done} rows, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  // A busy week in the journal: what the overview's counts read before they were maintained.
  const { uuidv7Bound } = await import('../src/storage/repositories/events-repository.js');
  const nowMs = Date.now();
  for (let done = 0; done < Math.min(total / 5, 200_000); done += chunk) {
    const events = Array.from({ length: chunk }, (_, j): Insertable<EventsTable> => {
      const at = nowMs - Math.floor(rand() * 7 * 86_400_000);
      const id = uuidv7Bound(at).slice(0, 24) + randomUUID().slice(24);
      return {
        id,
        received_at: new Date(at).toISOString(),
        source_id: 'bench',
        endpoint: (done + j) % 4 ? 'invoices' : 'outgoing-invoices',
        status: (done + j) % 50 ? 'applied' : 'rejected',
        http_status: 200,
        headers: '{}',
        body: null,
        body_size: 0,
      };
    });
    await h.db.insertInto('events').values(events).execute();
  }
  await sql`delete from event_counts`.execute(h.db);
  await sql`insert into event_counts (period, endpoint, status, source_id, n) select substr(received_at, 1, 13), endpoint, status, coalesce(source_id, ''), count(*) from events group by substr(received_at, 1, 13), endpoint, status, coalesce(source_id, '')`.execute(
    h.db,
  );
  await sql`insert into event_counts (period, endpoint, status, source_id, n) select 'all', endpoint, status, coalesce(source_id, ''), count(*) from events group by endpoint, status, coalesce(source_id, '')`.execute(
    h.db,
  );
  // The maintained counts of rows written around the ingest path, as migration 012 fills them.
  await sql`delete from object_counts`.execute(h.db);
  await sql`insert into object_counts (kind, source_id, live, deleted) select kind, source_id, sum(case when deleted = 0 then 1 else 0 end), sum(deleted) from invoices group by kind, source_id`.execute(
    h.db,
  );
  if (h.support.name === 'postgres') await sql`create index if not exists invoices_search_trgm on invoices using gin (search_text gin_trgm_ops)`.execute(h.db);
  await sql`analyze`.execute(h.db);
  console.log(`\nfilled ${total} in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function time(label: string, fn: () => Promise<unknown>, runs = 7): Promise<void> {
  await fn();
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = result as { rows?: unknown[]; truncated?: boolean } | unknown[];
  const n = Array.isArray(r) ? r.length : r && typeof r === 'object' && 'rows' in r ? `${r.rows?.length}${r.truncated ? ' truncated' : ''}` : '';
  console.log(`${label.padEnd(34)} median ${ms[runs >> 1]!.toFixed(1).padStart(7)} ms   max ${ms[runs - 1]!.toFixed(1).padStart(7)} ms   ${n}`);
}

if (schema) {
  const admin = await openDatabase(dbUrl, { migrate: false });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
}
const h = await openDatabase(dbUrl, { searchPath: schema, migrate: !process.env.BEFORE });
await fill(h);
const before = process.env.BEFORE;
const repo = before
  ? await import(`${before}/src/storage/repositories/invoices-repository.ts`)
  : await import('../src/storage/repositories/invoices-repository.js');
const stats = before ? await import(`${before}/src/storage/repositories/stats-repository.ts`) : await import('../src/storage/repositories/stats-repository.js');
// The other checkout's dialect support: its list calls what its own interface had.
const support = before
  ? h.support.name === 'sqlite'
    ? (await import(`${before}/src/storage/dialects/sqlite-dialect.ts`)).sqliteSupport
    : (await import(`${before}/src/storage/dialects/postgres-dialect.ts`)).postgresSupport
  : h.support;
const list =
  (q: string, extra: object = {}) =>
  () =>
    repo.listInvoices(h.db, support, { kind: 'incoming', sort: 'date', limit: 51, q, ...extra });
const common = suppliers[0]!;
const rareSupplier = suppliers[2999]!;
console.log(`${h.support.name}, ${total} invoices, ${before ? `BEFORE (${before})` : `caps ${JSON.stringify(DEFAULT_SEARCH_CAPS)}`}`);
await time('q common word "київський"', list('київський'));
await time('q product word "хлібзавод"', list('хлібзавод'));
await time('q top supplier name', list(common.name.slice(5, 30)));
await time('q top supplier ЄДРПОУ', list(common.edrpou));
await time('q rare supplier name', list(rareSupplier.name.slice(5)));
await time('q rare ЄДРПОУ', list(rareSupplier.edrpou));
await time('q one number', list('бп-00123457'));
await time('q no match', list('ніде-нема'));
const first = await list('київський')();
const rows = Array.isArray(first) ? first : first.rows;
const last = rows[rows.length - 1];
await time('q common, page 2', list('київський', { after: { key: last.date, id: last.id } }));
await time('q common, sort total', list('київський', { sort: 'total' }));
await time('list, no q', list(''));
const now = new Date();
const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
await time('overview changesPerEndpoint', () => stats.changesPerEndpoint(h.db, { dayStart: now.toISOString().slice(0, 10), weekStart: week }));
await time('overview countRejected', () => stats.countRejected(h.db));
await time('overview hourlyChanges', () => stats.hourlyChanges(h.db, new Date(now.getTime() - 86_400_000).toISOString()));
if (!before) {
  const counts = await import('../src/storage/repositories/counts-repository.js');
  await time('overview objectCounts', () => counts.objectCounts(h.db));
}
await h.close();
