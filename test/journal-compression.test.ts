import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { type InvoiceSpec, incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { convertOldBodies } from '../src/ingest/journal-maintenance-scheduler.js';
import { runMaintenance } from '../src/ingest/maintenance-jobs.js';
import { BODY_DEFLATE_LEVEL, compressBody, storedBody } from '../src/storage/body-codec.js';
import { openDatabase } from '../src/storage/open-database.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl, startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * Raw bodies compressed at rest (SQLite; PostgreSQL keeps them as they are and lets TOAST
 * compress): every reader — the body download, the event API, the version history, the
 * invoice's current content, the changes feed, replay — gives back the exact bytes; bodies
 * stored before compression are converted in the background, resumably.
 */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const spec = (number: string, comment = 'Прихід від "Ромашки"'): InvoiceSpec => {
  const positions = makePositions(20, number.length);
  return { number, date: '2024-05-02T09:15:00', counterparty: 'ТОВ «Стиснення»', edrpou: '32855961', total: totalOf(positions), comment, positions };
};
const bytesOf = (s: InvoiceSpec) => writeOneCJson(incomingInvoiceBody(s), { bom: true });
const silent = { info() {}, warn() {} };

describe('the body codec', () => {
  it("writes the very stream its level writes with zlib's default window, in a window sized to the body", () => {
    // 1C's bodies of every size the window steps through: 1, 5, 20, 60 and 200 positions.
    for (const count of [1, 5, 20, 60, 200]) {
      const positions = makePositions(count, 7);
      const body = bytesOf({ ...spec(`СТ-${count}`), positions, total: totalOf(positions) });
      const packed = compressBody(body)!;
      assert.ok(packed.body.equals(deflateRawSync(body, { level: BODY_DEFLATE_LEVEL })), `${count} positions (${body.length} bytes): another stream`);
      assert.ok(storedBody(packed.body, packed.encoding)!.equals(body));
      // Rows written at level 6, before the level changed, read the same.
      assert.ok(storedBody(deflateRawSync(body, { level: 6 }), packed.encoding)!.equals(body));
    }
  });

  it('gives back any bytes, those it cannot shrink as they came', () => {
    const random = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + ((i * i) % 251)) & 0xff));
    const packed = compressBody(random);
    assert.ok(packed === null || storedBody(packed.body, packed.encoding)!.equals(random));
    for (const size of [256, 300, 700, 1800, 4000, 9000, 40_000]) {
      const text = Buffer.from('Накладна №1; '.repeat(size).slice(0, size));
      const again = compressBody(text)!;
      assert.ok(storedBody(again.body, again.encoding)!.equals(text), `${size} bytes`);
    }
  });
});

