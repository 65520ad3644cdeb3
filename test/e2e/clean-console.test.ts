import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { date, num, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { webhookPath } from '../../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../../src/emulator/payload-builder.js';
import { browserSkip, launchChromium } from '../helpers/chromium.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Every page of the dashboard, visited as an operator does, leaves the browser's console
 * clean: no console error, no uncaught exception, no Content-Security-Policy violation and no
 * request the page makes by itself answered ≥ 400 or failed (a missing favicon counts).
 */

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('every dashboard page with a clean console', { skip: browserSkip('Clean-console browser test') }, () => {
  let t: TestService;
  let erp: WebhookReceiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const ids: Record<string, string> = {};

  /** Everything a page may not do, as one list: each entry names the page it happened on. */
  function watch(p: Page) {
    const where = () => p.url().replace(t.baseUrl, '');
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()} on ${where()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`pageerror on ${where()}: ${e.message}`));
    p.on('requestfailed', (r) => problems.push(`request failed on ${where()}: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
    p.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} on ${where()}: ${r.request().method()} ${r.url()}`);
    });
  }

  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  };

  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true' });
    erp = await new WebhookReceiver().start();
    const positions = makePositions(3, 2);
    const posted = async (endpoint: string, body: Parameters<typeof writeOneCJson>[0]) => {
      const res = await t.post(endpoint, writeOneCJson(body, { bom: true }));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json;
    };
    ids.incoming = (
      await posted(
        webhookPath('incoming'),
        incomingInvoiceBody({
          number: 'ПТ-000501',
          date: '2026-11-02T10:00:00',
          counterparty: 'ТОВ «Консоль»',
          edrpou: '32855961',
          total: totalOf(positions),
          positions,
        }),
      )
    ).id;
    ids.outgoing = (
      await posted(
        webhookPath('outgoing'),
        outgoingInvoiceBody({
          number: 'РФ-000502',
          date: '2026-11-03T10:00:00',
          counterparty: 'ТОВ «Консоль»',
          edrpou: '32855961',
          total: totalOf(positions),
          positions,
          paymentDue: '2026-11-20T00:00:00',
          clientCode: '000000501',
        }),
      )
    ).id;
    const client = await posted(webhookPath('client'), clientBody({ code: '000000501', name: 'ТОВ «Консоль»', edrpou: '32855961' }));
    ids.client = client.id;
    ids.event = client.eventId;
    ids.rejected = (await t.post(webhookPath('incoming'), '{"broken":')).json.eventId;
    ids.sale = (
      await posted('/api/webhook/1c/sales', {
        action: 'update',
        data: {
          Ссылка: 'Реалізація РТ-000503',
          Номер: 'РТ-000503',
          Дата: date('2026-11-04T10:00:00'),
          Контрагент: { УникальныйИдентификатор: '5b4f7a2e-0c1d-4e8f-9a3b-000000000503', Представление: 'ТОВ «Консоль»', Тип: 'Справочник.Контрагенты' },
          СуммаДокумента: num('150.5'),
          Товары: [{ Номенклатура: null, Количество: num('1'), Цена: num('150.5'), Сумма: num('150.5') }],
        },
      })
    ).id;
    const subscription = await t.post('/api/v1/subscriptions', JSON.stringify({ url: `${erp.url}/hooks` }), admin);
    assert.equal(subscription.status, 201, JSON.stringify(subscription.json));
    ids.subscription = subscription.json.subscription.id;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'uk-UA' });
    // Reported to the test by the page itself: a violation is an event, not always a console line.
    await context.exposeBinding('reportCspViolation', ({ page: p }, text: string) =>
      problems.push(`CSP violation on ${p.url().replace(t.baseUrl, '')}: ${text}`),
    );
    await context.addInitScript(() => {
      (globalThis as any).document.addEventListener('securitypolicyviolation', (e: any) => {
        (globalThis as any).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    page = await context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await erp?.close();
    await t?.close();
  });

  it('logs in, then visits every page, each in both languages, without a console error, CSP violation or failed request', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.waitForSelector('[data-testid=api-key]');
    await page.fill('[data-testid=api-key]', TEST_ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#app[data-ready="/overview"]');
    const pages = [
      '/overview',
      '/invoices/incoming',
      '/invoices/outgoing',
      `/invoice/${ids.incoming}`,
      `/invoice/${ids.outgoing}`,
      '/clients',
      `/client/${ids.client}`,
      '/events',
      '/events?status=rejected',
      `/event/${ids.event}`,
      `/event/${ids.rejected}`,
      '/sources',
      '/reconciliations',
      '/subscriptions',
      `/subscription/${ids.subscription}`,
      '/invoices/incoming?from=2026-11-01&to=2026-11-30',
      '/events?until=2026-12-31T23:59',
      '/objects/sale',
      `/object/sale/${ids.sale}`,
      '/objects/sale?sort=amount&deleted=true',
      '/objects/item',
      '/objects/bank-payment',
    ];
    for (const lang of ['uk', 'en']) {
      await page.click(`[data-lang=${lang}]`);
      for (const hash of pages) await visit(hash);
    }
    // A full reload of a deep page, and the login page itself, load every file again.
    await page.reload();
    await page.waitForSelector('#app[data-ready]');
    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=api-key]');
    await page.reload();
    await page.waitForSelector('[data-testid=api-key]');
    assert.deepEqual(problems, []);
  });

  it('still catches what it is there to catch: an inline style and a missing file', async () => {
    const before = problems.length;
    await page.evaluate(() => {
      const div = (globalThis as any).document.createElement('div');
      div.setAttribute('style', 'color: red');
      (globalThis as any).document.body.append(div);
      return fetch('/assets/missing.js').then((r) => r.status);
    });
    await page.waitForTimeout(200);
    const found = problems.slice(before).join('\n');
    assert.match(found, /CSP violation .*style-src/);
    assert.match(found, /HTTP 404 .*\/assets\/missing\.js/);
  });
});
