import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { asSourceId } from '../src/domain/branded-ids.js';
import { clientBody, type InvoiceSpec, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../src/emulator/payload-builder.js';
import { presentChanges } from '../src/feed/present-changes.js';
import { DecodeCache } from '../src/ingest/decode-cache.js';
import { InProcessWriter } from '../src/ingest/in-process-writer.js';
import type { EndpointName } from '../src/ingest/webhook-endpoints.js';
import type { ApplyJob } from '../src/ingest/write-jobs.js';
import { backfillChanges } from '../src/storage/migrations/010-changes-feed.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { appendChanges, type NewChange, readChanges, readFeedHead } from '../src/storage/repositories/changes-repository.js';
import { insertSource } from '../src/storage/repositories/sources-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * The changes feed's storage: applied changes (and only those) get a row in the same
 * transaction, numbered in commit order; a follower pages through them with the cursor;
 * each entry presents its object at that version.
 */

const SOURCE = asSourceId('main');
const decoder = new DecodeCache();

function job(endpoint: EndpointName, body: Buffer, webhookId: string | null = null): ApplyJob {
  const { change, bodyHash } = decoder.decode(endpoint, body);
  return {
    type: 'apply',
    journal: {
      id: uuidv7(),
      received_at: new Date().toISOString(),
      source_id: SOURCE,
      endpoint,
      webhook_id: webhookId,
      headers: '{}',
      body,
      body_size: body.length,
      remote_addr: null,
      replay_of: null,
    },
    sourceId: SOURCE,
    webhookId,
    change,
    bodyHash,
  };
}

const positions = makePositions(2, 3);
const receipt = (overrides: Partial<InvoiceSpec> = {}): InvoiceSpec => ({
  number: 'ПТ-000001',
  date: '2024-03-04T09:15:00',
  counterparty: 'ТОВ «Ромашка»',
  edrpou: '32855961',
  total: totalOf(positions),
  positions,
  ...overrides,
});
const incoming = (spec: InvoiceSpec) => writeOneCJson(incomingInvoiceBody(spec, 'v2'), { bom: true });

for (const dialect of selectedDialects()) {
  describe(`changes feed storage on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    let writer: InProcessWriter;

    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      cleanup = fresh.cleanup;
      storage = await openDatabase(fresh.url);
      await insertSource(storage.db, { id: SOURCE, name: 'Основна база', now: new Date().toISOString() });
      writer = new InProcessWriter(storage.db, storage.support, { maxBatchSize: 64, maxConcurrentBatches: 1 });
    });
    after(async () => {
      await writer?.close();
      await storage?.close();
      await cleanup?.();
    });

    it('records created, updated and deleted changes in order, and nothing for unchanged, stale or duplicate', async () => {
      const uuid = 'a1b2c3d4-0000-4000-8000-000000000001';
      const first = job('invoices', incoming(receipt({ uuid, eventNumber: '10', comment: 'перша' })), 'w-1');
      const results = [];
      // One by one: separate transactions, each its own commit.
      results.push(await writer.apply(first));
      results.push(await writer.apply(job('invoices', incoming(receipt({ uuid, eventNumber: '10', comment: 'перша' })), 'w-1'))); // duplicate
      results.push(await writer.apply(job('invoices', incoming(receipt({ uuid, eventNumber: '11', comment: 'друга' })))));
      results.push(await writer.apply(job('invoices', incoming(receipt({ uuid, eventNumber: '11', comment: 'друга' }))))); // unchanged
      results.push(await writer.apply(job('invoices', incoming(receipt({ uuid, eventNumber: '9', comment: 'стара' }))))); // stale
      // One batch: a client, an outgoing invoice, and the receipt's deletion.
      results.push(
        ...(await Promise.all([
          writer.apply(job('clients', writeOneCJson(clientBody({ code: '000000042', name: 'ТОВ «Сонях»', edrpou: '14360570' }), { bom: true }))),
          writer.apply(
            job('outgoing-invoices', writeOneCJson(outgoingInvoiceBody({ ...receipt({ number: 'СФ-7' }), clientCode: '000000042' }), { bom: true })),
          ),
          writer.apply(job('invoices', incoming(receipt({ uuid, eventNumber: '12', action: 'delete' })))),
        ])),
      );
      assert.deepEqual(
        results.map((r) => r?.result),
        ['created', 'duplicate', 'updated', 'unchanged', 'stale', 'created', 'created', 'deleted'],
      );

      const page = await readChanges(storage.db, { after: 0, limit: 100 });
      assert.deepEqual(
        page.changes.map((c) => c.seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal(page.nextCursor, 5);
      assert.equal(await readFeedHead(storage.db), 5);
      const receiptId = results[0]!.objectId!;
      assert.deepEqual(
        page.changes.filter((c) => c.object_id === receiptId).map((c) => [c.action, c.version, c.kind]),
        [
          ['created', 1, 'incoming'],
          ['updated', 2, 'incoming'],
          ['deleted', 3, 'incoming'],
        ],
      );
      assert.equal(page.changes[0]!.id, first.type === 'apply' ? first.journal.id : '', 'the change id is its journal event id');
      assert.deepEqual(new Set(page.changes.slice(2).map((c) => c.kind)), new Set(['client', 'outgoing', 'incoming']));

      // Paging: the cursor continues exactly past what was returned.
      const firstTwo = await readChanges(storage.db, { after: 0, limit: 2 });
      assert.deepEqual(
        firstTwo.changes.map((c) => c.seq),
        [1, 2],
      );
      assert.equal(firstTwo.nextCursor, 2);
      const rest = await readChanges(storage.db, { after: firstTwo.nextCursor, limit: 2 });
      assert.deepEqual(
        rest.changes.map((c) => c.seq),
        [3, 4],
      );
      const last = await readChanges(storage.db, { after: rest.nextCursor, limit: 2 });
      assert.deepEqual(
        last.changes.map((c) => c.seq),
        [5],
      );
      const caughtUp = await readChanges(storage.db, { after: last.nextCursor, limit: 2 });
      assert.deepEqual(caughtUp, { changes: [], nextCursor: 5, head: 5 });

      // Filters: only clients; the cursor moves to the head past the filtered-out ones.
      const clients = await readChanges(storage.db, { after: 0, kinds: ['client'], limit: 10 });
      assert.deepEqual(
        clients.changes.map((c) => c.kind),
        ['client'],
      );
      assert.equal(clients.nextCursor, 5);
      const otherSource = await readChanges(storage.db, { after: 0, sourceId: 'elsewhere', limit: 10 });
      assert.deepEqual(otherSource, { changes: [], nextCursor: 5, head: 5 });
    });

    it('presents each object as it was at that version; a delete carries the last state', async () => {
      const { changes } = await readChanges(storage.db, { after: 0, kinds: ['incoming'], limit: 10 });
      const presented = await presentChanges(storage.db, changes, 'Europe/Kyiv');
      assert.deepEqual(
        presented.map((p) => [p.action, p.version, (p.object as { comment: string | null }).comment, p.object.deleted]),
        [
          ['created', 1, 'перша', false],
          ['updated', 2, 'друга', false],
          ['deleted', 3, 'друга', true],
        ],
      );
      const created = presented[0]!;
      assert.equal(created.cursor, '1');
      assert.equal(created.object.id, created.objectId);
      assert.equal((created.object as { number: string }).number, 'ПТ-000001');
      assert.equal((created.object as { positions: unknown[] }).positions.length, 2);
      assert.equal(presented[2]!.object.createdAt, created.object.createdAt, 'createdAt is the first version’s');
      const [client] = await presentChanges(storage.db, (await readChanges(storage.db, { after: 0, kinds: ['client'], limit: 1 })).changes, 'Europe/Kyiv');
      assert.equal((client!.object as { name: string }).name, 'ТОВ «Сонях»');
    });

    it('numbers a change only when its transaction commits: a rolled-back batch leaves no number behind', async () => {
      const head = await readFeedHead(storage.db);
      await assert.rejects(
        storage.db.transaction().execute(async (trx) => {
          await appendChanges(trx, storage.support, [change('rolled-back')]);
          throw new Error('abort');
        }),
        /abort/,
      );
      await storage.db.transaction().execute((trx) => appendChanges(trx, storage.support, [change('kept')]));
      const { changes } = await readChanges(storage.db, { after: head, limit: 10 });
      assert.deepEqual(
        changes.map((c) => [c.seq, c.id]),
        [[head + 1, 'kept']],
      );
    });

    it('an upgraded database gets its stored history as the first entries (migration 010 backfill)', async () => {
      const before = (await readChanges(storage.db, { after: 0, limit: 100 })).changes.filter((c) => !c.object_id.startsWith('o-'));
      assert.equal(before.length, 5);
      // As a database from before the feed: versions, no changes.
      await storage.db.deleteFrom('changes').execute();
      await storage.db.updateTable('feed_counter').set({ last: 0 }).execute();
      await backfillChanges(storage.db);
      const after = (await readChanges(storage.db, { after: 0, limit: 100 })).changes;
      assert.deepEqual(
        after.map((c) => c.seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal(await readFeedHead(storage.db), 5);
      const shape = (c: (typeof after)[number]) => [c.id, c.object_type, c.kind, c.action, c.object_id, c.version, c.source_id].join(' ');
      assert.deepEqual(new Set(after.map(shape)), new Set(before.map(shape)));
      const receipt = after.filter((c) => c.object_id === before[0]!.object_id);
      assert.deepEqual(
        receipt.map((c) => [c.version, c.action]),
        [
          [1, 'created'],
          [2, 'updated'],
          [3, 'deleted'],
        ],
        'an object’s versions keep their order',
      );
    });

    if (dialect === 'postgres') {
      it('interleaved transactions: the second cannot take a number until the first commits, and a reader never sees past a gap', async () => {
        const head = await readFeedHead(storage.db);
        let releaseFirst!: () => void;
        const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
        let firstAppended!: () => void;
        const appended = new Promise<void>((resolve) => (firstAppended = resolve));
        // T1 takes its number, then waits (uncommitted) until we let it go.
        let t1Pid = 0;
        const t1 = storage.db.transaction().execute(async (trx) => {
          t1Pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
          await appendChanges(trx, storage.support, [change('t1')]);
          firstAppended();
          await firstHolds;
        });
        await appended;
        // T2 starts while T1 is open: its append must wait on T1's counter lock.
        let t2Done = false;
        const t2 = storage.db
          .transaction()
          .execute((trx) => appendChanges(trx, storage.support, [change('t2')]))
          .then(() => {
            t2Done = true;
          });
        await waitUntilBlockedBy(storage, t1Pid);
        assert.equal(t2Done, false, 'T2 waits for T1');
        // Meanwhile a reader sees neither: T1's number is not committed.
        assert.deepEqual((await readChanges(storage.db, { after: head, limit: 10 })).changes, []);
        releaseFirst();
        await t1;
        await t2;
        const { changes } = await readChanges(storage.db, { after: head, limit: 10 });
        assert.deepEqual(
          changes.map((c) => [c.seq, c.id]),
          [
            [head + 1, 't1'],
            [head + 2, 't2'],
          ],
        );
      });
    }
  });
}

function change(id: string): NewChange {
  return {
    id,
    object_type: 'client',
    kind: 'client',
    action: 'created',
    object_id: `o-${id}`,
    version: 1,
    source_id: SOURCE,
    committed_at: new Date().toISOString(),
  };
}

/** Until some session waits on a lock held by session `pid` (T2 on T1's counter row). */
async function waitUntilBlockedBy(storage: StorageHandle, pid: number): Promise<void> {
  await until(`a session waits on a lock held by backend ${pid}`, async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`.execute(storage.db);
    return rows[0]!.n > 0;
  });
}
