import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * Operators' replay of rejected requests (docs/errors.md: "can be replayed from the
 * dashboard once the cause is fixed"): what may be replayed and what may not, a request
 * that named no source, the bulk API, and the overview's "waiting" count.
 */
const INVOICES = webhookPath('incoming');
const CLIENTS = webhookPath('client');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

let n = 0;
const invoice = (number = `РП-${++n}`, positions = makePositions(2, n + 1)) =>
  writeOneCJson(
    incomingInvoiceBody({ number, date: '2024-04-01T10:00:00', counterparty: 'ТОВ «Повтор»', edrpou: '32855961', total: totalOf(positions), positions }),
    { bom: true },
  );

for (const dialect of selectedDialects()) {
  describe(`replaying rejected requests on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let source: { sourceId: string; token: string };
    const as = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    const replay = (eventId: string, body: object = {}) => t.post(`/api/v1/events/${eventId}/replay`, JSON.stringify(body), ADMIN);
    const setStatus = async (verb: 'disable' | 'enable') => assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/${verb}`, '{}', ADMIN)).status, 200);
    const waiting = async () => (await t.get('/api/v1/stats')).json.rejected.waiting as number;

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_BODY_LIMIT: '8192' });
      source = (await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Повтор' }), ADMIN)).json;
    });
    after(() => t?.close());

    it('refuses to replay an applied event, one stored without its body (413), and an unknown id', async () => {
      const applied = await t.post(INVOICES, invoice(), as(source.token));
      assert.equal(applied.status, 200);
      const again = await replay(applied.json.eventId);
      assert.deepEqual([again.status, again.json.error.code, again.json.error.retry], [409, 'NOT_REPLAYABLE', false]);
      assert.match(again.json.error.message, /was applied, not rejected/);

      const big = invoice('РП-BIG', makePositions(80, 1));
      assert.ok(big.length > 8192);
      const tooLarge = await t.post(INVOICES, big, as(source.token));
      assert.equal(tooLarge.status, 413);
      const noBody = await replay(tooLarge.json.eventId);
      assert.deepEqual([noBody.status, noBody.json.error.code], [409, 'NOT_REPLAYABLE']);
      assert.match(noBody.json.error.message, /no stored body/);

      const unknown = await replay('01900000-0000-7000-8000-000000000000');
      assert.deepEqual([unknown.status, unknown.json.error.code], [404, 'NOT_FOUND']);
    });

    it('keeps only the first bytes of a large request from no known source, and nothing to replay', async () => {
      const body = invoice('РП-NOSRC-BIG', makePositions(20, 1));
      assert.ok(body.length > 1024);
      const refused = await t.post(INVOICES, body, as('ost_not-a-token-we-issued'));
      assert.deepEqual([refused.status, refused.json.error.code], [401, 'AUTH_UNKNOWN_KEY']);
      const again = await replay(refused.json.eventId, { sourceId: source.sourceId });
      assert.deepEqual([again.status, again.json.error.code], [409, 'NOT_REPLAYABLE']);
      assert.match(again.json.error.message, /no known source: only its first 1024 bytes were kept/);
    });

    it('needs a chosen source for a (small, kept whole) request that named none, and journals the replay under it', async () => {
      // Bodies from no known source are kept whole only up to the prefix size (1,024 bytes by
      // default): a counterparty fits, so it can be attributed by the operator and replayed.
      const body = writeOneCJson(clientBody({ code: 'РП-NOSRC', name: 'ТОВ «Без джерела»' }), { bom: true });
      assert.ok(body.length <= 1024, `a ${body.length}-byte body`);
      const refused = await t.post(CLIENTS, body, as('ost_not-a-token-we-issued'));
      assert.deepEqual([refused.status, refused.json.error.code], [401, 'AUTH_UNKNOWN_KEY']);
      assert.equal((await t.get(`/api/v1/events/${refused.json.eventId}`)).json.sourceId, null);
      const unattributed = await replay(refused.json.eventId);
      assert.deepEqual([unattributed.status, unattributed.json.error.code], [409, 'NOT_REPLAYABLE']);
      assert.match(unattributed.json.error.message, /choose one/);
      const wrong = await replay(refused.json.eventId, { sourceId: 'src_nope' });
      assert.deepEqual([wrong.status, wrong.json.error.code], [404, 'NOT_FOUND']);
      const done = await replay(refused.json.eventId, { sourceId: source.sourceId });
      assert.equal(done.status, 200, JSON.stringify(done.json));
      assert.deepEqual([done.json.httpStatus, done.json.body.result], [200, 'created']);
      const event = (await t.get(`/api/v1/events/${done.json.eventId}`)).json;
      assert.deepEqual([event.status, event.sourceId, event.replayOf], ['applied', source.sourceId, refused.json.eventId]);
      assert.equal(Buffer.from(event.bodyBase64, 'base64').compare(body), 0, 'the same bytes');
      const stored = (await t.get(`/api/v1/clients?q=${encodeURIComponent('Без джерела')}`)).json.items;
      assert.deepEqual(
        stored.map((c: any) => c.sourceId),
        [source.sourceId],
      );
    });

    it('replays a filtered set in the order 1C sent it, and "waiting" drops by what was repaired', async () => {
      const before = await waiting();
      await setStatus('disable');
      const first = await t.post(INVOICES, invoice('РП-B1'), as(source.token));
      const second = await t.post(INVOICES, invoice('РП-B2'), as(source.token));
      const client = await t.post(CLIENTS, writeOneCJson(clientBody({ code: 'РП-К1', name: 'ТОВ «Клієнт повтору»' }), { bom: true }), as(source.token));
      for (const r of [first, second, client]) assert.equal(r.status, 403);
      await setStatus('enable');
      assert.equal(await waiting(), before + 3);

      const bulk = await t.post('/api/v1/events/replay', JSON.stringify({ endpoint: 'invoices', source: source.sourceId }), ADMIN);
      assert.equal(bulk.status, 200, JSON.stringify(bulk.json));
      // Oldest first; this source's 413 of the first test (no body) is passed over.
      assert.deepEqual(
        bulk.json.items.map((i: any) => [i.originalId, i.httpStatus, i.body.result]),
        [
          [first.json.eventId, 200, 'created'],
          [second.json.eventId, 200, 'created'],
        ],
      );
      assert.equal(
        bulk.json.items.some((i: any) => i.originalId === client.json.eventId),
        false,
        'the endpoint filter leaves the client out',
      );
      assert.equal(await waiting(), before + 1, 'the client still waits');
      const clients = await t.post('/api/v1/events/replay', JSON.stringify({ endpoint: 'clients' }), ADMIN);
      assert.deepEqual(
        clients.json.items.map((i: any) => [i.originalId, i.httpStatus, i.body.result]),
        [[client.json.eventId, 200, 'created']],
      );
      assert.equal(await waiting(), before);
      for (const number of ['РП-B1', 'РП-B2']) assert.equal((await t.get(`/api/v1/invoices?number=${encodeURIComponent(number)}`)).json.items.length, 1);
    });

    // One broken request replayed once is one request waiting, not two: the failed replay
    // waits in place of its original.
    it('counts a request that fails again on replay once, not once per attempt', async () => {
      const before = await waiting();
      const broken = await t.post(INVOICES, '{"action": "update", "invoiceData": {', as(source.token));
      assert.equal(broken.json.error.code, 'INVALID_JSON');
      assert.equal(await waiting(), before + 1);
      const again = await replay(broken.json.eventId);
      assert.deepEqual([again.json.httpStatus, again.json.body.error.code], [400, 'INVALID_JSON']);
      assert.equal(await waiting(), before + 1, 'still one request waiting for a person');
    });
  });
}
