import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

/**
 * Signed by the reference library of the Standard Webhooks project, not by the product's
 * own formula: a mistake shared by the signer and the verifier cannot pass here.
 */
function sign(secret: string, id: string, timestamp: number | string, body: Buffer): string {
  return new Webhook(secret).sign(id, new Date(Number(timestamp) * 1000), body);
}

function invoice(number: string, bom = true): Buffer {
  const positions = makePositions(2, number.length);
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2024-03-01T12:00:00', counterparty: 'ТОВ Захист', edrpou: '32855961', total: totalOf(positions), positions }),
    { bom },
  );
}

for (const dialect of selectedDialects()) {
  describe(`authentication on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let clock = Date.parse('2026-01-10T10:00:00Z');
    let source: { sourceId: string; secret: string; token: string };
    let msg = 0;

    const signed = (body: Buffer, opts: { secret?: string; id?: string; timestamp?: number; signedBody?: Buffer } = {}) => {
      const id = opts.id ?? `msg_${++msg}`;
      const timestamp = opts.timestamp ?? Math.floor(clock / 1000);
      return {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(opts.secret ?? source.secret, id, timestamp, opts.signedBody ?? body),
      };
    };

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_RATE_LIMIT: '0' }, { now: () => new Date(clock) });
      const created = await fetch(`${t.baseUrl}/api/v1/sources`, {
        method: 'POST',
        headers: ADMIN,
        body: JSON.stringify({ name: 'ТОВ Ромашка, основна база' }),
      });
      assert.equal(created.status, 201);
      source = (await created.json()) as typeof source;
      assert.match(source.secret, /^whsec_/);
    });
    after(() => t?.close());

    it('accepts a valid Standard Webhooks signature over the raw bytes (BOM included) and attributes the source', async () => {
      const body = invoice('A-1');
      const res = await t.post(INVOICES, body, signed(body));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.sourceId, source.sourceId);
      assert.equal(event.headers['webhook-signature'], undefined, 'signatures are never journaled');
      assert.equal(event.headers.authorization, undefined);
      assert.ok(event.headers['webhook-id']);
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.sourceId, source.sourceId);
    });

    it('accepts any one of several signatures (rotation on the sender side)', async () => {
      const body = invoice('A-2');
      const headers = signed(body);
      headers['webhook-signature'] =
        `${sign(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, headers['webhook-id'], headers['webhook-timestamp'], body)} ${headers['webhook-signature']}`;
      assert.equal((await t.post(INVOICES, body, headers)).status, 200);
    });

    it('takes X-Onec-Sync-Source as a hint only: the signature decides the source, and the claimed one is journaled', async () => {
      const res2 = await fetch(`${t.baseUrl}/api/v1/sources`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'ФОП Петренко' }) });
      const second = (await res2.json()) as typeof source;
      const cases = [
        { hint: second.sourceId, secret: second.secret, status: 200, sourceId: second.sourceId },
        { hint: source.sourceId, secret: second.secret, status: 200, sourceId: second.sourceId },
        { hint: 'no-such-source', secret: source.secret, status: 200, sourceId: source.sourceId },
        { hint: second.sourceId, secret: `whsec_${Buffer.alloc(32, 9).toString('base64')}`, status: 401, sourceId: null },
      ];
      for (const [i, c] of cases.entries()) {
        const body = invoice(`HINT-${i}`);
        const res = await t.post(INVOICES, body, { ...signed(body, { secret: c.secret }), 'x-onec-sync-source': c.hint });
        assert.equal(res.status, c.status, `case ${i}: ${JSON.stringify(res.json)}`);
        const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
        assert.equal(event.sourceId, c.sourceId, `case ${i}`);
        assert.equal(event.headers['x-onec-sync-source'], c.hint, 'the claimed source is journaled');
      }
    });

    it('refuses a wrong secret, a tampered body and a signature computed without the BOM, journaling each as rejected', async () => {
      const body = invoice('A-3');
      const wrong = await t.post(INVOICES, body, signed(body, { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }));
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.error.code, 'AUTH_BAD_SIGNATURE');
      const tampered = Buffer.from(body.toString('utf8').replace('ТОВ Захист', 'ТОВ Злодій'));
      const bad = await t.post(INVOICES, tampered, signed(body));
      assert.equal(bad.json.error.code, 'AUTH_BAD_SIGNATURE');
      const withoutBom = await t.post(INVOICES, body, signed(body, { signedBody: body.subarray(3) }));
      assert.equal(withoutBom.status, 401, 'the signature covers the exact bytes, BOM included');
      const event = (await t.get(`/api/v1/events/${wrong.json.eventId}`)).json;
      assert.equal(event.status, 'rejected');
      assert.equal(event.sourceId, null, 'who knocked is unknown');
      assert.equal(event.error.code, 'AUTH_BAD_SIGNATURE');
      assert.ok(event.bodyBase64, 'the bytes are still kept');
    });

    it('refuses expired and future timestamps', async () => {
      const body = invoice('A-4');
      const old = await t.post(INVOICES, body, signed(body, { timestamp: Math.floor(clock / 1000) - 301 }));
      assert.equal(old.status, 401);
      assert.equal(old.json.error.code, 'AUTH_TIMESTAMP_OUT_OF_WINDOW');
      const future = await t.post(INVOICES, body, signed(body, { timestamp: Math.floor(clock / 1000) + 301 }));
      assert.equal(future.json.error.code, 'AUTH_TIMESTAMP_OUT_OF_WINDOW');
      assert.equal((await t.get(`/api/v1/events/${old.json.eventId}`)).json.sourceId, source.sourceId, 'a valid signature names the source');
      const edge = await t.post(INVOICES, body, signed(body, { timestamp: Math.floor(clock / 1000) - 299 }));
      assert.equal(edge.status, 200);
    });

    it('answers duplicate to a replayed webhook-id, forever', async () => {
      const body = invoice('A-5');
      const headers = signed(body, { id: 'msg_replayed' });
      assert.equal((await t.post(INVOICES, body, headers)).json.result, 'created');
      clock += 3600_000 * 24 * 30; // a month later, freshly signed, same id
      const again = await t.post(INVOICES, invoice('A-5-changed'), signed(invoice('A-5-changed'), { id: 'msg_replayed' }));
      assert.equal(again.status, 200);
      assert.equal(again.json.result, 'duplicate');
    });

    it('refuses a request with no credentials (401 AUTH_MISSING) and malformed ones', async () => {
      const missing = await t.post(INVOICES, invoice('A-6'));
      assert.equal(missing.status, 401);
      assert.equal(missing.json.error.code, 'AUTH_MISSING');
      const noId = await t.post(INVOICES, invoice('A-6'), { 'webhook-signature': 'v1,abc', 'content-type': 'application/json' });
      assert.equal(noId.json.error.code, 'AUTH_MALFORMED');
    });

    it('accepts the right bearer token and refuses a wrong one', async () => {
      const ok = await t.post(INVOICES, invoice('B-1'), { authorization: `Bearer ${source.token}`, 'content-type': 'application/json' });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      const wrong = await t.post(INVOICES, invoice('B-1'), { authorization: 'Bearer ost_nope', 'content-type': 'application/json' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.error.code, 'AUTH_UNKNOWN_KEY');
    });

    it('keeps a rotated-out secret working inside the overlap, and not after', async () => {
      const old = { ...source };
      const rotated = await fetch(`${t.baseUrl}/api/v1/sources/${source.sourceId}/rotate`, { method: 'POST', headers: { authorization: ADMIN.authorization } });
      assert.equal(rotated.status, 200);
      source = (await rotated.json()) as typeof source;
      assert.notEqual(source.secret, old.secret);
      const body = invoice('C-1');
      assert.equal((await t.post(INVOICES, body, signed(body, { secret: old.secret }))).status, 200, 'old secret inside the overlap');
      assert.equal((await t.post(INVOICES, body, signed(body))).status, 200, 'new secret');
      clock += 24 * 3600_000 + 1000;
      const after = await t.post(INVOICES, body, signed(body, { secret: old.secret }));
      assert.equal(after.status, 401, 'old secret after the overlap');
      const oldToken = await t.post(INVOICES, body, { authorization: `Bearer ${old.token}`, 'content-type': 'application/json' });
      assert.equal(oldToken.status, 401);
      assert.equal((await t.post(INVOICES, body, signed(body))).status, 200);
    });

    it('refuses a disabled source with 403 and journals it under that source', async () => {
      const off = await fetch(`${t.baseUrl}/api/v1/sources/${source.sourceId}/disable`, { method: 'POST', headers: { authorization: ADMIN.authorization } });
      assert.equal(off.status, 200);
      const body = invoice('D-1');
      const res = await t.post(INVOICES, body, signed(body));
      assert.equal(res.status, 403);
      assert.equal(res.json.error.code, 'SOURCE_DISABLED');
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.sourceId, source.sourceId);
      // Re-enabled, the refused request can be replayed by an operator.
      await fetch(`${t.baseUrl}/api/v1/sources/${source.sourceId}/enable`, { method: 'POST', headers: { authorization: ADMIN.authorization } });
      const replay = await fetch(`${t.baseUrl}/api/v1/events/${res.json.eventId}/replay`, { method: 'POST', headers: { authorization: ADMIN.authorization } });
      const replayed = (await replay.json()) as { httpStatus: number; body: { result: string }; eventId: string };
      assert.equal(replayed.httpStatus, 200, JSON.stringify(replayed));
      assert.equal(replayed.body.result, 'created');
      assert.equal((await t.get(`/api/v1/events/${replayed.eventId}`)).json.replayOf, res.json.eventId);
    });

    it('guards the read API: no key → 401, read key → reads but 403 on admin routes, admin key → both', async () => {
      assert.equal((await t.get('/api/v1/invoices', {})).status, 401);
      assert.equal((await t.get('/api/v1/invoices', {})).json.error.code, 'AUTH_MISSING');
      assert.equal((await t.get('/api/v1/invoices', { authorization: 'Bearer osk_unknown' })).json.error.code, 'AUTH_UNKNOWN_KEY');
      const { addApiKey } = await import('../src/auth/source-admin.js');
      const read = await addApiKey(t.service.storage.db, 'ERP', 'read', new Date(clock));
      const readHeaders = { authorization: `Bearer ${read.key}` };
      assert.equal((await t.get('/api/v1/invoices', readHeaders)).status, 200);
      assert.equal((await t.get('/api/v1/events', readHeaders)).status, 200);
      const rotate = await fetch(`${t.baseUrl}/api/v1/sources/${source.sourceId}/rotate`, { method: 'POST', headers: readHeaders });
      assert.equal(rotate.status, 403);
      assert.equal(((await rotate.json()) as { error: { code: string } }).error.code, 'FORBIDDEN_SCOPE');
      const admin = await addApiKey(t.service.storage.db, 'ops', 'admin', new Date(clock));
      const sources = await fetch(`${t.baseUrl}/api/v1/sources`, { headers: { authorization: `Bearer ${admin.key}` } });
      assert.equal(sources.status, 200);
      const listed = (await sources.json()) as { items: Array<Record<string, unknown>> };
      assert.ok(
        listed.items.some((s) => s.id === source.sourceId),
        'the source is listed',
      );
      const text = JSON.stringify(listed);
      assert.equal(text.includes(source.secret), false, 'secrets are never returned after creation');
      assert.equal(text.includes(source.token), false, 'tokens are never returned after creation');
      assert.deepEqual(
        listed.items.flatMap((s) => Object.keys(s).filter((k) => /secret|token/i.test(k))),
        [],
      );
      assert.equal((await t.get('/healthz', {})).status, 200, '/healthz stays open');
    });
  });

  describe(`open mode and rate limit on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let clock = Date.parse('2026-02-02T08:00:00Z');
    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'true', ONEC_SYNC_RATE_LIMIT: '5' }, { now: () => new Date(clock) });
    });
    after(() => t?.close());

    it('accepts the classic modules without credentials only in open mode, and says so on /readyz', async () => {
      const res = await t.post(INVOICES, invoice('O-1'));
      assert.equal(res.status, 200);
      assert.equal((await t.get(`/api/v1/events/${res.json.eventId}`)).json.sourceId, 'default');
      const ready = (await t.get('/readyz')).json;
      assert.ok(ready.warnings.some((w: string) => w.includes('OPEN MODE')));
      const wrong = await t.post(INVOICES, invoice('O-2'), { 'content-type': 'application/json', authorization: 'Bearer wrong' });
      assert.equal(wrong.status, 401, 'credentials that are sent are still checked');
    });

    it('limits each source to its rate: exactly 5 a minute, 429 with Retry-After, journaled, others unaffected, refilled by the clock', async () => {
      clock += 60_000; // a full bucket, whatever the test before took
      const other = await t.post('/api/v1/sources', JSON.stringify({ name: 'ФОП Другий' }), ADMIN);
      assert.equal(other.status, 201);
      const burst: Array<[number, string | null]> = [];
      let refusedId = '';
      for (let i = 0; i < 7; i++) {
        const res = await t.post(INVOICES, invoice(`R-${i}`));
        burst.push([res.status, res.headers.get('retry-after')]);
        if (res.status === 429) refusedId ||= res.json.eventId;
      }
      // 5 per minute: the sixth waits for one token, 60 / 5 = 12 s.
      assert.deepEqual(burst, [
        [200, null],
        [200, null],
        [200, null],
        [200, null],
        [200, null],
        [429, '12'],
        [429, '12'],
      ]);
      const refused = (await t.get(`/api/v1/events/${refusedId}`)).json;
      assert.equal(refused.status, 'rejected');
      assert.equal(refused.httpStatus, 429);
      assert.equal(refused.error.code, 'RATE_LIMITED');
      assert.equal(refused.sourceId, 'default', 'journaled under the source that was limited');
      assert.ok(refused.bodyBase64, 'with its bytes, for a replay');
      // Another source has its own bucket.
      const otherStatuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        otherStatuses.push(
          (await t.post(INVOICES, invoice(`R-other-${i}`), { authorization: `Bearer ${other.json.token}`, 'content-type': 'application/json' })).status,
        );
      }
      assert.deepEqual(otherStatuses, [200, 200, 200, 200, 200]);
      // The bucket refills at 5 a minute: 11.9 s gives nothing, 12 s one request.
      clock += 11_900;
      assert.equal((await t.post(INVOICES, invoice('R-7'))).status, 429);
      clock += 100;
      assert.equal((await t.post(INVOICES, invoice('R-8'))).status, 200);
      assert.equal((await t.post(INVOICES, invoice('R-9'))).status, 429);
      clock += 60_000;
      const refilled: number[] = [];
      for (let i = 0; i < 6; i++) refilled.push((await t.post(INVOICES, invoice(`R-full-${i}`))).status);
      assert.deepEqual(refilled, [200, 200, 200, 200, 200, 429], 'a full bucket holds 5, never more');
    });
  });
}
