import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { SecretBox } from '../src/auth/secret-box.js';
import { addApiKey, addSource, type IssuedCredentials, rotateSource } from '../src/auth/source-admin.js';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { loadConfig } from '../src/config/load-config.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../src/emulator/payload-builder.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { revokeApiKey } from '../src/storage/repositories/api-keys-repository.js';
import { setSourceStatus } from '../src/storage/repositories/sources-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, type TestService } from './helpers/test-service.js';

/**
 * The credential settings as an operator meets them: the production credential cache,
 * the rotation overlap, the default source from the environment, the signature
 * tolerance and the time zone. Every test here drives the service's clock.
 */
const INVOICES = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const SECOND = 1000;

let n = 0;
function invoice(): Buffer {
  const positions = makePositions(2, ++n);
  return writeOneCJson(
    incomingInvoiceBody({
      number: `CS-${n}`,
      date: '2024-03-01T12:00:00',
      counterparty: 'ТОВ Налаштування',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
    }),
    { bom: true },
  );
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
function signed(secret: string, body: Buffer, atMs: number): Record<string, string> {
  const id = `msg_cs_${++n}`;
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(atMs / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, new Date(atMs), body),
  };
}

for (const dialect of selectedDialects()) {
  describe(`the production credential cache on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    /** Another process's connection, as the CLI has: changes made here are not seen by the service's memory. */
    let cli: StorageHandle;
    let clock = Date.parse('2026-04-06T09:00:00Z');
    const production = loadConfig({}).authCacheSeconds;
    const cacheMs = production * SECOND;
    let source: IssuedCredentials;

    before(async () => {
      t = await startTestService(
        dialect,
        { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_AUTH_CACHE_SECONDS: String(production) },
        { now: () => new Date(clock) },
      );
      cli = await openDatabase(t.databaseUrl, { migrate: false });
      source = await addSource(cli.db, 'ТОВ Кеш', new Date(clock), SecretBox.plain());
    });
    after(async () => {
      await cli?.close();
      await t?.close();
    });

    it('runs with the documented default of 5 s', () => {
      assert.equal(production, 5, 'docs/security.md and README promise 5 s');
      assert.equal(t.config.authCacheSeconds, 5);
    });

    it('a source disabled from another process is refused once the cache has expired, and not before', async () => {
      assert.equal((await t.post(INVOICES, invoice(), bearer(source.token))).status, 200, 'loads the credentials into the cache');
      const loadedAt = clock;
      await setSourceStatus(cli.db, source.sourceId, 'disabled', new Date(clock).toISOString());
      clock = loadedAt + cacheMs - 1;
      assert.equal((await t.post(INVOICES, invoice(), bearer(source.token))).status, 200, 'still cached: up to 5 s is the documented delay');
      clock = loadedAt + cacheMs;
      const refused = await t.post(INVOICES, invoice(), bearer(source.token));
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'SOURCE_DISABLED');
      // And back.
      const reloadedAt = clock;
      await setSourceStatus(cli.db, source.sourceId, 'active', new Date(clock).toISOString());
      clock = reloadedAt + cacheMs - 1;
      assert.equal((await t.post(INVOICES, invoice(), bearer(source.token))).status, 403);
      clock = reloadedAt + cacheMs;
      assert.equal((await t.post(INVOICES, invoice(), bearer(source.token))).status, 200);
    });

    it('a rotation with no overlap cuts the old secret and token, and brings the new ones, within the cache time', async () => {
      clock += 60 * SECOND;
      const body = invoice();
      assert.equal((await t.post(INVOICES, body, signed(source.secret, body, clock))).status, 200);
      const loadedAt = clock;
      const rotated = (await rotateSource(cli.db, source.sourceId, 0, new Date(clock), SecretBox.plain()))!;
      clock = loadedAt + cacheMs - 1;
      const stale = invoice();
      assert.equal((await t.post(INVOICES, stale, signed(source.secret, stale, clock))).status, 200, 'the old secret, cached');
      const early = await t.post(INVOICES, invoice(), bearer(rotated.token));
      assert.deepEqual([early.status, early.json.error?.code], [401, 'AUTH_UNKNOWN_KEY'], 'the new token is not known yet');
      clock = loadedAt + cacheMs;
      const old = invoice();
      const oldSecret = await t.post(INVOICES, old, signed(source.secret, old, clock));
      assert.deepEqual([oldSecret.status, oldSecret.json.error?.code], [401, 'AUTH_BAD_SIGNATURE']);
      const oldToken = await t.post(INVOICES, invoice(), bearer(source.token));
      assert.deepEqual([oldToken.status, oldToken.json.error?.code], [401, 'AUTH_UNKNOWN_KEY']);
      const fresh = invoice();
      assert.equal((await t.post(INVOICES, fresh, signed(rotated.secret, fresh, clock))).status, 200);
      assert.equal((await t.post(INVOICES, invoice(), bearer(rotated.token))).status, 200);
      source = rotated;
    });

    it('a revoked API key keeps reading for at most the cache time', async () => {
      const key = await addApiKey(cli.db, 'ERP', 'read', new Date(clock));
      const read = () => t.get('/api/v1/invoices?limit=1', { authorization: `Bearer ${key.key}` });
      assert.equal((await read()).status, 200);
      const cachedAt = clock;
      assert.equal(await revokeApiKey(cli.db, key.id, new Date(clock).toISOString()), true);
      clock = cachedAt + cacheMs - 1;
      assert.equal((await read()).status, 200, 'cached');
      clock = cachedAt + cacheMs;
      const refused = await read();
      assert.deepEqual([refused.status, refused.json.error.code], [401, 'AUTH_UNKNOWN_KEY']);
    });
  });

  describe(`rotation overlap, default source, tolerance and time zone from the environment on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    const envSecret = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
    const envToken = 'env-token-for-the-default-source-0123';
    let t: TestService;
    let clock = Date.parse('2026-07-15T09:00:00Z');

    before(async () => {
      t = await startTestService(
        dialect,
        {
          ONEC_SYNC_ALLOW_UNSIGNED: 'false',
          ONEC_SYNC_ROTATION_OVERLAP: '600',
          ONEC_SYNC_WEBHOOK_SECRET: envSecret,
          ONEC_SYNC_TOKEN: envToken,
          ONEC_SYNC_SIGNATURE_TOLERANCE: '30',
          ONEC_SYNC_TIMEZONE: 'Asia/Tokyo',
        },
        { now: () => new Date(clock) },
      );
    });
    after(() => t?.close());

    it('ONEC_SYNC_WEBHOOK_SECRET and ONEC_SYNC_TOKEN authenticate the default source', async () => {
      const body = invoice();
      const bySecret = await t.post(INVOICES, body, signed(envSecret, body, clock));
      assert.equal(bySecret.status, 200, JSON.stringify(bySecret.json));
      assert.equal((await t.get(`/api/v1/events/${bySecret.json.eventId}`)).json.sourceId, 'default');
      const byToken = await t.post(INVOICES, invoice(), bearer(envToken));
      assert.equal(byToken.status, 200);
      assert.equal((await t.get(`/api/v1/events/${byToken.json.eventId}`)).json.sourceId, 'default');
      assert.equal((await t.post(INVOICES, invoice(), bearer(`${envToken}x`))).status, 401);
      assert.equal((await t.post(INVOICES, invoice())).json.error.code, 'AUTH_MISSING', 'not open mode');
    });

    it('ONEC_SYNC_SIGNATURE_TOLERANCE bounds the timestamp: 30 s either way', async () => {
      for (const [skew, status] of [
        [-30, 200],
        [30, 200],
        [-31, 401],
        [31, 401],
      ] as const) {
        const body = invoice();
        const res = await t.post(INVOICES, body, signed(envSecret, body, clock + skew * SECOND));
        assert.equal(res.status, status, `skew ${skew} s: ${JSON.stringify(res.json)}`);
        if (status === 401) assert.equal(res.json.error.code, 'AUTH_TIMESTAMP_OUT_OF_WINDOW');
      }
    });

    it('ONEC_SYNC_ROTATION_OVERLAP keeps the old secret and token for exactly that long', async () => {
      const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Ротація' }), {
        authorization: `Bearer ${t.config.adminToken}`,
        'content-type': 'application/json',
      });
      const old = created.json as IssuedCredentials;
      const rotatedAt = clock;
      const rotated = (await t.post(`/api/v1/sources/${old.sourceId}/rotate`, '', { authorization: `Bearer ${t.config.adminToken}` }))
        .json as IssuedCredentials;
      assert.notEqual(rotated.token, old.token);
      clock = rotatedAt + 599 * SECOND;
      let body = invoice();
      assert.equal((await t.post(INVOICES, body, signed(old.secret, body, clock))).status, 200, 'old secret at 599 s');
      assert.equal((await t.post(INVOICES, invoice(), bearer(old.token))).status, 200, 'old token at 599 s');
      clock = rotatedAt + 600 * SECOND;
      body = invoice();
      assert.equal((await t.post(INVOICES, body, signed(old.secret, body, clock))).status, 401, 'old secret at 600 s');
      assert.equal((await t.post(INVOICES, invoice(), bearer(old.token))).status, 401, 'old token at 600 s');
      body = invoice();
      assert.equal((await t.post(INVOICES, body, signed(rotated.secret, body, clock))).status, 200);
      assert.equal((await t.post(INVOICES, invoice(), bearer(rotated.token))).status, 200);
    });

    it('ONEC_SYNC_TIMEZONE gives 1C local dates their offset, and the stats day', async () => {
      const p = makePositions(1, 3);
      const body = writeOneCJson(
        outgoingInvoiceBody({
          number: 'TZ-1',
          date: '2024-07-01T09:00:00',
          counterparty: 'Tokyo',
          edrpou: '',
          total: totalOf(p),
          positions: p,
          paymentDue: '2024-12-31T23:00:00',
        }),
        { bom: true },
      );
      const res = await t.post(OUTGOING, body, bearer(envToken));
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.date, '2024-07-01T09:00:00+09:00');
      assert.equal(inv.paymentDue, '2024-12-31T23:00:00+09:00');
      clock = Date.parse('2026-07-15T15:30:00Z'); // 00:30 on the 16th in Tokyo
      const stats = (await t.get('/api/v1/stats')).json;
      assert.equal(stats.timezone, 'Asia/Tokyo');
      assert.equal(stats.today, '2026-07-16');
      assert.equal(stats.weekStart, '2026-07-13');
    });
  });
}
