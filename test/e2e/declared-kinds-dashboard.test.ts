import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { date, num, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { browserSkip, launchChromium, signedInDashboard } from '../helpers/chromium.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * The dashboard draws a declared kind from its declaration: the navigation lists it, the list
 * shows its declared columns, the object page its attributes and each tabular section, and a
 * reference is a link to the object it points to — for a shipped kind and a company's own.
 */

const CLIENT = '5b4f7a2e-0c1d-4e8f-9a3b-0000000000c1';

describe('declared kinds in the dashboard', { skip: browserSkip('Declared-kinds dashboard test') }, () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, string> = {};

  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  };

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kinds-'));
    writeFileSync(
      path.join(dir, 'service-act.json'),
      JSON.stringify({
        kind: 'service-act',
        object: 'Документ.АктВыполненныхРабот',
        label: { uk: 'Акти виконаних робіт', en: 'Service acts' },
        attributes: [
          { name: 'Номер', type: 'Строка(11)', label: { uk: 'Номер', en: 'Number' } },
          { name: 'Дата', type: 'ДатаВремя', label: { uk: 'Дата', en: 'Date' } },
          { name: 'Замовник', type: 'СправочникСсылка.Контрагенты', label: { uk: 'Замовник', en: 'Customer' } },
        ],
        tabularSections: [
          {
            name: 'Роботи',
            label: { uk: 'Роботи', en: 'Works' },
            attributes: [{ name: 'Опис', type: 'Строка(100)', label: { uk: 'Опис', en: 'Description' } }],
          },
        ],
        roles: { number: 'Номер', date: 'Дата', counterparty: 'Замовник' },
      }),
    );
    t = await startTestService('sqlite', { ONEC_SYNC_KINDS_DIR: dir });
    ids.client = (
      await t.post(
        '/api/webhook/1c/clients',
        writeOneCJson({ action: 'update', clientData: { СсылкаКлиента: 'ТОВ «Вікно»', Наименование: 'ТОВ «Вікно»', УникальныйИдентификатор: CLIENT } }),
      )
    ).json.id;
    const act = await t.post(
      '/api/webhook/1c/service-act',
      writeOneCJson(
        {
          action: 'update',
          data: {
            Ссылка: 'Акт АВ-7',
            Номер: 'АВ-7',
            Дата: date('2026-12-02T15:30:00'),
            Замовник: { УникальныйИдентификатор: CLIENT, Представление: 'ТОВ «Вікно»', Тип: 'Справочник.Контрагенты' },
            Роботи: [{ Опис: 'Монтаж вікна' }, { Опис: 'Вивіз сміття' }],
            НомерСобытия: num('1'),
          },
        },
        { bom: true },
      ),
    );
    assert.equal(act.status, 200, JSON.stringify(act.json));
    ids.act = act.json.id;
    browser = await launchChromium();
    page = await signedInDashboard(browser, t.baseUrl, TEST_ADMIN_TOKEN);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the kind in the navigation and its objects with the declared columns, in both languages', async () => {
    await page.click('[data-lang=uk]');
    const nav = await page.locator('nav a').allTextContents();
    assert.ok(nav.includes('Акти виконаних робіт') && nav.includes('Реалізація товарів і послуг'), nav.join(' | '));
    await visit('/objects/service-act');
    assert.deepEqual(await page.locator('[data-testid=object-list] thead th').allTextContents(), ['Номер', 'Дата', 'Замовник', '']);
    const row = await page.locator('[data-testid=object-list] tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(row.slice(0, 3), ['АВ-7', '02.12.2026 15:30', 'ТОВ «Вікно»']);
    await page.click('[data-lang=en]');
    await page.waitForSelector('#app[data-ready="/objects/service-act"]');
    assert.deepEqual(await page.locator('[data-testid=object-list] thead th').allTextContents(), ['Number', 'Date', 'Customer', '']);
    assert.equal(await page.locator('[data-testid=page-title]').textContent(), 'Service acts');
  });

  it('shows an object with its tabular section, and its reference leads to the client', async () => {
    await page.click('[data-testid=object-link]');
    await page.waitForSelector(`#app[data-ready="/object/service-act/${ids.act}"]`);
    assert.deepEqual(await page.locator('[data-testid="section-Роботи"] tbody td:nth-child(2)').allTextContents(), ['Монтаж вікна', 'Вивіз сміття']);
    await page.screenshot({ path: path.join(tmpdir(), 'onec-sync-declared-object.png') });
    await page.click('[data-testid=object-fields] [data-testid=reference]');
    await page.waitForSelector(`#app[data-ready="/client/${ids.client}"]`);
  });
});
