import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { ConfigError, loadConfig, parseDuration } from '../src/config/load-config.js';
import { webhookPath } from '../src/domain/kinds.js';
import { type InvoiceSpec, incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { JournalMaintenance, pruneJournal } from '../src/ingest/journal-maintenance-scheduler.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * Prune (docs/operations.md, "Bounded growth"): the bodies of journal entries that changed
 * nothing — unchanged, duplicate, stale, rejected and replayed — older than the age go;
 * nothing a version, an object, the changes feed or a waiting rejected request reads does.
 */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const JSON_HEADERS = { 'content-type': 'application/json' };
const tick = () => new Promise((r) => setTimeout(r, 15));

function onecSync(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI_FROM_SOURCES, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('retention ages', () => {
  it('reads 30m, 12h, 90d, 2w and refuses anything else', () => {
    assert.deepEqual(
      ['30m', '12h', '90d', '2w'].map((d) => parseDuration(d)),
      [1_800_000, 43_200_000, 7_776_000_000, 1_209_600_000],
    );
    for (const bad of ['90', '0d', '-1d', '1.5d', '1y', 'd', '']) assert.throws(() => parseDuration(bad), ConfigError, bad);
    assert.equal(loadConfig({ ONEC_SYNC_JOURNAL_RETENTION: '90d' }).journalRetentionMs, 7_776_000_000);
    assert.equal(loadConfig({}).journalRetentionMs, null);
    assert.throws(() => loadConfig({ ONEC_SYNC_JOURNAL_RETENTION: 'forever' }), /ONEC_SYNC_JOURNAL_RETENTION/);
  });
});

const spec = (number: string, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec => {
  const positions = makePositions(5, number.length);
  return {
    number,
    date: '2024-06-03T11:00:00',
    counterparty: 'ТОВ «Обрізка»',
    edrpou: '32855961',
    total: totalOf(positions),
    comment: 'перша',
    positions,
    ...overrides,
  };
};
const v2 = (s: InvoiceSpec, bom = true) => writeOneCJson(incomingInvoiceBody(s, 'v2'), { bom });
const seed = (s: InvoiceSpec, bom = true) => writeOneCJson(incomingInvoiceBody(s), { bom });

for (const dialect of selectedDialects()) {
  describe(`journal prune on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    const event = async (id: string) => (await t.get(`/api/v1/events/${id}`, ADMIN)).json;
    const post = async (body: Buffer, headers: Record<string, string> = JSON_HEADERS) => (await t.post(INVOICES, body, headers)).json;

    before(async () => {
      t = await startTestService(dialect);
    });
    after(() => t?.close());

    it('removes exactly the bodies of entries that changed nothing, older than the age; replay, history and the feed still work', async () => {
      const uuid = '22222222-3333-4444-5555-666666666666';
      const a = spec('ОБ-0001', { uuid, eventNumber: '10' });
      const created = await post(v2(a));
      const sameBytes = await post(v2(a));
      const otherBytes = await post(v2(a, false)); // the same content without the BOM: its own body
      const updated = await post(v2({ ...a, comment: 'друга', eventNumber: '12' }));
      const stale = await post(v2({ ...a, comment: 'стара', eventNumber: '11' }));
      assert.deepEqual(
        [created, sameBytes, otherBytes, updated, stale].map((r) => r.result),
        ['created', 'unchanged', 'unchanged', 'updated', 'stale'],
      );

      const first = await post(seed(spec('ОБ-0002')), { ...JSON_HEADERS, 'webhook-id': 'msg_prune_1' });
      const duplicate = await post(seed(spec('ОБ-0002', { comment: 'інша' })), { ...JSON_HEADERS, 'webhook-id': 'msg_prune_1' });
      assert.deepEqual([first.result, duplicate.result], ['created', 'duplicate']);

      // A body another entry's current content is read from is never pruned, whatever its status.
      const guarded = await post(seed(spec('ОБ-0003')));
      const guardedRepost = await post(seed(spec('ОБ-0003'), false));
      assert.equal(guardedRepost.result, 'unchanged');
      await t.service.storage.db.updateTable('invoices').set({ current_event_id: guardedRepost.eventId }).where('id', '=', guarded.id).execute();

      const source = (await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Обрізка' }), ADMIN)).json;
      const asSource = { ...JSON_HEADERS, authorization: `Bearer ${source.token}` };
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/disable`, '{}', ADMIN)).status, 200);
      const waiting = await post(seed(spec('ОБ-0004')), asSource);
      const replayedLater = await post(seed(spec('ОБ-0005')), asSource);
      assert.deepEqual([waiting.error.code, replayedLater.error.code], ['SOURCE_DISABLED', 'SOURCE_DISABLED']);
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/enable`, '{}', ADMIN)).status, 200);
      const replay = (await t.post(`/api/v1/events/${replayedLater.eventId}/replay`, '{}', ADMIN)).json;
      assert.equal(replay.body.result, 'created');

      await tick();
      const boundary = new Date();
      await tick();
      const tooRecent = await post(v2({ ...a, comment: 'друга', eventNumber: '12' }, false));
      assert.equal(tooRecent.result, 'unchanged');

      const sizes = new Map<string, number>();
      for (const id of [otherBytes.eventId, stale.eventId, duplicate.eventId, replayedLater.eventId]) {
        const row = await t.service.storage.db.selectFrom('events').select('body').where('id', '=', id).executeTakeFirstOrThrow();
        sizes.set(id, row.body!.byteLength);
      }
      const report = await pruneJournal(t.service.writer, boundary, { limit: 2 });
      assert.deepEqual(Object.fromEntries(Object.entries(report.byStatus).map(([status, r]) => [status, r.rows])), {
        unchanged: 1,
        duplicate: 1,
        stale: 1,
        rejected: 1,
      });
      assert.equal(report.rows, 4);
      assert.equal(
        report.bytes,
        [...sizes.values()].reduce((s, n) => s + n, 0),
      );

      for (const id of sizes.keys()) {
        const e = await event(id);
        assert.deepEqual([e.bodyStored, e.body, e.bodyUrl], ['pruned', null, null], id);
        assert.ok(e.bodyPrunedAt);
        const download = await t.get(`/api/v1/events/${id}/body`, ADMIN);
        assert.equal(download.status, 404);
        assert.match(download.json.error.message, /pruned/);
      }
      const kept = [created, sameBytes, updated, first, guardedRepost, waiting, replay, tooRecent];
      for (const { eventId } of kept) assert.equal((await event(eventId)).bodyStored, 'full', eventId);

      // The waiting rejected request is replayed after the prune, from its kept bytes.
      const late = await t.post(`/api/v1/events/${waiting.eventId}/replay`, '{}', ADMIN);
      assert.equal(late.status, 200, JSON.stringify(late.json));
      assert.equal(late.json.body.result, 'created');
      // History and current content are read from applied entries' bodies, all kept.
      const versions = (await t.get(`/api/v1/invoices/${created.id}/versions`, ADMIN)).json.items;
      assert.deepEqual(
        versions.map((v: any) => v.content.comment),
        ['перша', 'друга'],
      );
      assert.equal((await t.get(`/api/v1/invoices/${created.id}`, ADMIN)).json.positions.length, 5);
      const feed = (await t.get('/api/v1/changes?after=0&limit=100', ADMIN)).json.items;
      assert.ok(feed.length >= 5 && feed.every((c: any) => c.object?.number), 'every change still presents its object');

      // The request replayed since is prunable now (the rejected are walked whole every time);
      // the rest is done: a third prune finds nothing.
      const again = await pruneJournal(t.service.writer, boundary);
      assert.deepEqual([again.rows, again.byStatus.rejected.rows], [1, 1]);
      assert.equal((await event(waiting.eventId)).bodyStored, 'pruned');
      assert.equal((await pruneJournal(t.service.writer, boundary)).rows, 0);
    });

    it('retention prunes in the service on its schedule, and the CLI prunes from its own process', async () => {
      const kept = await post(seed(spec('ОБ-0100')));
      const repost = await post(seed(spec('ОБ-0100'), false));
      assert.equal(repost.result, 'unchanged');
      await tick();
      const lines: string[] = [];
      const log = { info: (_: object, message: string) => void lines.push(message), warn: (_: object, message: string) => void lines.push(`warn: ${message}`) };
      const retention = new JournalMaintenance(t.service.writer, { convert: false, retentionMs: 5, firstPruneAfterMs: 0 });
      retention.start(log);
      await until('the retention logged its prune', () => lines.length > 0);
      await retention.stop();
      // This re-post, and any older entry of the suite that changed nothing and still had its body.
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^journal retention: pruned [1-9]\d* bodies \([1-9]\d* bytes\)$/);
      assert.equal((await event(repost.eventId)).bodyStored, 'pruned');
      assert.equal((await event(kept.eventId)).bodyStored, 'full');

      // The CLI: an applied entry and a re-post that changed nothing, received two hours back; now,
      // another re-post. Only received_at is moved back: the ids (UUIDv7) still carry the real
      // arrival, which the prune's id bound admits with its minute of slack — hence an age of 1m.
      const oldApplied = await post(seed(spec('ОБ-0101')));
      const oldRepost = await post(seed(spec('ОБ-0101'), false));
      const another = await post(seed(spec('ОБ-0100'), false));
      assert.deepEqual([oldApplied.result, oldRepost.result, another.result], ['created', 'unchanged', 'unchanged']);
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
      await t.service.storage.db.updateTable('events').set({ received_at: twoHoursAgo }).where('id', 'in', [oldApplied.eventId, oldRepost.eventId]).execute();
      const pruned = await onecSync(t.databaseUrl, 'prune', '--older-than', '1m');
      assert.equal(pruned.code, 0, pruned.stderr);
      assert.match(pruned.stdout, /^Pruned the bodies of 1 journal entries received before /, pruned.stdout);
      assert.match(pruned.stdout, /\n {2}unchanged +1 entries +[1-9]\d* bytes\n/, pruned.stdout);
      assert.equal((await event(oldRepost.eventId)).bodyStored, 'pruned', 'older than the age, changed nothing');
      assert.equal((await event(oldApplied.eventId)).bodyStored, 'full', 'older, but a version is read from it');
      assert.equal((await event(another.eventId)).bodyStored, 'full', 'younger than the age');
      const again = await onecSync(t.databaseUrl, 'prune', '--older-than', '1m');
      assert.match(again.stdout, /^Pruned the bodies of 0 journal entries received before /, 'nothing left to prune');
      const bad = await onecSync(t.databaseUrl, 'prune', '--older-than', 'soon');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--older-than must be/);
    });
  });
}
