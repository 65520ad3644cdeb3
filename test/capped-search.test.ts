import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { rarestFragment, type SearchCaps } from '../src/storage/repositories/capped-search.js';
import { listClients } from '../src/storage/repositories/clients-repository.js';
import { type InvoiceFilter, listInvoices } from '../src/storage/repositories/invoices-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl, startTestService } from './helpers/test-service.js';

/**
 * Search (`q`) with bounded work (src/storage/repositories/capped-search.ts): a term most
 * rows contain comes from the walk of the list's index, a rare one from the trigram index,
 * and either way every page, followed by its cursor, is exactly the filtered list in order.
 * Past the match limit the page says `truncated`. Tiny caps make each path run on a few rows.
 */

interface Made {
  id: string;
  date: string | null;
  total_value: number | null;
  search_text: string;
  name: string;
}

function invoiceRow(i: number, text: string, date: string | null, kind: 'incoming' | 'outgoing' = 'incoming') {
  const number = `ПШ-${String(i).padStart(4, '0')}`;
  const totalValue = i % 7 === 0 ? null : (i * 37) % 50;
  return {
    id: randomUUID(),
    source_id: 'src-s',
    identity: `ref:${kind}:${i}`,
    uuid: null,
    source_ref: `${kind}${i}`,
    deletion_mark: 0,
    deleted: 0,
    warnings: '[]',
    version: 1,
    event_number: null,
    data_version: null,
    content_hash: 'h',
    current_event_id: randomUUID(),
    current_body_hash: null,
    search_text: `${number} ${text}`.toLowerCase(),
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    kind,
    number,
    date,
    counterparty_name: text,
    counterparty_edrpou: null,
    counterparty_code: null,
    counterparty_tax_id: null,
    total: totalValue === null ? null : `${totalValue}.00`,
    total_value: totalValue,
    currency_code: '980',
    posted: 1,
    comment: null,
    payment_due: null,
    position_count: 1,
  };
}

/** The list as the user sees it: keyed rows by (key, id) descending, then rows without a key by id descending. */
function expected(rows: Made[], text: string, key: 'date' | 'total_value'): string[] {
  const keyed = rows.filter((r) => r[key] !== null && r.search_text.includes(text.toLowerCase()));
  const unkeyed = rows.filter((r) => r[key] === null && r.search_text.includes(text.toLowerCase()));
  const desc = (a: string | number, b: string | number) => (a < b ? 1 : a > b ? -1 : 0);
  keyed.sort((a, b) => desc(a[key]!, b[key]!) || desc(a.id, b.id));
  unkeyed.sort((a, b) => desc(a.id, b.id));
  return [...keyed, ...unkeyed].map((r) => r.id);
}

describe('the part of a long term the trigram index is asked for', () => {
  it('is the six characters whose trigrams the sample holds least, the whole term when short or unsampled', () => {
    const sample = ['тов київський склад 1', 'тов київський хлібзавод 2', 'тов львівський склад 3'];
    // Every window of "хлібзавод 2" is seen once; the later one wins the tie.
    assert.equal(rarestFragment('київський хлібзавод 2', sample), 'авод 2');
    assert.equal(rarestFragment('київський склад 9137', sample), 'д 9137', 'digits never seen win');
    assert.equal(rarestFragment('склад', sample), 'склад');
    assert.equal(rarestFragment('київський склад', []), 'київський склад');
  });
});

