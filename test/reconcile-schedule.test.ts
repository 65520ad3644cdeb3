/**
 * The scheduled reconciliation (ONEC_SYNC_RECONCILE_EVERY): each period runs once per source
 * however many replicas share the database, repairs when told to, and the OData password it
 * reads with is sealed at rest like the webhook secrets.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SecretBox } from '../src/auth/secret-box.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { ReconcileSchedule } from '../src/reconcile/reconcile-schedule.js';
import { listReconciliations, upsertSourceOData } from '../src/storage/repositories/reconciliations-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { clientEntity, clientWebhook } from './helpers/odata-client-entity.js';
import { FakeOData } from './helpers/odata-server.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const KEY = randomBytes(32).toString('base64');
const guid = (i: number) => `6c1d2e3f-4a5b-4c6d-8e9f-${String(i).padStart(12, '0')}`;
const silent = { info: () => {}, warn: () => {} };

const client = (i: number) => ({ uuid: guid(i), code: `00-000${i}`, name: `ТОВ «Клієнт ${i}»`, edrpou: '32855961', dataVersion: `AAAAAQ${i}AAA=` });

it('ONEC_SYNC_RECONCILE_EVERY, _REPAIR and _KINDS are read and checked at start', () => {
  assert.equal(loadConfig({}).reconcile, undefined);
  const schedule = loadConfig({ ONEC_SYNC_RECONCILE_EVERY: '6h', ONEC_SYNC_RECONCILE_REPAIR: 'true', ONEC_SYNC_RECONCILE_KINDS: 'sale, client' }).reconcile;
  assert.deepEqual(schedule, { everyMs: 6 * 3_600_000, repair: true, kinds: ['sale', 'client'] });
  assert.throws(() => loadConfig({ ONEC_SYNC_RECONCILE_EVERY: 'daily' }), ConfigError);
  assert.throws(() => loadConfig({ ONEC_SYNC_RECONCILE_EVERY: '1d', ONEC_SYNC_RECONCILE_REPAIR: 'perhaps' }), ConfigError);
});

for (const dialect of selectedDialects()) {
  describe(`scheduled reconciliation on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let fake: FakeOData;

    before(async () => {
      fake = new FakeOData({ user: 'odata', password: 'пароль' });
      const url = await fake.start();
      for (const i of [1, 2, 3]) fake.set('Catalog_Контрагенты').push(clientEntity(client(i)));
      t = await startTestService(dialect, {
        ONEC_SYNC_SECRET_KEY: KEY,
        ONEC_SYNC_RECONCILE_EVERY: '1d',
        ONEC_SYNC_RECONCILE_REPAIR: 'true',
        ONEC_SYNC_RECONCILE_KINDS: 'client',
      });
      // Stored in clear, as a connection registered before the key was set would be.
      await upsertSourceOData(t.service.storage.db, {
        source_id: 'default',
        url,
        username: 'odata',
        password: 'пароль',
        updated_at: new Date().toISOString(),
      });
      assert.equal((await t.post('/api/webhook/1c/clients', clientWebhook(client(1)))).status, 200);
    });
    after(async () => {
      await t?.close();
      await fake?.close();
    });

    it('the service builds its schedule from the configuration, and an unknown kind refuses the start', async () => {
      assert.ok(t.service.reconcileSchedule instanceof ReconcileSchedule);
      await assert.rejects(startTestService(dialect, { ONEC_SYNC_RECONCILE_EVERY: '1d', ONEC_SYNC_RECONCILE_KINDS: 'client,payroll' }), (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /payroll/);
        return true;
      });
    });

    it('a period runs once between replicas sharing the database, repairing what differs', async () => {
      const noon = () => new Date('2030-01-07T12:00:00Z');
      const replica = () =>
        new ReconcileSchedule(
          t.service.storage,
          t.service.ingestor,
          t.service.decoder,
          SecretBox.fromKey(KEY),
          { everyMs: 86_400_000, repair: true, kinds: ['client'] },
          { now: noon, client: { backoffMs: 1, retries: 1 } },
        );
      const [a, b] = await Promise.all([replica().runDue(silent), replica().runDue(silent)]);
      const reports = [...a, ...b];
      assert.equal(reports.length, 1, 'exactly one replica runs the period');
      const [report] = reports;
      assert.equal(report!.status, 'ok', report!.error ?? '');
      assert.equal(report!.kinds[0]!.counts.missing, 2);
      assert.equal(report!.kinds[0]!.repaired, 2);
      assert.equal((await t.get('/api/v1/clients?limit=10')).json.items.length, 3);
      // Later in the same period: nothing; the next period: a run, and the base is in sync.
      assert.deepEqual(await replica().runDue(silent), []);
      const next = new ReconcileSchedule(
        t.service.storage,
        t.service.ingestor,
        t.service.decoder,
        SecretBox.fromKey(KEY),
        { everyMs: 86_400_000, repair: true, kinds: ['client'] },
        { now: () => new Date('2030-01-08T00:00:01Z') },
      );
      const [again] = await next.runDue(silent);
      assert.equal(again!.status, 'ok');
      assert.equal(again!.kinds[0]!.counts.missing, 0);
    });

    it('the timer runs the first period on its own, and the OData password is sealed at rest', async () => {
      // A replica started with the key seals what it finds in clear, as it does webhook secrets.
      const replica = await startTestService(dialect, { ONEC_SYNC_SECRET_KEY: KEY }, { databaseUrl: t.databaseUrl });
      await replica.close();
      const row = await t.service.storage.db.selectFrom('source_odata').select('password').executeTakeFirstOrThrow();
      assert.ok(SecretBox.isSealed(row.password!), 'sealed at start, as webhook secrets are');
      assert.ok(!row.password!.includes('пароль'));
      const before = (await listReconciliations(t.service.storage.db, 50)).length;
      const timed = new ReconcileSchedule(
        t.service.storage,
        t.service.ingestor,
        t.service.decoder,
        SecretBox.fromKey(KEY),
        { everyMs: 86_400_000, repair: false, kinds: ['client'] },
        { now: () => new Date('2030-01-09T08:00:00Z'), firstAfterMs: 1 },
      );
      timed.start(silent);
      const deadline = Date.now() + 10_000;
      while ((await listReconciliations(t.service.storage.db, 50)).filter((r) => r.status !== 'running').length === before && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await timed.stop();
      const [newest] = await listReconciliations(t.service.storage.db, 1);
      assert.equal(newest?.status, 'ok');
      assert.equal(JSON.parse(newest!.report).kinds[0].counts.missing, 0);
    });
  });
}
