import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import type { SourceId } from '../../src/domain/branded-ids.js';
import { ODataClient } from '../../src/odata/odata-client.js';
import type { ReconcileReport } from '../../src/reconcile/reconcile-report.js';
import { Reconciler } from '../../src/reconcile/reconciler.js';
import { browserSkip, launchChromium, signedInDashboard } from '../helpers/chromium.js';
import { FakeOData } from '../helpers/odata-server.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * The dashboard's "Reconciliation": a run of `onec-sync reconcile` against a server answering
 * like 1C's OData interface is listed with its counts per kind; its page shows each kind's
 * counts and the differing objects, a stored one as a link to its page (a declared kind's
 * object page, a classic client's page); a failed run shows its error. Both languages.
 */

const ITEM_GONE = '7d2e9a10-1b2c-4d3e-8f40-0000000000a1';
const ITEM_MISSING = '7d2e9a10-1b2c-4d3e-8f40-0000000000a2';
const CLIENT_GONE = '7d2e9a10-1b2c-4d3e-8f40-0000000000c1';

describe('reconciliation in the dashboard', { skip: browserSkip('Reconciliation dashboard test') }, () => {
  let t: TestService;
  let fake: FakeOData;
  let url: string;
  let browser: Browser;
  let page: Page;
  let found: ReconcileReport;
  let failed: ReconcileReport;
  const ids: Record<string, string> = {};

  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  };
  const reconcile = () =>
    new Reconciler(
      t.service.storage,
      t.service.ingestor,
      t.service.decoder,
      new ODataClient({ url, user: 'odata', password: 'пароль' }, { backoffMs: 1, retries: 0 }),
    ).run({ sourceId: 'default' as SourceId, kinds: ['item', 'client'].map((k) => t.service.decoder.kinds.require(k)) });

  before(async () => {
    t = await startTestService('sqlite');
    fake = new FakeOData({ user: 'odata', password: 'пароль' });
    url = await fake.start();
    // Stored, then deleted in 1C bypassing the handlers: gone. In 1C and never posted: missing.
    const item = await t.post(
      '/api/webhook/1c/items',
      writeOneCJson({
        action: 'update',
        data: { Ссылка: 'Цукор білий', Код: '00-0000001', Наименование: 'Цукор білий', Услуга: false, УникальныйИдентификатор: ITEM_GONE },
      }),
    );
    assert.equal(item.json.result, 'created', JSON.stringify(item.json));
    ids.item = item.json.id;
    const client = await t.post(
      '/api/webhook/1c/clients',
      writeOneCJson({ action: 'update', clientData: { СсылкаКлиента: 'ТОВ «Вікно»', Наименование: 'ТОВ «Вікно»', УникальныйИдентификатор: CLIENT_GONE } }),
    );
    assert.equal(client.json.result, 'created', JSON.stringify(client.json));
    ids.client = client.json.id;
    fake.set('Catalog_Номенклатура').push({ Ref_Key: ITEM_MISSING, DataVersion: 'AAAAAQ', DeletionMark: false, Code: '00-0000002', Description: 'Сіль' });
    fake.set('Catalog_Контрагенты');

    found = await reconcile();
    assert.equal(found.status, 'ok', found.error ?? '');
    fake.options.unreachableAfter = fake.requests;
    failed = await reconcile();
    fake.options.unreachableAfter = undefined;
    assert.equal(failed.status, 'failed');

    browser = await launchChromium();
    page = await signedInDashboard(browser, t.baseUrl, TEST_ADMIN_TOKEN);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
  });

  it('lists the runs, newest first, with their counts per kind and a failed run with its error', async () => {
    await page.click('[data-lang=uk]');
    await page.waitForSelector('#app[data-ready="/overview"]');
    await page.click('nav a[href="#/reconciliations"]');
    await page.waitForSelector('#app[data-ready="/reconciliations"]');
    assert.equal(await page.locator('nav a.active').textContent(), 'Звірка з 1С');
    const rows = page.locator('[data-testid=runs] tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /збій/);
    assert.match((await rows.nth(0).locator('[data-testid=run-error]').textContent()) ?? '', /unreachable/i);
    const first = (await rows.nth(1).locator('td').allTextContents()).join(' | ');
    assert.match(first, /default \| перевірка/);
    assert.match(first, /завершено/);
    assert.match(first, /Номенклатура: відсутні тут 1 · зникли з 1С 1/);
    assert.match(first, /Контрагенти: зникли з 1С 1/);

    await page.click('[data-lang=en]');
    await page.waitForSelector('#app[data-ready="/reconciliations"]');
    assert.equal(await page.locator('[data-testid=page-title]').textContent(), 'Reconciliation');
    assert.match((await rows.nth(1).textContent()) ?? '', /Items: missing here 1 · gone from 1C 1/);
  });

  it("a run's page: counts per kind, the differing objects, a stored one linking to its page", async () => {
    await page.click('[data-lang=uk]');
    await visit(`/reconciliation/${found.id}`);
    const head = await page.locator('[data-testid=run-kinds] thead th').allTextContents();
    const item = await page.locator('[data-testid=run-kinds] tbody tr').first().locator('td').allTextContents();
    const at = (label: string) => item[head.indexOf(label)];
    assert.equal(item[0], 'Номенклатура');
    assert.equal(at('У 1С'), '1');
    assert.equal(at('У сховищі'), '1');
    assert.equal(at('відсутні тут'), '1');
    assert.equal(at('зникли з 1С'), '1');
    assert.equal(at('інший вміст'), '0');

    const samples = page.locator('[data-testid=samples-item] tbody tr');
    assert.equal(await samples.count(), 2);
    const missing = samples.filter({ hasText: ITEM_MISSING });
    assert.equal(await missing.locator('a').count(), 0, 'an object missing here has no page to go to');
    await page.screenshot({ path: path.join(tmpdir(), 'onec-sync-reconciliation.png') });
    await samples.filter({ hasText: ITEM_GONE }).locator('[data-testid=sample-link]').click();
    await page.waitForSelector(`#app[data-ready="/object/item/${ids.item}"]`);

    await visit(`/reconciliation/${found.id}`);
    await page.locator('[data-testid=samples-client] [data-testid=sample-link]').click();
    await page.waitForSelector(`#app[data-ready="/client/${ids.client}"]`);
  });

  it("a failed run's page says why", async () => {
    await page.click('[data-lang=en]');
    await visit(`/reconciliation/${failed.id}`);
    assert.match((await page.locator('[data-testid=run-error]').textContent()) ?? '', /The reconciliation did not finish: .*unreachable/i);
    assert.match((await page.locator('[data-testid=run-kinds] tbody tr').first().textContent()) ?? '', /not read to the end/);
  });
});