for (const dialect of selectedDialects()) {
  describe(`journal bodies at rest on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    const stored = (id: string) =>
      t.service.storage.db.selectFrom('events').select(['body', 'body_encoding', 'body_size']).where('id', '=', id).executeTakeFirstOrThrow();
    const download = async (id: string) => Buffer.from(await (await fetch(`${t.baseUrl}/api/v1/events/${id}/body`, { headers: ADMIN })).arrayBuffer());

    before(async () => {
      t = await startTestService(dialect);
    });
    after(() => t?.close());

    it('gives back a compressed body byte for byte (BOM and CR LF included) through the API', async () => {
      const body = bytesOf(spec('СТ-0001'));
      assert.ok(body.subarray(0, 3).equals(BOM) && body.includes('\r\n'), 'the 1C bytes start with a BOM and break lines with CR LF');
      const res = await t.post(INVOICES, body);
      assert.equal(res.json.result, 'created');
      const row = await stored(res.json.eventId);
      if (dialect === 'sqlite') {
        assert.equal(row.body_encoding, 'deflate-raw');
        assert.ok(row.body!.byteLength * 3 < body.length, `${row.body!.byteLength} bytes stored for ${body.length}`);
      } else {
        assert.equal(row.body_encoding, null);
        assert.ok(Buffer.from(row.body!).equals(body));
      }
      assert.equal(row.body_size, body.length);
      assert.ok((await download(res.json.eventId)).equals(body));
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`, ADMIN)).json;
      assert.ok(Buffer.from(event.bodyBase64, 'base64').equals(body));
      assert.deepEqual([event.bodyHasBom, event.bodyStored, event.bodyTruncated], [true, 'full', false]);
      // The invoice's positions are decoded again from the current event's body.
      const invoice = (await t.get(`/api/v1/invoices/${res.json.id}`, ADMIN)).json;
      assert.equal(invoice.positions.length, 20);
    });

    it('keeps a body too small to gain from compression as it came', async () => {
      const tiny = Buffer.from('{"a":1}');
      const res = await t.post(INVOICES, tiny);
      assert.equal(res.status, 400);
      const row = await stored(res.json.eventId);
      assert.deepEqual([row.body_encoding, Buffer.from(row.body!).equals(tiny)], [null, true]);
    });

    it('reads compressed bodies in the version history, for a shared re-post, and in the changes feed', async () => {
      const first = await t.post(INVOICES, bytesOf(spec('СТ-0002')));
      const second = await t.post(INVOICES, bytesOf(spec('СТ-0002', 'змінено')));
      assert.deepEqual([first.json.result, second.json.result], ['created', 'updated']);
      const versions = (await t.get(`/api/v1/invoices/${first.json.id}/versions`, ADMIN)).json.items;
      assert.deepEqual(
        versions.map((v: any) => [v.version, v.content.comment]),
        [
          [1, 'Прихід від "Ромашки"'],
          [2, 'змінено'],
        ],
      );
      assert.equal(versions[0].content.positions.length, 20);
      // The same bytes again: journaled as a pointer to the compressed body, shown whole.
      const repost = await t.post(INVOICES, bytesOf(spec('СТ-0002', 'змінено')));
      assert.equal(repost.json.result, 'unchanged');
      assert.equal((await stored(repost.json.eventId)).body, null);
      assert.ok((await download(repost.json.eventId)).equals(bytesOf(spec('СТ-0002', 'змінено'))));
      const feed = (await t.get('/api/v1/changes?after=0&limit=100', ADMIN)).json;
      const change = feed.items.find((c: any) => c.id === second.json.eventId);
      assert.equal(change.object.comment, 'змінено');
      assert.equal(change.object.positions.length, 20);
    });

    it('replays a compressed rejected request', async () => {
      const source = (await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Стиснення' }), ADMIN)).json;
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/disable`, '{}', ADMIN)).status, 200);
      const body = bytesOf(spec('СТ-0003'));
      const refused = await t.post(INVOICES, body, { 'content-type': 'application/json', authorization: `Bearer ${source.token}` });
      assert.equal(refused.json.error.code, 'SOURCE_DISABLED');
      if (dialect === 'sqlite') assert.equal((await stored(refused.json.eventId)).body_encoding, 'deflate-raw');
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/enable`, '{}', ADMIN)).status, 200);
      const replayed = await t.post(`/api/v1/events/${refused.json.eventId}/replay`, '{}', ADMIN);
      assert.equal(replayed.status, 200, JSON.stringify(replayed.json));
      assert.equal(replayed.json.body.result, 'created');
      assert.ok((await download(replayed.json.eventId)).equals(body));
      assert.equal((await t.get(`/api/v1/invoices/${replayed.json.body.id}`, ADMIN)).json.number, 'СТ-0003');
    });

    it('converts bodies stored before compression in the background, resuming after a restart', async () => {
      const db = t.service.storage.db;
      const posted: { eventId: string; body: Buffer }[] = [];
      for (let i = 0; i < 7; i++) {
        const body = bytesOf(spec(`СТ-01${i}`));
        posted.push({ eventId: (await t.post(INVOICES, body)).json.eventId, body });
      }
      // As a journal written before compression holds them: the bytes as received, no encoding.
      for (const { eventId, body } of posted) await db.updateTable('events').set({ body, body_encoding: null }).where('id', '=', eventId).execute();
      const until = (await sql<{ id: string }>`select max(id) as id from events`.execute(db)).rows[0]!.id;
      await db.deleteFrom('maintenance_tasks').where('name', '=', 'compress-bodies').execute();
      await db
        .insertInto('maintenance_tasks')
        .values({ name: 'compress-bodies', cursor: '', until_id: until, updated_at: new Date().toISOString(), done_at: null })
        .execute();
      const later = await t.post(INVOICES, bytesOf(spec('СТ-0200')));

      // Two small steps, then a "restart": a new connection goes on from the saved cursor.
      const first = await runMaintenance(db, { type: 'convert-bodies', limit: 2 });
      assert.equal(first.done, false);
      const reopened = await openDatabase(t.databaseUrl);
      try {
        const total = await convertOldBodies({ maintain: (job) => runMaintenance(reopened.db, job) }, silent, { limit: 2, pauseMs: 0 });
        assert.equal(total.done, true);
        assert.ok(total.converted >= 5, `${total.converted} converted after the restart`);
        assert.ok(total.bytesAfter * 3 < total.bytesBefore);
      } finally {
        await reopened.close();
      }
      const task = await db.selectFrom('maintenance_tasks').selectAll().where('name', '=', 'compress-bodies').executeTakeFirstOrThrow();
      assert.ok(task.done_at);
      for (const { eventId, body } of posted) {
        assert.equal((await stored(eventId)).body_encoding, 'deflate-raw');
        assert.ok((await download(eventId)).equals(body));
      }
      // Past until_id the walk stops: the later event is whatever the writer made it.
      assert.equal((await stored(later.json.eventId)).body_encoding, dialect === 'sqlite' ? 'deflate-raw' : null);
      // Done is done: another run walks nothing.
      assert.equal((await runMaintenance(db, { type: 'convert-bodies', limit: 2 })).done, true);
    });

    it('migration 013 marks the journal already stored as the range to convert; the service converts it on start', async () => {
      const fresh = await freshDatabaseUrl(dialect);
      try {
        const first = await startTestService(dialect, {}, { databaseUrl: fresh.url });
        const posted: { eventId: string; body: Buffer }[] = [];
        for (let i = 0; i < 3; i++) {
          const body = bytesOf(spec(`СТ-03${i}`));
          posted.push({ eventId: (await first.post(INVOICES, body)).json.eventId, body });
        }
        await first.close();
        // Back to the schema before migration 013 (and the later ones), with the bodies as it stored them.
        const old = await openDatabase(fresh.url, { migrate: false });
        try {
          for (const { eventId, body } of posted) await old.db.updateTable('events').set({ body }).where('id', '=', eventId).execute();
          await old.db.schema.dropTable('maintenance_tasks').execute();
          await old.db.schema.alterTable('events').dropColumn('body_encoding').execute();
          await old.db.schema.alterTable('events').dropColumn('body_pruned_at').execute();
          // Every later migration goes too: migrations run in order, so 013 is re-run only as the last applied.
          await old.db.schema.alterTable('events').dropColumn('request_id').execute();
          await old.db.schema.dropIndex('invoices_all_by_date').execute();
          await old.db.schema.dropIndex('invoices_all_by_total').execute();
          await old.db.schema.dropIndex('invoices_edrpou_by_total').execute();
          await old.db.schema.dropIndex('invoices_counterparty_code_by_total').execute();
          await old.db.schema.dropTable('objects').execute();
          await old.db.schema.dropTable('objects_fts').ifExists().execute();
          await old.db.schema.dropTable('reconciliations').execute();
          await old.db.schema.dropTable('source_odata').execute();
          await old.db
            .deleteFrom('kysely_migration' as any)
            .where('name' as any, '>=', '013-body-encoding')
            .execute();
        } finally {
          await old.close();
        }
        const upgraded = await startTestService(dialect, {}, { databaseUrl: fresh.url });
        try {
          const tasks = () => upgraded.service.storage.db.selectFrom('maintenance_tasks').selectAll().execute();
          if (dialect === 'postgres') {
            // PostgreSQL compresses by itself: nothing to convert, nothing recorded.
            assert.deepEqual(await tasks(), []);
          } else {
            const last = posted.at(-1)!.eventId;
            await until('the body conversion is recorded done', async () => Boolean((await tasks())[0]?.done_at));
            const [task] = await tasks();
            assert.deepEqual([task?.name, task?.until_id, task?.cursor, Boolean(task?.done_at)], ['compress-bodies', last, last, true]);
          }
          for (const { eventId, body } of posted) {
            const row = await upgraded.service.storage.db.selectFrom('events').select(['body_encoding']).where('id', '=', eventId).executeTakeFirstOrThrow();
            assert.equal(row.body_encoding, dialect === 'sqlite' ? 'deflate-raw' : null);
            const download = Buffer.from(await (await fetch(`${upgraded.baseUrl}/api/v1/events/${eventId}/body`, { headers: ADMIN })).arrayBuffer());
            assert.ok(download.equals(body));
          }
        } finally {
          await upgraded.close();
        }
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
