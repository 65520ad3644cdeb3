import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { referenceSign } from './helpers/reference-sign.js';
import { freshDatabaseUrl, startTestService, TEST_ADMIN_TOKEN } from './helpers/test-service.js';

/** Webhook secrets sealed at rest with ONEC_SYNC_SECRET_KEY (AES-256-GCM). */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const KEY = randomBytes(32).toString('base64');

function invoice(number: string): Buffer {
  const positions = makePositions(1);
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2025-07-01T09:00:00', counterparty: 'ТОВ Сейф', edrpou: '32855961', total: totalOf(positions), positions }),
    { bom: true },
  );
}

function signed(secret: string, body: Buffer, id: string) {
  const ts = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': referenceSign(secret, id, ts, body) };
}

it('refuses an ONEC_SYNC_SECRET_KEY that is not 32 bytes of base64', () => {
  assert.throws(() => loadConfig({ ONEC_SYNC_SECRET_KEY: 'short' }), ConfigError);
  assert.throws(() => loadConfig({ ONEC_SYNC_SECRET_KEY: randomBytes(16).toString('base64') }), ConfigError);
  assert.equal(loadConfig({ ONEC_SYNC_SECRET_KEY: KEY }).secretKey, KEY);
});

for (const dialect of selectedDialects()) {
  describe(`webhook secrets at rest on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let database: { url: string; cleanup(): Promise<void> };
    before(async () => {
      database = await freshDatabaseUrl(dialect);
    });
    after(() => database?.cleanup());

    const storedSecrets = async (t: Awaited<ReturnType<typeof startTestService>>) =>
      (await t.service.storage.db.selectFrom('source_credentials').select('value').where('kind', '=', 'secret').execute()).map((r) => r.value);

    it('seals secrets stored before the key was set, verifies with them, and refuses to start without the key', async () => {
      const env = { ONEC_SYNC_ALLOW_UNSIGNED: 'false' };
      const plain = await startTestService(dialect, env, { databaseUrl: database.url });
      let source: { sourceId: string; secret: string };
      try {
        const res = await fetch(`${plain.baseUrl}/api/v1/sources`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'ТОВ До ключа' }) });
        source = (await res.json()) as typeof source;
        assert.deepEqual(await storedSecrets(plain), [source.secret], 'without a key, stored as issued');
      } finally {
        await plain.close();
      }

      const sealed = await startTestService(dialect, { ...env, ONEC_SYNC_SECRET_KEY: KEY }, { databaseUrl: database.url });
      try {
        const [stored] = await storedSecrets(sealed);
        assert.match(stored!, /^enc:v1:/, 'sealed at start');
        assert.ok(!stored!.includes(source.secret.slice(6, 20)));
        const body = invoice('SE-1');
        assert.equal((await sealed.post(INVOICES, body, signed(source.secret, body, 'msg_se1'))).status, 200, 'signatures still verify');

        const created = await fetch(`${sealed.baseUrl}/api/v1/sources`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'ТОВ З ключем' }) });
        const second = (await created.json()) as { sourceId: string; secret: string };
        assert.ok(
          (await storedSecrets(sealed)).every((v) => v.startsWith('enc:v1:') && !v.includes(second.secret.slice(6))),
          'new secrets are sealed',
        );
        const body2 = invoice('SE-2');
        assert.equal((await sealed.post(INVOICES, body2, signed(second.secret, body2, 'msg_se2'))).status, 200);
        const modules = await fetch(`${sealed.baseUrl}/api/v1/sources/${second.sourceId}/bsl`, {
          method: 'POST',
          headers: ADMIN,
          body: JSON.stringify({ url: 'https://erp.example.com', secret: second.secret }),
        });
        assert.equal(modules.status, 200, "the operator's secret is checked against the opened one");
      } finally {
        await sealed.close();
      }

      await assert.rejects(startTestService(dialect, env, { databaseUrl: database.url }), /ONEC_SYNC_SECRET_KEY/);
      await assert.rejects(
        startTestService(dialect, { ...env, ONEC_SYNC_SECRET_KEY: randomBytes(32).toString('base64') }, { databaseUrl: database.url }),
        /another key/,
      );
    });
  });
}
