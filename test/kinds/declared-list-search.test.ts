/**
 * The declared list's costly reads at a million sales: one counterparty's objects largest
 * first is a walk of an index in that order (not of the kind's whole amount index looking
 * for the counterparty's), and a substring a few objects hold is found through the trigram
 * index (migration 017) — the page exact and in the list's order either way.
 *
 * The plans are of the repository's own queries, captured as it runs them. On a small table
 * either plan returns the same rows, so the plan is the behaviour: SQLite shows the index
 * and no sort; PostgreSQL is told to avoid sorts and sequential scans.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, type Kysely, type KyselyPlugin, sql } from 'kysely';
import { openDatabase, type StorageHandle } from '../../src/storage/open-database.js';
import { type DeclaredObjectFilter, listDeclaredObjects } from '../../src/storage/repositories/objects-repository.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { freshDatabaseUrl } from '../helpers/test-service.js';

const BUSY = '00000000-0000-4000-a000-000000000001';
const OTHER = '00000000-0000-4000-a000-000000000002';
const COUNT = 60;

/** Sale i: dated i days into 2024, every third of BUSY, one of them (i = 7) the only "рідкісний". */
function saleRow(i: number) {
  const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 19);
  const number = `РТ-${String(i).padStart(8, '0')}`;
  const counterparty = i % 3 === 0 ? BUSY : OTHER;
  const amount = ((i * 37) % 101) + 0.5;
  return {
    id: `sale-${String(i).padStart(3, '0')}`,
    kind: 'sale',
    source_id: 'default',
    identity: `uuid:${i}`,
    uuid: null,
    source_ref: number,
    version: 1,
    content_hash: 'h',
    current_event_id: `e${i}`,
    search_text: `${number} тов «ромашка»${i === 7 ? ' рідкісний' : ''}`.toLowerCase(),
    created_at: day,
    updated_at: day,
    number,
    date: day,
    counterparty_uuid: counterparty,
    counterparty_name: 'ТОВ «Ромашка»',
    amount: String(amount),
    amount_value: amount,
    posted: 1,
    deleted: 0,
    deletion_mark: 0,
    warnings: '[]',
    fields: '{}',
  };
}

const BASE: Omit<DeclaredObjectFilter, 'sort' | 'descending'> = { kind: 'sale', limit: 10 };

