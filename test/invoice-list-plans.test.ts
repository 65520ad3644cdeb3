import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, type Kysely, type KyselyPlugin, sql } from 'kysely';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { type InvoiceFilter, listInvoices } from '../src/storage/repositories/invoices-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/**
 * The invoice lists without a kind filter (both kinds, live or deleted, newest or largest
 * first, a month) are index walks in their own order (migration 015): no sort of the table,
 * whose cost grows with it (19.5 s at a million invoices on SQLite before). A search's walk
 * of them reads its rows' search_text from the index alone.
 *
 * The queries explained are the repository's own, as it runs them (captured from listInvoices),
 * not SQL written here. The plan is the behaviour: on an empty table either plan returns the same rows. So on
 * SQLite no "TEMP B-TREE" (a sort) may appear; PostgreSQL is told to avoid sorts and
 * sequential scans (it prefers them on a tiny table), which it still uses when no index
 * serves the order.
 */

/** The lists as the API asks the repository for them (GET /api/v1/invoices without a kind, and one with). */
const LISTS: Record<string, Omit<InvoiceFilter, 'limit'>> = {
  'both kinds, newest first': { sort: 'date' },
  'both kinds, next page': { sort: 'date', after: { key: '2024-05-01T00:00:00', id: 'm' } },
  'both kinds, largest first': { sort: 'total' },
  'deleted, newest first': { sort: 'date', deleted: true },
  'a month of both kinds': { sort: 'date', from: '2024-03-01', to: '2024-03-31' },
  'incoming, largest first': { kind: 'incoming', sort: 'total' },
};

/**
 * The SQL the repository runs for `filter` (listInvoices, as compiled by Kysely), captured
 * on its way to the database: the rows with a key, the walk whose order an index must serve.
 */
async function listQuery(
  storage: StorageHandle,
  filter: Omit<InvoiceFilter, 'limit'>,
  which: (q: CompiledQuery) => boolean = (q) => / is not null/i.test(q.sql),
): Promise<CompiledQuery> {
  const ran: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      ran.push(storage.db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  await listInvoices(storage.db.withPlugin(capture), storage.support, { ...filter, limit: 50 });
  const wanted = ran.find(which);
  assert.ok(wanted, `the query sought, among:\n${ran.map((q) => q.sql).join('\n')}`);
  return wanted;
}

async function plan(db: Kysely<any>, dialect: string, query: CompiledQuery): Promise<string> {
  const explain = (prefix: string, on: Kysely<any>) => on.executeQuery(CompiledQuery.raw(`${prefix} ${query.sql}`, [...query.parameters]));
  if (dialect === 'sqlite') {
    const rows = (await explain('explain query plan', db)).rows as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const rows = (await explain('explain', trx)).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

for (const dialect of selectedDialects()) {
  describe(`invoice list plans on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      cleanup = fresh.cleanup;
      storage = await openDatabase(fresh.url);
    });
    after(async () => {
      await storage?.close();
      await cleanup?.();
    });

    for (const [name, filter] of Object.entries(LISTS)) {
      it(`${name}: an index walk in the list's order, no sort`, async () => {
        const query = await listQuery(storage, filter);
        assert.match(query.sql, /order by .*desc/i, query.sql);
        const text = await plan(storage.db, dialect, query);
        if (dialect === 'sqlite') {
          assert.doesNotMatch(text, /TEMP B-TREE/, text);
          assert.match(text, /USING (COVERING )?INDEX invoices_/, text);
        } else {
          assert.doesNotMatch(text, /\bSort\b|Seq Scan/, text);
          assert.match(text, /Index (Only )?Scan (Backward )?using invoices_/, text);
        }
      });
    }

    it('a search asks a trigram index, wherever the database keeps pg_trgm', {
      skip: dialect === 'sqlite' && 'FTS5 trigram tables since migration 005',
    }, async () => {
      // pg_trgm is one per database: another schema of it (a test's, an "extensions" schema)
      // may hold it, and migration 005's unqualified operator class then made no index.
      const rows = (
        await sql<{
          name: string;
          def: string;
        }>`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and indexname like '%search_trgm'`.execute(storage.db)
      ).rows;
      // The declared kinds' store (migration 017) has its own.
      assert.deepEqual(rows.map((r) => r.name).sort(), ['clients_search_trgm', 'invoices_search_trgm', 'objects_search_trgm']);
      for (const r of rows) assert.match(r.def, /USING gin \(search_text \S*gin_trgm_ops\)/);
    });

    it('a search walk of both kinds tests search_text from the index alone', async () => {
      // A search's walk (capped-search.ts): the ids of matching rows in the list's order, each
      // row's search_text tested as the index yields it; the rows are read once, at the end.
      const query = await listQuery(storage, { sort: 'date', q: 'тов' }, (q) => /search_text/.test(q.sql) && /order by/i.test(q.sql));
      const text = await plan(storage.db, dialect, query);
      if (dialect === 'sqlite') assert.match(text, /USING COVERING INDEX invoices_all_by_date/, text);
      else assert.match(text, /Index Only Scan Backward using invoices_all_by_date/, text);
    });
  });
}
