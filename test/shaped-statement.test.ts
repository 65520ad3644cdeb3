import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { insertShaped } from '../src/storage/repositories/shaped-statement.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/**
 * The write path's statements compiled once per shape (src/storage/repositories/shaped-statement.ts):
 * a statement sent again from its kept text must store exactly what Kysely's own would —
 * each value in its column, whatever the order the rows name their columns in.
 */
for (const dialect of selectedDialects()) {
  describe(`statements compiled once per shape on ${dialect}`, { skip: await skipReason(dialect) }, () => {
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

    const cursors = () => storage.db.selectFrom('feed_cursors').select(['name', 'seq', 'updated_at']).orderBy('name').execute();
    const insert = (rows: { name: string; seq: number; updated_at: string }[]) =>
      insertShaped(storage.db, storage.support.name, 'test cursors', rows, () => storage.db.insertInto('feed_cursors').values(rows));

    it('puts every value of a kept statement in its column, rows named in any column order', async () => {
      await insert([{ name: 'a', seq: 1, updated_at: 't1' }]);
      // The same shape again: sent from the kept text, with these values.
      await insert([{ name: 'b', seq: 2, updated_at: 't2' }]);
      // The same columns named in another order: another text, values still in their columns.
      await insert([{ updated_at: 't3', seq: 3, name: 'c' } as { name: string; seq: number; updated_at: string }]);
      await insert([{ updated_at: 't4', seq: 4, name: 'd' } as { name: string; seq: number; updated_at: string }]);
      // Two rows: a shape of its own.
      await insert([
        { name: 'e', seq: 5, updated_at: 't5' },
        { name: 'f', seq: 6, updated_at: 't6' },
      ]);
      await insert([
        { name: 'g', seq: 7, updated_at: 't7' },
        { name: 'h', seq: 8, updated_at: 't8' },
      ]);
      assert.deepEqual(
        (await cursors()).map((r) => [r.name, Number(r.seq), r.updated_at]),
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name, i) => [name, i + 1, `t${i + 1}`]),
      );
    });
  });
}
