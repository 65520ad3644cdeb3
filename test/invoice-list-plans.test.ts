import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/**
 * The invoice lists without a kind filter (both kinds, live or deleted, newest or largest
 * first, a month) are index walks in their own order (migration 015): no sort of the table,
 * whose cost grows with it (19.5 s at a million invoices on SQLite before). A search's walk
 * of them reads its rows' search_text from the index alone.
 *
 * The plan is the behaviour here: on an empty table either plan returns the same rows. So on
 * SQLite no "TEMP B-TREE" (a sort) may appear; PostgreSQL is told to avoid sorts and
 * sequential scans (it prefers them on a tiny table), which it still uses when no index
 * serves the order.
 */

const LISTS: Record<string, string> = {
  'both kinds, newest first': `select id from invoices where deleted = 0 and date is not null order by date desc, id desc limit 50`,
  'both kinds, next page': `select id from invoices where deleted = 0 and date is not null and (date, id) < ('2024-05-01T00:00:00', 'm') order by date desc, id desc limit 50`,
  'both kinds, largest first': `select id from invoices where deleted = 0 and total_value is not null order by total_value desc, id desc limit 50`,
  'deleted, newest first': `select id from invoices where deleted = 1 and date is not null order by date desc, id desc limit 50`,
  'a month of both kinds': `select id from invoices where deleted = 0 and date >= '2024-03-01T00:00:00' and date <= '2024-03-31T23:59:59' and date is not null order by date desc, id desc limit 50`,
  'incoming, largest first': `select id from invoices where kind = 'incoming' and deleted = 0 and total_value is not null order by total_value desc, id desc limit 50`,
};

async function plan(db: Kysely<any>, dialect: string, query: string): Promise<string> {
  if (dialect === 'sqlite') {
    const rows = (await sql.raw(`explain query plan ${query}`).execute(db)).rows as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const rows = (await sql.raw(`explain ${query}`).execute(trx)).rows as { 'QUERY PLAN': string }[];
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

    for (const [name, query] of Object.entries(LISTS)) {
      it(`${name}: an index walk in the list's order, no sort`, async () => {
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
      assert.deepEqual(rows.map((r) => r.name).sort(), ['clients_search_trgm', 'invoices_search_trgm']);
      for (const r of rows) assert.match(r.def, /USING gin \(search_text \S*gin_trgm_ops\)/);
    });

    it('a search walk of both kinds tests search_text from the index alone', async () => {
      const text = await plan(
        storage.db,
        dialect,
        `select id from invoices where deleted = 0 and date is not null and instr(search_text, 'тов') > 0 order by date desc, id desc limit 50`.replace(
          "instr(search_text, 'тов') > 0",
          dialect === 'sqlite' ? "instr(search_text, 'тов') > 0" : "strpos(search_text, 'тов') > 0",
        ),
      );
      if (dialect === 'sqlite') assert.match(text, /USING COVERING INDEX invoices_all_by_date/, text);
      else assert.match(text, /Index Only Scan Backward using invoices_all_by_date/, text);
    });
  });
}
