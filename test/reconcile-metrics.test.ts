/**
 * /metrics shows the last reconciliations with 1C, read from the database (a run happens in the
 * CLI's process, not the service's): per source, kind and difference the counts of the newest
 * run that compared the kind to the end, and when the last run ended and whether it was ok.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceId } from '../src/domain/branded-ids.js';
import { ODataClient } from '../src/odata/odata-client.js';
import { Reconciler } from '../src/reconcile/reconciler.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { metricValue } from './helpers/metrics-text.js';
import { clientEntity, clientWebhook } from './helpers/odata-client-entity.js';
import { FakeOData } from './helpers/odata-server.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const guid = (i: number) => `6c1e2f3a-4b5c-4d6e-8f70-${String(i).padStart(12, '0')}`;
const name = (i: number, variant = '') => `ТОВ «Звірка ${i}${variant}»`;
const version = (i: number, variant = '') => `AAAAAw${i}${variant}AAA=`;

/** A client as the generated module posts it, and as 1C's OData interface lists it. */
const client = (i: number, variant = '') => ({ uuid: guid(i), code: `00-${i}`, name: name(i, variant), edrpou: '32855961', dataVersion: version(i, variant) });
const webhook = (i: number) => clientWebhook(client(i));
const inOneC = (i: number, variant = '') => clientEntity(client(i, variant));

for (const dialect of selectedDialects()) {
  describe(`reconciliation metrics on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let fake: FakeOData;
    let url: string;

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_METRICS_SAMPLE_SECONDS: '0' });
      fake = new FakeOData({ user: 'odata', password: 'пароль' });
      url = await fake.start();
      // Stored: 1, 2 and 4. In 1C: 1 as stored, 3 never posted, 4 renamed without a webhook; 2 deleted bypassing the handlers.
      for (const i of [1, 2, 4]) assert.equal((await t.post('/api/webhook/1c/clients', webhook(i))).status, 200);
      fake.set('Catalog_Контрагенты').push(inOneC(1), inOneC(3), inOneC(4, ' (нова назва)'));
    });
    after(async () => {
      await t?.close();
      await fake?.close();
    });

    const reconcile = (repair = false) =>
      new Reconciler(
        t.service.storage,
        t.service.ingestor,
        t.service.decoder,
        new ODataClient({ url, user: 'odata', password: 'пароль' }, { backoffMs: 1, retries: 0 }),
      ).run({ sourceId: 'default' as SourceId, kinds: [t.service.decoder.kinds.require('client')], repair });
    const scrape = async () => (await fetch(`${t.baseUrl}/metrics`, { headers: ADMIN })).text();
    const drift = (text: string, difference: string) => metricValue(text, 'onec_sync_reconcile_drift', { source: 'default', kind: 'client', difference });
    const allDrift = (text: string) => Object.fromEntries(['missing', 'gone', 'deletion-mark', 'content', 'unreadable'].map((d) => [d, drift(text, d)]));

    it('no run yet: no series', async () => {
      const text = await scrape();
      assert.equal(metricValue(text, 'onec_sync_reconcile_drift', {}, { absent: -1 }), -1);
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_run_timestamp_seconds', {}, { absent: -1 }), -1);
    });

    it('after a run with differences, each kind of difference is counted; after a repair and a clean run, zero', async () => {
      const found = await reconcile();
      assert.equal(found.status, 'ok', found.error ?? '');
      let text = await scrape();
      assert.deepEqual(allDrift(text), { missing: 1, gone: 1, 'deletion-mark': 0, content: 1, unreadable: 0 });
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_run_ok', { source: 'default' }), 1);
      const firstEnd = metricValue(text, 'onec_sync_reconcile_last_run_timestamp_seconds', { source: 'default' });
      assert.equal(firstEnd, Date.parse(found.finishedAt!) / 1000);
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_success_timestamp_seconds', { source: 'default' }), firstEnd);

      const repaired = await reconcile(true);
      assert.equal(repaired.status, 'ok', repaired.error ?? '');
      const clean = await reconcile();
      assert.equal(clean.status, 'ok', clean.error ?? '');
      text = await scrape();
      assert.deepEqual(allDrift(text), { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 0 });
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_run_timestamp_seconds', { source: 'default' }), Date.parse(clean.finishedAt!) / 1000);
    });

    it('a failed run: the last run is not ok, the last success stays, and the unfinished kind keeps the figures of the run before', async () => {
      const before = await scrape();
      const success = metricValue(before, 'onec_sync_reconcile_last_success_timestamp_seconds', { source: 'default' });
      fake.set('Catalog_Контрагенты').push(inOneC(5));
      fake.options.unreachableAfter = fake.requests;
      const failed = await reconcile();
      fake.options.unreachableAfter = undefined;
      assert.equal(failed.status, 'failed');
      const text = await scrape();
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_run_ok', { source: 'default' }), 0);
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_run_timestamp_seconds', { source: 'default' }), Date.parse(failed.finishedAt!) / 1000);
      assert.equal(metricValue(text, 'onec_sync_reconcile_last_success_timestamp_seconds', { source: 'default' }), success);
      assert.equal(drift(text, 'missing'), 0, 'the failed run never finished listing: its zero is not a figure');

      const found = await reconcile();
      assert.equal(found.status, 'ok', found.error ?? '');
      assert.equal(drift(await scrape(), 'missing'), 1);
    });
  });
}
