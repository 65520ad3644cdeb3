import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import { webhookPath } from '../../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, totalOf } from '../../src/emulator/payload-builder.js';
import { browserSkip, launchChromium } from '../helpers/chromium.js';
import { parseCsv } from '../helpers/parse-csv.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * What an accountant types and takes away, in a Chromium that is not Ukrainian (en-US, New
 * York time): date filters in dd.mm.yyyy whatever the browser's locale, sent to the API as
 * ISO dates; the journal's "until" read in the 1C zone; the list exported with a click.
 */

describe('date filters and exports in an en-US Chromium', { skip: browserSkip('Date and export browser tests') }, () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  const apiCalls: URL[] = [];
  const positions = makePositions(3, 9);

  const ready = (prefix: string) => page.waitForSelector(`#app[data-ready^="${prefix}"]`, { timeout: 10_000 });
  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  };
  const hashParams = async () => new URLSearchParams((await page.evaluate(() => (globalThis as any).location.hash as string)).split('?')[1] ?? '');
  const lastCall = (pathname: string) => [...apiCalls].reverse().find((u) => u.pathname === pathname);

  before(async () => {
    // Six rows at most: one invoice (three positions) fits, all three do not.
    t = await startTestService('sqlite', { ONEC_SYNC_EXPORT_MAX_ROWS: '6' });
    for (const [number, date] of [
      ['ПТ-001231', '2026-12-31T10:00:00'],
      ['ПТ-001230', '2026-12-30T10:00:00'],
      ['ПТ-000101', '2027-01-01T10:00:00'],
    ] as const) {
      const res = await t.post(
        webhookPath('incoming'),
        writeOneCJson(incomingInvoiceBody({ number, date, counterparty: 'ТОВ «Рік»', edrpou: '00032945', total: totalOf(positions), positions }), {
          bom: true,
        }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.json));
    }
    assert.equal((await t.post(webhookPath('client'), writeOneCJson(clientBody({ code: '000000777', name: 'ТОВ «Рік»', edrpou: '00032945' })))).status, 200);

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) apiCalls.push(u);
    });
    await page.goto(`${t.baseUrl}/`);
    await page.fill('[data-testid=api-key]', TEST_ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await ready('/overview');
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is an en-US browser: a native date field there would ask for mm/dd/yyyy', async () => {
    assert.equal(await page.evaluate(() => (globalThis as any).navigator.language), 'en-US');
    assert.equal(await page.evaluate(() => new Intl.DateTimeFormat().format(new Date(Date.UTC(2026, 11, 31, 12)))), '12/31/2026');
  });

  it('takes 31.12.2026 in the invoice filters, shows it so, and sends the API 2026-12-31', async () => {
    await visit('/invoices/incoming');
    assert.equal(await page.getAttribute('[data-testid=date-from]', 'type'), 'text');
    assert.equal(await page.getAttribute('[data-testid=date-from]', 'placeholder'), 'дд.мм.рррр');
    await page.fill('[data-testid=date-from]', '31.12.2026');
    await page.fill('[data-testid=date-to]', '31.12.26');
    await page.click('[data-testid=invoice-filters] button[type=submit]');
    await ready('/invoices/incoming?');
    const params = await hashParams();
    assert.deepEqual([params.get('from'), params.get('to')], ['2026-12-31', '2026-12-31']);
    const call = lastCall('/api/v1/invoices')!;
    assert.deepEqual([call.searchParams.get('from'), call.searchParams.get('to')], ['2026-12-31', '2026-12-31']);
    const numbers = await page.$$eval('[data-testid=invoice-list] [data-testid=invoice-link]', (as: any[]) => as.map((a) => a.textContent));
    assert.deepEqual(numbers, ['ПТ-001231']);
    assert.equal(await page.inputValue('[data-testid=date-from]'), '31.12.2026');
    assert.equal(await page.inputValue('[data-testid=date-to]'), '31.12.2026', 'a short year is written out in full');
  });

  it('refuses an impossible or American date instead of guessing', async () => {
    const before = await page.evaluate(() => (globalThis as any).location.hash);
    for (const text of ['31.02.2026', '12/31/2026', '2026-13-01', 'завтра']) {
      await page.fill('[data-testid=date-from]', text);
      assert.equal(await page.$eval('[data-testid=date-from]', (i: any) => i.checkValidity()), false, text);
    }
    await page.click('[data-testid=invoice-filters] button[type=submit]');
    assert.equal(await page.evaluate(() => (globalThis as any).location.hash), before, 'the form is not sent');
    await page.fill('[data-testid=date-from]', '31122026');
    await page.press('[data-testid=date-from]', 'Tab');
    assert.equal(await page.inputValue('[data-testid=date-from]'), '31.12.2026');
  });

  it('exports the filtered list as XLSX with a click: one row per position, a date cell, numbers', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    assert.match(download.suggestedFilename(), /^invoices-incoming-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const call = lastCall('/api/v1/invoices/export')!;
    assert.deepEqual(
      [call.searchParams.get('from'), call.searchParams.get('to'), call.searchParams.get('kind'), call.searchParams.get('format')],
      ['2026-12-31', '2026-12-31', 'incoming', 'xlsx'],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.equal(sheet.rowCount, 1 + positions.length);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1);
    assert.equal(cell(2, 'Номер').value, 'ПТ-001231');
    assert.equal(cell(2, 'Дата').type, ExcelJS.ValueType.Date);
    assert.equal((cell(2, 'Дата').value as Date).toISOString(), '2026-12-31T00:00:00.000Z');
    assert.equal(cell(2, 'Дата').numFmt, 'dd.mm.yyyy');
    assert.equal(cell(2, 'Сума документа').value, Number(totalOf(positions)));
    assert.equal(cell(2, 'Сума документа').numFmt, '#,##0.00');
    assert.equal(cell(2, 'ЄДРПОУ').value, '00032945');
    assert.deepEqual(
      [2, 3, 4].map((r) => cell(r, 'Сума').value),
      positions.map((p) => Number(p.amount)),
    );
  });

  it('exports the clients as CSV for a Ukrainian Excel with a click', async () => {
    await visit('/clients');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    assert.match(download.suggestedFilename(), /^clients-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const [header, row] = parseCsv(bytes.subarray(3).toString('utf8')) as [string[], string[]];
    assert.equal(row[header.indexOf('Найменування')], 'ТОВ «Рік»');
    assert.equal(row[header.indexOf('Код')], '="000000777"');
  });

  it('shows a refused export as a message, not a broken file', async () => {
    await visit('/invoices/incoming');
    await page.click('[data-testid=export-csv]');
    await page.waitForSelector('[data-testid=export-status] .msg.error');
    assert.match((await page.textContent('[data-testid=export-status]')) ?? '', /EXPORT_TOO_LARGE: .*9 rows/);
  });

  it('reads the journal\'s "until" as 1C time (Kyiv), not the browser\'s (New York)', async () => {
    await visit('/events');
    assert.equal(await page.getAttribute('[data-testid=date-until]', 'placeholder'), 'дд.мм.рррр гг:хх');
    await page.fill('[data-testid=date-until]', '31.12.2026 23:59');
    await page.press('[data-testid=date-until]', 'Enter');
    await ready('/events?');
    assert.equal((await hashParams()).get('until'), '2026-12-31T23:59');
    assert.equal(lastCall('/api/v1/events')!.searchParams.get('receivedBefore'), '2026-12-31T21:59:00.000Z', 'Kyiv is UTC+2 in winter');
    assert.equal(await page.inputValue('[data-testid=date-until]'), '31.12.2026 23:59');
  });

  it('keeps dd.mm.yyyy in English too, as every table shows dates', async () => {
    await visit('/invoices/incoming?from=2026-12-31');
    await page.click('[data-lang=en]');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid=date-from]')?.placeholder === 'dd.mm.yyyy');
    assert.equal(await page.inputValue('[data-testid=date-from]'), '31.12.2026');
    await page.click('[data-lang=uk]');
  });
});