for (const dialect of selectedDialects()) {
  describe(`search with bounded work on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    const made: Made[] = [];
    /** Both kinds: the list without a kind filter. */
    const everyKind: Made[] = [];

    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      cleanup = fresh.cleanup;
      storage = await openDatabase(fresh.url);
      const rows = [];
      for (let i = 0; i < 120; i++) {
        // Every invoice is Київський; every 4th a Хлібзавод; three of the oldest Рідкісний;
        // every 11th has no date (1C's empty date), one of those Рідкісний too.
        const words = ['Київський', i % 4 === 0 ? 'Хлібзавод' : 'Склад', i < 3 || i === 22 ? 'Рідкісний' : ''].join(' ');
        const date = i % 11 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 3_600_000 * 7).toISOString().slice(0, 19);
        rows.push(invoiceRow(i, words, date));
      }
      rows.push(invoiceRow(500, 'Київський Рідкісний', '2025-01-01T00:00:00', 'outgoing'));
      await storage.db
        .insertInto('invoices')
        .values(rows as never)
        .execute();
      made.push(
        ...rows
          .filter((r) => r.kind === 'incoming')
          .map((r) => ({ id: r.id, date: r.date, total_value: r.total_value, search_text: r.search_text, name: r.counterparty_name })),
      );
      const outgoing = rows.find((r) => r.kind === 'outgoing')!;
      everyKind.push(...made, {
        id: outgoing.id,
        date: outgoing.date,
        total_value: outgoing.total_value,
        search_text: outgoing.search_text,
        name: outgoing.counterparty_name,
      });
    });
    after(async () => {
      await storage?.close();
      await cleanup?.();
    });

    /** Every page of a search, following the cursor as the API builds it. */
    async function allPages(q: string, caps: SearchCaps, sort: 'date' | 'total' = 'date', limit = 4, kind: InvoiceFilter['kind'] | null = 'incoming') {
      const ids: string[] = [];
      let after: InvoiceFilter['after'];
      let truncated = false;
      for (let guard = 0; guard < 100; guard++) {
        const page = await listInvoices(storage.db, storage.support, { kind: kind ?? undefined, q, sort, limit: limit + 1, after, searchCaps: caps });
        truncated ||= page.truncated;
        const rows = page.rows.slice(0, limit);
        ids.push(...rows.map((r) => r.id));
        if (page.rows.length <= limit) return { ids, truncated };
        const last = rows[rows.length - 1]!;
        // As the API's cursor: the exact total, compared as a number.
        after = { key: sort === 'date' ? last.date : last.total, id: last.id };
      }
      throw new Error('no end of pages');
    }

    const exact: SearchCaps = { scanRows: 10, maxMatches: 1000 };

    it('finds a term most rows contain by walking the list: the first page, and every page after it', async () => {
      const first = await listInvoices(storage.db, storage.support, { kind: 'incoming', q: 'київський', sort: 'date', limit: 5, searchCaps: exact });
      assert.deepEqual(
        first.rows.map((r) => r.id),
        expected(made, 'київський', 'date').slice(0, 5),
      );
      assert.equal(first.truncated, false);
      const all = await allPages('КИЇВСЬКИЙ', exact);
      assert.deepEqual(all.ids, expected(made, 'київський', 'date'), 'upper case is found too; rows without a date come last');
      assert.equal(all.truncated, false);
    });

    it('finds a rare term through the trigram index, past the rows the walk may test, in list order', async () => {
      const all = await allPages('рідкісний', exact);
      assert.equal(all.ids.length, 4, 'three old ones and one without a date; not the outgoing one');
      assert.deepEqual(all.ids, expected(made, 'рідкісний', 'date'));
      assert.deepEqual((await allPages('хлібзавод', exact)).ids, expected(made, 'хлібзавод', 'date'), 'a term in every 4th row');
      assert.deepEqual((await allPages('ніде-нема', exact)).ids, []);
    });

    it('walks the list of both kinds too (no kind filter), by date and by total, across pages', async () => {
      // A walk of one row cannot fill a page, so every page also asks the trigram index; with
      // 1000 the walk fills them. Either way the pages are the list of both kinds in order.
      for (const caps of [{ scanRows: 1, maxMatches: 200 }, exact, { scanRows: 1000, maxMatches: 200 }]) {
        for (const q of ['київський', 'рідкісний']) {
          assert.deepEqual((await allPages(q, caps, 'date', 3, null)).ids, expected(everyKind, q, 'date'), `${q} by date ${JSON.stringify(caps)}`);
          assert.deepEqual((await allPages(q, caps, 'total', 3, null)).ids, expected(everyKind, q, 'total_value'), `${q} by total ${JSON.stringify(caps)}`);
        }
      }
      assert.ok(expected(everyKind, 'рідкісний', 'date').length === 5, 'the outgoing Рідкісний is in the list of both kinds');
    });

    it('pages by total too, rows without a total last', async () => {
      for (const q of ['київський', 'хлібзавод', 'рідкісний']) {
        assert.deepEqual((await allPages(q, exact, 'total', 3)).ids, expected(made, q, 'total_value'), q);
      }
    });

    it('pages correctly whatever the caps, as long as no page is truncated', async () => {
      for (const caps of [
        { scanRows: 1, maxMatches: 200 },
        { scanRows: 3, maxMatches: 200 },
        { scanRows: 1000, maxMatches: 200 },
      ]) {
        for (const q of ['київський', 'хлібзавод', 'рідкісний', 'пш-0001']) {
          const all = await allPages(q, caps);
          assert.deepEqual(all.ids, expected(made, q, 'date'), `${q} ${JSON.stringify(caps)}`);
          assert.equal(all.truncated, false);
        }
      }
    });

    it('says truncated when the trigram index holds more matches than it may sort', async () => {
      // The walk tests 2 rows (no page of 5 Хлібзавод among them); 30 matches remain, 10 may be sorted.
      const page = await listInvoices(storage.db, storage.support, {
        kind: 'incoming',
        q: 'хлібзавод',
        sort: 'date',
        limit: 5,
        searchCaps: { scanRows: 2, maxMatches: 10 },
      });
      assert.equal(page.truncated, true);
      assert.equal(page.rows.length, 5);
      const matching = new Set(expected(made, 'хлібзавод', 'date'));
      assert.ok(
        page.rows.every((r) => matching.has(r.id)),
        'only matches, even when truncated',
      );
      // A term the walk fills the page with never reaches the cap.
      const common = await listInvoices(storage.db, storage.support, {
        kind: 'incoming',
        q: 'київський',
        sort: 'date',
        limit: 5,
        searchCaps: { scanRows: 20, maxMatches: 1 },
      });
      assert.equal(common.truncated, false);
      // Without a kind the list of both kinds has its index in date order too: the walk fills the page.
      const anyKind = await listInvoices(storage.db, storage.support, { q: 'київський', sort: 'date', limit: 5, searchCaps: { scanRows: 20, maxMatches: 1 } });
      assert.equal(anyKind.truncated, false);
      assert.deepEqual(
        anyKind.rows.map((r) => r.id),
        expected(everyKind, 'київський', 'date').slice(0, 5),
      );
      const rare = await listInvoices(storage.db, storage.support, { q: 'рідкісний', sort: 'date', limit: 10, searchCaps: exact });
      assert.equal(rare.rows.length, 5, 'the outgoing one too');
    });

    it('searches clients by name order, rare and common, across pages', async () => {
      const clients = Array.from({ length: 40 }, (_, i) => ({
        id: randomUUID(),
        source_id: 'src-s',
        identity: `c${i}`,
        uuid: null,
        source_ref: `c${i}`,
        deletion_mark: 0,
        deleted: 0,
        warnings: '[]',
        version: 1,
        event_number: null,
        data_version: null,
        content_hash: 'h',
        current_event_id: randomUUID(),
        current_body_hash: null,
        search_text: `тов ${i % 10 === 9 ? 'рідкісна' : 'звичайна'} ${String(i).padStart(3, '0')} 1234567${i % 10}`,
        created_at: '2024-01-01T00:00:00Z',
        updated_at: '2024-01-01T00:00:00Z',
        code: String(i),
        name: `ТОВ ${String(i).padStart(3, '0')}`,
        full_name: null,
        edrpou: null,
        tax_id: null,
        phone: null,
        email: null,
        address: null,
        comment: null,
      }));
      await storage.db
        .insertInto('clients')
        .values(clients as never)
        .execute();
      const byName = (q: string) =>
        clients
          .filter((c) => c.search_text.includes(q))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
          .map((c) => c.id);
      for (const q of ['звичайна', 'рідкісна', '12345679']) {
        const ids: string[] = [];
        let after: { key: string; id: string } | undefined;
        for (;;) {
          const page = await listClients(storage.db, storage.support, { q, limit: 4, after, searchCaps: { scanRows: 5, maxMatches: 100 } });
          assert.equal(page.truncated, false);
          ids.push(...page.rows.slice(0, 3).map((r) => r.id));
          if (page.rows.length <= 3) break;
          const last = page.rows[2]!;
          after = { key: last.name, id: last.id };
        }
        assert.deepEqual(ids, byName(q), q);
      }
      assert.equal((await listClients(storage.db, storage.support, { q: 'тов', limit: 4, searchCaps: { scanRows: 1, maxMatches: 3 } })).truncated, true);
    });
  });

  describe(`search over HTTP on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('answers truncated and the match limit, and documents them in /openapi.json', async () => {
      const t = await startTestService(dialect, { ONEC_SYNC_SEARCH_SCAN_ROWS: '1', ONEC_SYNC_SEARCH_MAX_MATCHES: '2' });
      try {
        const rows = Array.from({ length: 6 }, (_, i) => invoiceRow(i, 'Полтавський', `2024-02-0${i + 1}T10:00:00`));
        await t.service.storage.db
          .insertInto('invoices')
          .values(rows as never)
          .execute();
        const capped = await t.get('/api/v1/invoices?kind=incoming&q=%D0%BF%D0%BE%D0%BB%D1%82%D0%B0%D0%B2&limit=5');
        assert.equal(capped.status, 200);
        assert.deepEqual([capped.json.truncated, capped.json.matchLimit], [true, 2]);
        const plain = await t.get('/api/v1/invoices?kind=incoming&limit=5');
        assert.deepEqual([plain.json.truncated, plain.json.items.length], [false, 5]);
        const clients = await t.get('/api/v1/clients?q=abc');
        assert.deepEqual([clients.json.truncated, clients.json.items], [false, []]);
        const spec = (await t.get('/openapi.json')).json;
        const schema = spec.paths['/api/v1/invoices'].get.responses['200'].content['application/json'].schema;
        assert.equal(schema.properties.truncated.type, 'boolean');
      } finally {
        await t.close();
      }
    });
  });
}
