import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { newId } from '../src/domain/new-id.js';
import { incomingInvoiceBody, makePositions } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { referenceSign } from './helpers/reference-sign.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * A replay must never revert data: the webhook-id of a refused request is kept, a replay
 * whose object changed after the request arrived is `stale` unless forced (the classic
 * modules send neither a webhook-id nor НомерСобытия), an event is replayed once, and a
 * bulk replay never attributes a request that named no source.
 */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** The classic modules' bytes for one invoice, its total standing for "the version". */
function invoice(number: string, total: string, positions = 1): Buffer {
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2025-02-03T10:00:00', counterparty: 'ТОВ Повтор', edrpou: '32855961', total, positions: makePositions(positions) }),
    { bom: true },
  );
}

for (const dialect of selectedDialects()) {
  describe(`replays that cannot revert data on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    const clock = Date.parse('2026-03-02T09:00:00Z');
    let source: { sourceId: string; secret: string; token: string };

    const admin = async (path: string, body: unknown = {}) => {
      const res = await fetch(t.baseUrl + path, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any };
    };
    const signed = (body: Buffer, id: string, timestamp = Math.floor(clock / 1000)) => ({
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': referenceSign(source.secret, id, timestamp, body),
    });
    const token = () => ({ 'content-type': 'application/json', authorization: `Bearer ${source.token}` });
    const totalOf = async (objectId: string) => (await t.get(`/api/v1/invoices/${objectId}`)).json.total;

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_RATE_LIMIT: '0' }, { now: () => new Date(clock) });
      source = (await admin('/api/v1/sources', { name: 'ТОВ Повтор' })).json;
    });
    after(() => t?.close());

    it('keeps the webhook-id of a captured request re-sent after the window: its replay is a duplicate, 999 stays 999', async () => {
      const v100 = invoice('RP-1', '100');
      const first = await t.post(INVOICES, v100, signed(v100, 'msg_v100'));
      assert.equal(first.json.result, 'created');
      const v999 = invoice('RP-1', '999');
      assert.equal((await t.post(INVOICES, v999, signed(v999, 'msg_v999'))).json.result, 'updated');
      // The attacker re-sends the captured first request, signed as it was, after the window.
      const captured = await t.post(INVOICES, v100, signed(v100, 'msg_v100', Math.floor(clock / 1000) - 3600));
      assert.equal(captured.status, 401);
      assert.equal(captured.json.error.code, 'AUTH_TIMESTAMP_OUT_OF_WINDOW');
      const refused = (await t.get(`/api/v1/events/${captured.json.eventId}`)).json;
      assert.equal(refused.webhookId, 'msg_v100', 'the webhook-id of a refused request is journaled');
      assert.equal(refused.sourceId, source.sourceId);
      const replay = await admin(`/api/v1/events/${captured.json.eventId}/replay`);
      assert.equal(replay.status, 200, JSON.stringify(replay.json));
      assert.equal(replay.json.body.result, 'duplicate');
      assert.equal(await totalOf(first.json.id), '999');
    });

    it('answers stale to a replay of the classic modules (no webhook-id, no НомерСобытия) once a newer change was applied; once only; force applies', async () => {
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/disable`)).status, 200);
      const v100 = invoice('RP-2', '100');
      const refused = await t.post(INVOICES, v100, token());
      assert.equal(refused.json.error.code, 'SOURCE_DISABLED');
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/enable`)).status, 200);
      // 1C sends the document again after an accountant changed it.
      const v999 = await t.post(INVOICES, invoice('RP-2', '999'), token());
      assert.equal(v999.json.result, 'created');

      const bulk = await admin('/api/v1/events/replay', { source: source.sourceId });
      const mine = bulk.json.items.filter((i: any) => i.originalId === refused.json.eventId);
      assert.equal(mine.length, 1, JSON.stringify(bulk.json));
      assert.equal(mine[0].body.result, 'stale');
      assert.equal(await totalOf(v999.json.id), '999', 'the newer data is intact');
      const original = (await t.get(`/api/v1/events/${refused.json.eventId}`)).json;
      assert.equal(original.replayedBy, mine[0].eventId, 'the original is marked replayed');
      assert.equal((await t.get(`/api/v1/events/${mine[0].eventId}`)).json.status, 'stale');

      // "Replay all" again re-applies nothing; a single replay is refused.
      const again = await admin('/api/v1/events/replay', { source: source.sourceId });
      assert.ok(!again.json.items.some((i: any) => i.originalId === refused.json.eventId), 'a replayed event is not replayed twice');
      const single = await admin(`/api/v1/events/${refused.json.eventId}/replay`);
      assert.equal(single.status, 409);
      assert.equal(single.json.error.code, 'NOT_REPLAYABLE');
      assert.equal(await totalOf(v999.json.id), '999');

      // The operator decides the old version is the right one after all.
      const forced = await admin(`/api/v1/events/${refused.json.eventId}/replay`, { force: true });
      assert.equal(forced.status, 200, JSON.stringify(forced.json));
      assert.equal(forced.json.body.result, 'updated');
      assert.equal(await totalOf(v999.json.id), '100');
      const twice = await admin(`/api/v1/events/${refused.json.eventId}/replay`, { force: true });
      assert.equal(twice.status, 409, 'a replay that applied is not repeated, even forced');
    });

    it('applies a replay whose object did not change since the request arrived', async () => {
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/disable`)).status, 200);
      const refused = await t.post(INVOICES, invoice('RP-3', '300'), token());
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/enable`)).status, 200);
      const replay = await admin(`/api/v1/events/${refused.json.eventId}/replay`);
      assert.equal(replay.json.body.result, 'created');
      assert.equal(await totalOf(replay.json.body.id), '300');
    });

    it('answers duplicate when 1C delivered the refused message again meanwhile (same webhook-id)', async () => {
      const body = invoice('RP-4', '400');
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/disable`)).status, 200);
      const refused = await t.post(INVOICES, body, signed(body, 'msg_rp4'));
      assert.equal(refused.status, 403);
      assert.equal((await admin(`/api/v1/sources/${source.sourceId}/enable`)).status, 200);
      const retried = await t.post(INVOICES, body, signed(body, 'msg_rp4'));
      assert.equal(retried.json.result, 'created');
      const changed = invoice('RP-4', '444');
      assert.equal((await t.post(INVOICES, changed, signed(changed, 'msg_rp4b'))).json.result, 'updated');
      const replay = await admin(`/api/v1/events/${refused.json.eventId}/replay`);
      assert.equal(replay.json.body.result, 'duplicate');
      assert.equal(await totalOf(retried.json.id), '444');
    });

    it("never attributes, in bulk, a request that named no source; a single replay may, by the operator's choice", async () => {
      // A journal entry as the journal kept them before only a prefix of such requests was
      // stored: whole body, no source (refused for missing credentials).
      const body = invoice('RP-5', '500');
      const id = newId();
      await t.service.storage.db
        .insertInto('events')
        .values({
          id,
          received_at: new Date(clock).toISOString(),
          source_id: null,
          endpoint: 'invoices',
          webhook_id: null,
          status: 'rejected',
          http_status: 401,
          error_code: 'AUTH_MISSING',
          headers: '{}',
          body,
          body_size: body.length,
          remote_addr: '203.0.113.9',
        })
        .execute();
      const bulk = await admin('/api/v1/events/replay', {});
      assert.ok(!bulk.json.items.some((i: any) => i.originalId === id), JSON.stringify(bulk.json));
      assert.equal((await t.get(`/api/v1/events/${id}`)).json.replayedBy, null);
      const unattributed = await admin(`/api/v1/events/${id}/replay`);
      assert.equal(unattributed.status, 409);
      const attributed = await admin(`/api/v1/events/${id}/replay`, { sourceId: source.sourceId });
      assert.equal(attributed.json.body.result, 'created');
    });

    it('refuses to replay a request of which only a prefix was kept', async () => {
      const body = invoice('RP-6', '600', 40);
      assert.ok(body.length > 4096);
      const wrong = await t.post(INVOICES, body, { 'content-type': 'application/json', authorization: 'Bearer ost_wrong' });
      assert.equal(wrong.json.error.code, 'AUTH_UNKNOWN_KEY');
      const event = (await t.get(`/api/v1/events/${wrong.json.eventId}`)).json;
      assert.equal(event.bodyStored, 'prefix');
      const replay = await admin(`/api/v1/events/${wrong.json.eventId}/replay`, { sourceId: source.sourceId });
      assert.equal(replay.status, 409);
      assert.equal(replay.json.error.code, 'NOT_REPLAYABLE');
    });
  });
}
