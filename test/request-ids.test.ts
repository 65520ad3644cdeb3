import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { ThreadWriter } from '../src/ingest/thread-writer.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * Every request has an id: answered as X-Request-Id, in every error body as
 * `error.requestId`, journaled with the entry it brought (`requestId` of the journal API),
 * and on the request's log lines as `reqId`. A sane incoming X-Request-Id is kept.
 */
const CLIENTS = webhookPath('client');
const JSON_1C = { 'content-type': 'application/json', 'user-agent': '1C-Enterprise/8.3' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let n = 0;
const client = () => writeOneCJson(clientBody({ name: `ТОВ «Запит ${++n}»`, code: `RQ-${n}`, edrpou: '32855961' }), { bom: true });

for (const dialect of selectedDialects()) {
  describe(`request ids on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect);
    });
    after(() => t?.close());

    it('journals an accepted webhook under the id it answered with', async () => {
      const res = await t.post(CLIENTS, client());
      assert.equal(res.status, 200);
      const requestId = res.headers.get('x-request-id');
      assert.match(requestId ?? '', UUID);
      const entry = await t.get(`/api/v1/events/${res.json.eventId}`);
      assert.equal(entry.json.requestId, requestId);
      const listed = (await t.get('/api/v1/events?limit=5')).json.items.find((e: { id: string }) => e.id === res.json.eventId);
      assert.equal(listed.requestId, requestId);
    });

    it('keeps a sane incoming X-Request-Id and replaces anything else', async () => {
      const kept = await t.post(CLIENTS, client(), { ...JSON_1C, 'x-request-id': 'nginx-7f3a9c01e2b44d5f' });
      assert.equal(kept.headers.get('x-request-id'), 'nginx-7f3a9c01e2b44d5f');
      assert.equal((await t.get(`/api/v1/events/${kept.json.eventId}`)).json.requestId, 'nginx-7f3a9c01e2b44d5f');
      for (const bad of ['a b', 'x'.repeat(129), 'id"}\\n{"level":60', '']) {
        const replaced = await t.post(CLIENTS, client(), { ...JSON_1C, 'x-request-id': bad });
        assert.match(replaced.headers.get('x-request-id') ?? '', UUID, JSON.stringify(bad));
        assert.equal((await t.get(`/api/v1/events/${replaced.json.eventId}`)).json.requestId, replaced.headers.get('x-request-id'));
      }
    });

    it('puts the id in the error body of a rejected webhook, journaled with it', async () => {
      const res = await t.post(CLIENTS, '{"not": "a client"', { ...JSON_1C, 'x-request-id': 'erp-req-0001' });
      assert.equal(res.status, 400);
      assert.deepEqual([res.json.error.code, res.json.error.requestId, res.headers.get('x-request-id')], ['INVALID_JSON', 'erp-req-0001', 'erp-req-0001']);
      const entry = await t.get(`/api/v1/events/${res.json.eventId}`);
      assert.deepEqual([entry.json.status, entry.json.requestId], ['rejected', 'erp-req-0001']);
    });

    it('puts it in every other error body too: auth, validation, not found', async () => {
      const noKey = await t.get('/api/v1/invoices', {});
      assert.equal(noKey.status, 401);
      assert.equal(noKey.json.error.requestId, noKey.headers.get('x-request-id'));
      const badQuery = await t.get('/api/v1/invoices?limit=nope');
      assert.equal(badQuery.status, 400);
      assert.equal(badQuery.json.error.requestId, badQuery.headers.get('x-request-id'));
      const missing = await t.get('/no/such/route');
      assert.equal(missing.status, 404);
      assert.match(missing.json.error.requestId, UUID);
      assert.equal(missing.json.error.requestId, missing.headers.get('x-request-id'));
    });

    it("journals an operator's replay under the replay request's id", async () => {
      const source = (
        await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Повтор' }), {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
        })
      ).json;
      await t.post(`/api/v1/sources/${source.sourceId}/disable`, '{}', { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' });
      const refused = await t.post(CLIENTS, client(), { ...JSON_1C, authorization: `Bearer ${source.token}` });
      assert.equal(refused.status, 403);
      await t.post(`/api/v1/sources/${source.sourceId}/enable`, '{}', { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' });
      const replay = await t.post(`/api/v1/events/${refused.json.eventId}/replay`, '{}', {
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        'content-type': 'application/json',
        'x-request-id': 'operator-replay-1',
      });
      assert.equal(replay.status, 200, JSON.stringify(replay.json));
      assert.equal((await t.get(`/api/v1/events/${replay.json.eventId}`)).json.requestId, 'operator-replay-1');
      assert.notEqual((await t.get(`/api/v1/events/${refused.json.eventId}`)).json.requestId, 'operator-replay-1');
    });
  });
}

describe('request ids in the log', () => {
  const lines: Record<string, unknown>[] = [];
  let t: TestService;
  before(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestService('sqlite', { ONEC_SYNC_SQLITE_WRITER: 'thread' }, { logger: { level: 'warn', stream } });
  });
  after(() => t?.close());

  it('marks the log line of a failed request with the id its error body names', async () => {
    const writer = t.service.writer;
    assert.ok(writer instanceof ThreadWriter);
    await writer.thread.terminate(); // ends as a crash does
    const down = await t.post(CLIENTS, client(), { ...JSON_1C, 'x-request-id': 'trace-503-a' });
    assert.equal(down.status, 503);
    assert.equal(down.json.error.requestId, 'trace-503-a');
    const logged = lines.filter((l) => l.reqId === 'trace-503-a');
    assert.ok(logged.length >= 1, JSON.stringify(lines));
    assert.equal(logged[0]!.code, 'DATABASE_UNAVAILABLE');
  });
});