async function captured(storage: StorageHandle, filter: DeclaredObjectFilter, caps?: { scanRows: number; maxMatches: number }, windowSortRows?: number) {
  const ran: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      ran.push(storage.db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const rows = await listDeclaredObjects(storage.db.withPlugin(capture), storage.support, filter, caps, windowSortRows);
  return { rows, ran };
}

async function plan(db: Kysely<any>, dialect: string, query: CompiledQuery): Promise<string> {
  const explain = (prefix: string, on: Kysely<any>) => on.executeQuery(CompiledQuery.raw(`${prefix} ${query.sql}`, [...query.parameters]));
  if (dialect === 'sqlite') return ((await explain('explain query plan', db)).rows as { detail: string }[]).map((r) => r.detail).join('\n');
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    const rows = (await explain('explain', trx)).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

for (const dialect of selectedDialects()) {
  describe(`declared list: counterparty by amount, rare terms (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      cleanup = fresh.cleanup;
      storage = await openDatabase(fresh.url);
      await storage.db
        .insertInto('objects')
        .values(Array.from({ length: COUNT }, (_, i) => saleRow(i)))
        .execute();
      if (dialect === 'postgres') await sql`analyze objects`.execute(storage.db);
    });
    after(async () => {
      await storage?.close();
      await cleanup?.();
    });

    it("one counterparty's objects largest first: the rows, from an index in that order", async () => {
      const filter: DeclaredObjectFilter = { ...BASE, sort: 'amount', descending: true, counterparty: BUSY };
      const { rows, ran } = await captured(storage, filter);
      const expected = Array.from({ length: COUNT }, (_, i) => saleRow(i))
        .filter((r) => r.counterparty_uuid === BUSY)
        .sort((a, b) => b.amount_value - a.amount_value || (a.id < b.id ? 1 : -1))
        .slice(0, 10)
        .map((r) => r.id);
      assert.deepEqual(
        rows.map((r) => r.id),
        expected,
      );
      const keyed = ran.find((q) => / is not null/i.test(q.sql));
      assert.ok(keyed, ran.map((q) => q.sql).join('\n'));
      const text = await plan(storage.db, dialect, keyed);
      if (dialect === 'sqlite') {
        assert.doesNotMatch(text, /TEMP B-TREE/, text);
        assert.match(text, /USING INDEX objects_by_counterparty_amount/, text);
      } else {
        assert.doesNotMatch(text, /\bSort\b|Seq Scan/, text);
        assert.match(text, /Index Scan (Backward )?using objects_by_counterparty_amount/, text);
      }
    });

    it('a wide date window largest first walks the amount index, the window a filter; a narrow one is sorted', async () => {
      const byAmount = (from: number, to: number) =>
        Array.from({ length: COUNT }, (_, i) => saleRow(i))
          .filter((_, i) => i >= from && i <= to)
          .sort((a, b) => b.amount_value - a.amount_value || (a.id < b.id ? 1 : -1))
          .slice(0, 10)
          .map((r) => r.id);
      const day = (i: number) => saleRow(i).date.slice(0, 10);
      // 50 rows in the window, more than the 20 this call may sort.
      const wide = await captured(storage, { ...BASE, sort: 'amount', descending: true, from: day(5), to: day(54) }, undefined, 20);
      assert.deepEqual(
        wide.rows.map((r) => r.id),
        byAmount(5, 54),
      );
      const keyed = wide.ran.find((q) => / is not null/i.test(q.sql) && /order by/i.test(q.sql));
      assert.ok(keyed, wide.ran.map((q) => q.sql).join('\n'));
      const text = await plan(storage.db, dialect, keyed);
      if (dialect === 'sqlite') {
        assert.doesNotMatch(text, /TEMP B-TREE/, text);
        assert.match(text, /USING INDEX objects_by_amount/, text);
      }
      const narrow = await captured(storage, { ...BASE, sort: 'amount', descending: true, from: day(10), to: day(14) }, undefined, 20);
      assert.deepEqual(
        narrow.rows.map((r) => r.id),
        byAmount(10, 14),
      );
    });

    it('a term a few objects hold, past the walk: found through the trigram index', async () => {
      // A walk of 5 rows from the newest (i = 59 … 55) cannot hold i = 7: the trigram index must.
      const { rows, ran } = await captured(storage, { ...BASE, sort: 'date', descending: true, q: 'Рідкісний' }, { scanRows: 5, maxMatches: 100 });
      assert.deepEqual(
        rows.map((r) => r.id),
        ['sale-007'],
      );
      if (dialect === 'sqlite') {
        const trigram = ran.find((q) => /objects_fts/.test(q.sql));
        assert.ok(trigram, ran.map((q) => q.sql).join('\n'));
        assert.match(await plan(storage.db, dialect, trigram), /SCAN objects_fts VIRTUAL TABLE/);
      } else {
        // LIKE '%…%' uses pg_trgm's GIN index by itself where the table is big enough to want
        // it (a bitmap scan, which a 60-row table never gets): the index must be there.
        assert.ok(
          ran.some((q) => / like /i.test(q.sql)),
          ran.map((q) => q.sql).join('\n'),
        );
        const def = (
          await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema() and indexname = 'objects_search_trgm'`.execute(
            storage.db,
          )
        ).rows[0]?.def;
        assert.match(def ?? 'no objects_search_trgm', /USING gin \(search_text \S*gin_trgm_ops\)/);
      }
    });

    it('a common term fills its page from the walk, in the list order, and pages on by cursor', async () => {
      const first = await listDeclaredObjects(storage.db, storage.support, { ...BASE, sort: 'date', descending: true, q: 'ромашка' });
      assert.deepEqual(
        first.map((r) => r.id),
        Array.from({ length: 10 }, (_, k) => `sale-0${59 - k}`),
      );
      const last = first.at(-1)!;
      const next = await listDeclaredObjects(storage.db, storage.support, {
        ...BASE,
        sort: 'date',
        descending: true,
        q: 'ромашка',
        after: { key: last.date, id: last.id },
      });
      assert.equal(next[0]!.id, 'sale-049');
    });
  });
}
