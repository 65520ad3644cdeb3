import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import { webhookPath } from '../../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../../src/emulator/payload-builder.js';
import { browserSkip, launchChromium } from '../helpers/chromium.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * The Subscriptions page (Підписки) in Debian's headless Chromium against the real
 * service and real receivers: add a subscription and see its secret once, send a test,
 * see a failing endpoint's attempts, fix the endpoint and redeliver.
 */
const SHOTS = path.resolve('test/artifacts/screenshots');

const norm = (s: string | null) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('Subscriptions page in headless Chromium', { skip: browserSkip('Subscriptions browser test') }, () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  let erp: WebhookReceiver;
  let broken: WebhookReceiver;
  const dialogs: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const ready = (hash: string) => page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await ready(hash);
  };
  const reload = async (hash: string) => {
    await page.reload();
    await ready(hash);
  };

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService('sqlite', {
      ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
      ONEC_SYNC_DELIVERY_POLL_MS: '50',
      ONEC_SYNC_DELIVERY_BACKOFF_BASE_MS: '40',
      ONEC_SYNC_DELIVERY_BACKOFF_MAX_MS: '150',
      ONEC_SYNC_DELIVERY_TIMEOUT_MS: '2000',
    });
    erp = await new WebhookReceiver().start();
    broken = await new WebhookReceiver().start();
    broken.respond = () => ({ status: 422, body: 'Контрагента не знайдено в ERP' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'uk-UA' });
    page.on('dialog', async (d) => {
      if (d.type() !== 'confirm') dialogs.push(d.message());
      await d.accept();
    });
    page.on('pageerror', (e) => dialogs.push(`pageerror: ${e.message}`));
    await page.goto(`${t.baseUrl}/`);
    await page.fill('[data-testid=api-key]', TEST_ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await ready('/overview');
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await erp?.close();
    await broken?.close();
  });

  const addSubscription = async (url: string) => {
    await visit('/subscriptions');
    await page.fill('[data-testid=subscription-form] input[name=url]', url);
    await page.click('[data-testid=subscription-form] button[type=submit]');
    await page.waitForSelector('[data-testid=subscription-secret]');
    await ready('/subscriptions');
    return norm(await page.textContent('[data-testid=subscription-secret]'));
  };

  it('adds a subscription and shows its secret once; a test send reaches the ERP, signed with it', async () => {
    const secret = await addSubscription(`${erp.url}/hooks`);
    assert.match(secret, /^whsec_/);
    assert.equal(norm(await page.textContent('[data-testid=page-title]')), 'Підписки');
    await shot('subscriptions-created');
    await reload('/subscriptions');
    assert.equal(await page.$('[data-testid=subscription-secret]'), null, 'the secret is gone after a reload');
    assert.ok(!(await page.content()).includes(secret), 'and nowhere on the page');

    const link = await page.waitForSelector(`[data-testid=subscriptions] a[href^="#/subscription/"]`);
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await ready(href.slice(1));
    await page.click('[data-testid=test-send]');
    await page.waitForSelector('[data-testid=test-result]');
    assert.match(norm(await page.textContent('[data-testid=test-result]')), /ERP відповіла успішно — 200/);
    assert.equal(erp.requests.length, 1);
    const verified = new Webhook(secret).verify(erp.requests[0]!.body, erp.requests[0]!.headers as Record<string, string>) as { type: string };
    assert.equal(verified.type, 'test');
  });

  it("shows a failing endpoint's attempts, then redelivers once it is fixed", async () => {
    await addSubscription(broken.url);
    const positions = makePositions(2, 4);
    const body = writeOneCJson(
      incomingInvoiceBody({
        number: 'ПТ-000901',
        date: '2024-02-01T10:00:00',
        counterparty: 'ТОВ «Нова»',
        edrpou: '32855961',
        total: totalOf(positions),
        positions,
      }),
      { bom: true },
    );
    assert.equal((await t.post(webhookPath('incoming'), body)).status, 200);
    await broken.waitFor((rs) => rs.length === 1);
    await erp.waitFor((rs) => rs.length === 2, 15_000, 'the working ERP got the change too');

    const { json } = await t.get('/api/v1/subscriptions');
    const failing = json.items.find((s: any) => s.url.startsWith(broken.url));
    const hash = `/subscription/${failing.id}`;
    // The 422 is recorded just after the receiver answers: reload until the page shows it.
    for (let i = 0; i < 50; i++) {
      await visit(i % 2 ? hash : '/subscriptions');
      await visit(hash);
      if ((await page.textContent('[data-testid=deliveries]'))?.includes('не доставлено')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(norm(await page.textContent('[data-testid=deliveries]')), /не доставлено/);
    const log = norm(await page.textContent('[data-testid=attempts]'));
    assert.match(log, /остаточна відмова/);
    assert.match(log, /422/);
    assert.match(log, /Контрагента не знайдено в ERP/, "the ERP's answer is shown");
    await shot('subscription-failing');

    broken.respond = () => ({ status: 200 });
    await page.click('[data-testid=redeliver-all]');
    await broken.waitFor((rs) => rs.some((r) => r.status === 200));
    for (let i = 0; i < 50; i++) {
      await reload(hash);
      if (
        (await page.textContent('[data-testid=deliveries]'))?.includes('доставлено') &&
        !(await page.textContent('[data-testid=deliveries]'))?.includes('не доставлено')
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(norm(await page.textContent('[data-testid=deliveries]')), /доставлено/);
    assert.doesNotMatch(norm(await page.textContent('[data-testid=deliveries]')), /не доставлено/);
    assert.match(norm(await page.textContent('[data-testid=attempts]')), /успіх/);

    await page.click('[data-lang=en]');
    await ready(hash);
    assert.match(norm(await page.textContent('[data-testid=attempts]')), /gave up/);
    await page.click('[data-lang=uk]');
    assert.deepEqual(dialogs, [], 'no alerts or page errors');
  });
});
