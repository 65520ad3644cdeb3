import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ApiKeyAuthorizer } from '../src/auth/api-key-authorizer.js';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { referenceSign } from './helpers/reference-sign.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/** The low-severity findings of the probe, one assertion each. */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const MiB = 1024 * 1024;

function invoice(number: string, extra?: Record<string, unknown>): Buffer {
  const positions = makePositions(2);
  return writeOneCJson(
    incomingInvoiceBody({
      number,
      date: '2025-06-01T09:00:00',
      counterparty: 'ТОВ Низька',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
      extra: extra as never,
    }),
    { bom: true },
  );
}

for (const dialect of selectedDialects()) {
  describe(`API hardening on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let source: { sourceId: string; secret: string; token: string };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(t.baseUrl + path, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any, headers: res.headers };
    };

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_RATE_LIMIT: '0' });
      source = (await post('/api/v1/sources', { name: 'ТОВ Низька' })).json;
    });
    after(() => t?.close());

    it('serves a large journal body as a preview and a download, never inflated into JSON', async () => {
      // A known source's 12 MiB request refused as invalid: the journal keeps every byte.
      const body = Buffer.concat([Buffer.from('{"action":"update","invoiceData":"'), Buffer.alloc(12 * MiB, 0x61), Buffer.from('"}')]);
      const res = await t.post(INVOICES, body, { 'content-type': 'application/json', authorization: `Bearer ${source.token}` });
      assert.equal(res.status, 400);
      const answer = await fetch(`${t.baseUrl}/api/v1/events/${res.json.eventId}`, { headers: ADMIN });
      const text = await answer.text();
      assert.ok(text.length < 1024 * 1024, `the event answer is ${text.length} characters`);
      const event = JSON.parse(text);
      assert.equal(event.bodyStored, 'full');
      assert.equal(event.bodyTruncated, true);
      assert.equal(event.bodySize, body.length);
      const download = await fetch(t.baseUrl + event.bodyUrl, { headers: ADMIN });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'application/octet-stream');
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="event-/);
      assert.ok(Buffer.from(await download.arrayBuffer()).equals(body), 'every byte, exactly as received');
    });

    it('shows a small body whole, with nothing truncated', async () => {
      const body = invoice('LO-1');
      const res = await t.post(INVOICES, body, { 'content-type': 'application/json', authorization: `Bearer ${source.token}` });
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.bodyTruncated, false);
      assert.deepEqual(Buffer.from(event.bodyBase64, 'base64'), body);
    });

    it('puts Cache-Control: no-store and nosniff on API answers, those with secrets included', async () => {
      const created = await post('/api/v1/sources', { name: 'ТОВ Кеш' });
      assert.equal(created.status, 201);
      for (const headers of [created.headers, (await t.get('/api/v1/sources')).headers, (await t.get('/api/v1/events/nope')).headers]) {
        assert.equal(headers.get('cache-control'), 'no-store');
        assert.equal(headers.get('x-content-type-options'), 'nosniff');
      }
    });

    it('returns the modules only with the secret the operator gives, or with a new one issued once', async () => {
      const path = `/api/v1/sources/${source.sourceId}/bsl`;
      assert.equal((await t.get(`${path}?url=https%3A%2F%2Ferp.example.com`)).status, 404, 'no GET that hands out the live secret');
      const without = await post(path, { url: 'https://erp.example.com' });
      assert.equal(without.status, 400);
      const wrong = await post(path, { url: 'https://erp.example.com', secret: `whsec_${Buffer.alloc(32, 5).toString('base64')}` });
      assert.equal(wrong.status, 400);
      assert.ok(!JSON.stringify(wrong.json).includes(source.secret));
      const given = await post(path, { url: 'https://erp.example.com', secret: source.secret });
      assert.equal(given.status, 200, JSON.stringify(given.json));
      assert.ok(given.json.files.some((f: any) => f.content.includes(source.secret)));
      assert.equal(given.json.issued, undefined);
      const badUrl = await post(path, { url: 'not a url', rotate: true });
      assert.equal(badUrl.status, 400);
      const stillOld = await post(path, { url: 'https://erp.example.com', secret: source.secret });
      assert.equal(stillOld.status, 200, 'a refused URL did not rotate the secret');
      const rotated = await post(path, { url: 'https://erp.example.com', rotate: true });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.json.issued.secret, source.secret);
      assert.ok(rotated.json.files.some((f: any) => f.content.includes(rotated.json.issued.secret)));
      assert.ok(!rotated.json.files.some((f: any) => f.content.includes(source.secret)));
      source = rotated.json.issued;
    });

    it('refuses JSON nested 10,000 deep with 400, not 500 with retry', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const body = Buffer.from(
        invoice('LO-DEEP')
          .toString('utf8')
          .replace(/"invoiceData":\s*\{/, `"invoiceData":{"Глибина":${deep},`),
      );
      assert.ok(body.includes(deep), "the deep value sits among the invoice's fields, which are kept");
      const res = await t.post(INVOICES, body, { 'content-type': 'application/json', authorization: `Bearer ${source.token}` });
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.error.code, 'INVALID_JSON');
      assert.equal(res.json.error.retry, false);
      const nested64 = Buffer.from(
        invoice('LO-63')
          .toString('utf8')
          .replace(/"invoiceData":\s*\{/, `"invoiceData":{"Глибина":${'['.repeat(60)}${']'.repeat(60)},`),
      );
      assert.equal(
        (await t.post(INVOICES, nested64, { 'content-type': 'application/json', authorization: `Bearer ${source.token}` })).status,
        200,
        'a sane depth is fine',
      );
    });

    it('answers 400 to a leap-second instant in the events filter', async () => {
      const res = await t.get('/api/v1/events?receivedBefore=2016-12-31T23:59:60Z');
      assert.equal(res.status, 400);
      assert.equal(res.json.error.code, 'INVALID_QUERY');
    });

    it('refuses a webhook-id over 256 characters as malformed, without storing it', async () => {
      const body = invoice('LO-ID');
      const id = 'x'.repeat(15_000);
      const ts = Math.floor(Date.now() / 1000);
      const res = await t.post(INVOICES, body, {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': referenceSign(source.secret, id, ts, body),
      });
      assert.equal(res.status, 401);
      assert.equal(res.json.error.code, 'AUTH_MALFORMED');
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.webhookId, null);
      const count = await t.service.storage.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('webhook_id', '=', id)
        .executeTakeFirst();
      assert.equal(Number(count?.n), 0);
    });

    if (dialect === 'sqlite') {
      it('creates the SQLite file and its WAL readable by the owner only (0600)', () => {
        const file = t.databaseUrl.slice('sqlite:'.length);
        for (const f of [file, `${file}-wal`, `${file}-shm`]) {
          if (!fs.existsSync(f)) continue;
          assert.equal(fs.statSync(f).mode & 0o777, 0o600, `${f} mode ${(fs.statSync(f).mode & 0o777).toString(8)}`);
        }
        assert.ok(fs.existsSync(`${file}-wal`), 'the WAL exists and was checked');
      });
    }
  });
}

describe('the client address behind a proxy', () => {
  for (const [trust, expected] of [
    [undefined, '127.0.0.1'],
    ['127.0.0.1', '198.51.100.7'],
  ] as const) {
    it(`is ${expected} with ONEC_SYNC_TRUST_PROXY=${trust ?? '(unset)'}`, async () => {
      const t = await startTestService('sqlite', trust ? { ONEC_SYNC_TRUST_PROXY: trust } : {});
      try {
        const res = await t.post(INVOICES, invoice('PX-1'), { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' });
        assert.equal(res.status, 200);
        const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
        assert.equal(event.remoteAddr, expected);
        assert.equal(event.headers['x-forwarded-for'], '198.51.100.7', 'the header itself is journaled either way');
      } finally {
        await t.close();
      }
    });
  }
});

describe('the admin token', () => {
  it('admits the token itself and refuses one of another length or a prefix of it', async () => {
    const authorizer = new ApiKeyAuthorizer(undefined as never, { adminToken: 'admin-token-abcdef', cacheMs: 0, now: () => new Date() });
    await authorizer.authorize('Bearer admin-token-abcdef', 'admin');
    // Unknown keys fall through to the database lookup: none here, so it must not be reached for the token.
    for (const wrong of ['admin-token-abcde', 'admin-token-abcdefg', 'x']) {
      await assert.rejects(authorizer.authorize(`Bearer ${wrong}`, 'admin'));
    }
  });
});
