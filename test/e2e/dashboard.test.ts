import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { hashToken } from '../../src/auth/secrets.js';
import { type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { webhookPath } from '../../src/domain/kinds.js';
import { clientBody, type InvoiceSpec, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../../src/emulator/payload-builder.js';
import { insertApiKey } from '../../src/storage/repositories/api-keys-repository.js';
import { browserSkip, launchChromium } from '../helpers/chromium.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * The dashboard end to end: the real service, real signed webhooks, the real pages in
 * Debian's headless Chromium (never a downloaded browser). Screenshots go to
 * test/artifacts/screenshots/ (git-ignored); docs/screenshots/ holds two for the README.
 */
const SHOTS = path.resolve('test/artifacts/screenshots');
const INVOICES = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const CLIENTS = webhookPath('client');
const XSS = '<script>alert(1)</script>';

/** uk-UA money, as the page must show it; spaces normalised (Intl uses no-break spaces). */
const uah = (amount: string | number) =>
  new Intl.NumberFormat('uk-UA', { style: 'currency', currency: 'UAH', currencyDisplay: 'narrowSymbol' }).format(Number(amount));
const norm = (s: string | null) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/**
 * The service's clock, fixed: "today", "this week" and "this hour" on the overview are the
 * same whenever the suite runs (no failure across an hour, midnight or a Monday). A
 * Wednesday, 10:20 in Kyiv. It lies in the past, as event ids (UUIDv7, the real time) must
 * not be older than the instants the stats count from.
 */
const clock = Date.parse('2026-03-04T08:20:00Z');
const now = () => new Date(clock);

let counter = 0;
function signedHeaders(secret: string, body: Buffer): Record<string, string> {
  const id = `msg_dash_${++counter}`;
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(clock / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, now(), body),
  };
}

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('dashboard in headless Chromium', { skip: browserSkip('Dashboard browser tests') }, () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  let secret: string;
  let sourceId: string;
  const dialogs: string[] = [];
  const positions = makePositions(4, 11);
  const spec: InvoiceSpec = {
    number: 'ПТ-004217',
    date: '2024-01-15T10:30:00',
    counterparty: 'ТОВ «Ромашка»',
    edrpou: '32855961',
    total: totalOf(positions),
    comment: 'Прихід від "Ромашки"',
    positions,
  };
  let rejectedEventId: string;

  const post = async (endpoint: string, value: OneCValue) => {
    const body = writeOneCJson(value, { bom: true });
    return t.post(endpoint, body, signedHeaders(secret, body));
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const ready = (hash: string) => page.waitForSelector(`#app[data-ready="${hash}"]`, { timeout: 10_000 });
  const visit = async (hash: string) => {
    await page.evaluate((h: string) => {
      (globalThis as any).location.hash = h;
    }, `#${hash}`);
    await ready(hash);
  };

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Tiny search caps: a search for a word every invoice holds is truncated, and says so.
    t = await startTestService('sqlite', { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_SEARCH_SCAN_ROWS: '1', ONEC_SYNC_SEARCH_MAX_MATCHES: '2' }, { now });
    const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'Бухгалтерія ТОВ «Ромашка»' }), admin);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    ({ secret, sourceId } = created.json);

    assert.equal((await post(INVOICES, incomingInvoiceBody(spec))).status, 200);
    const changed = { ...spec, comment: 'Уточнено' };
    assert.equal((await post(INVOICES, incomingInvoiceBody(changed))).json.result, 'updated');
    for (let i = 1; i <= 5; i++) {
      const p = makePositions(2, i);
      await post(
        INVOICES,
        incomingInvoiceBody({
          ...spec,
          number: `ПТ-00010${i}`,
          date: `2024-01-1${i}T09:00:00`,
          positions: p,
          total: totalOf(p),
          counterparty: `ТОВ «Постачальник ${i}»`,
          edrpou: '14360570',
        }),
      );
    }
    const op = makePositions(2, 3);
    await post(
      OUTGOING,
      outgoingInvoiceBody({
        number: 'РФ-000017',
        date: '2024-07-01T09:00:00',
        counterparty: XSS,
        edrpou: '',
        total: totalOf(op),
        positions: op,
        paymentDue: '2024-07-10T00:00:00',
        clientCode: '000000042',
        clientTaxId: '1759013776',
      }),
    );
    assert.equal((await post(CLIENTS, clientBody({ code: '000000042', name: XSS, edrpou: '32855961', email: 'x@example.com' }))).status, 200);

    // A rejected request: the source is disabled when it arrives.
    assert.equal((await t.post(`/api/v1/sources/${sourceId}/disable`, '{}', admin)).status, 200);
    const refused = await post(INVOICES, incomingInvoiceBody({ ...spec, number: 'ПТ-009999', comment: 'прийшло, поки джерело було вимкнене' }));
    assert.equal(refused.status, 403, JSON.stringify(refused.json));
    rejectedEventId = refused.json.eventId;
    assert.ok(rejectedEventId);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'uk-UA' });
    page.on('dialog', async (d) => {
      // confirm() of replay-all is expected; alert() would be injected script.
      if (d.type() !== 'confirm') dialogs.push(d.message());
      await d.accept();
    });
    page.on('pageerror', (e) => dialogs.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong key with a message, then logs in with the admin key', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.fill('[data-testid=api-key]', 'not-a-key');
    await page.click('button[type=submit]');
    await page.waitForSelector('.msg.error');
    assert.match(norm(await page.textContent('.msg.error')), /Невірний ключ/);
    await shot('login');
    await page.fill('[data-testid=api-key]', TEST_ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await ready('/overview');
    assert.equal(norm(await page.textContent('[data-testid=page-title]')), 'Огляд');
    assert.equal(norm(await page.textContent('[data-testid=count-incoming] .value')), '6', 'six incoming invoices stored');
    assert.match(
      norm(await page.textContent('[data-testid=changes-incoming]')),
      /сьогодні 7 · за тиждень 7/,
      'seven incoming changes applied today (six invoices, one of them changed)',
    );
    assert.equal(norm(await page.textContent('[data-testid=count-rejected] .value')), '1');
    assert.ok((await page.$$('svg.spark rect')).length >= 24, 'an hourly chart per source');
    const stats = (await t.get('/api/v1/stats')).json;
    assert.deepEqual([stats.today, stats.weekStart], ['2026-03-04', '2026-03-02']);
    const mine = stats.hourly.sources.find((s: any) => s.sourceId === sourceId);
    assert.deepEqual(mine.counts, [...new Array(23).fill(0), 9], 'every change in the current hour: 7 incoming, 1 outgoing, 1 client');
    await shot('overview');
  });

  it('asks to refine a search that matched more invoices than are sorted for a page', async () => {
    await visit('/invoices/incoming');
    assert.equal(await page.$('[data-testid=search-truncated]'), null);
    await page.fill('input[name=q]', 'ТОВ');
    await page.click('[data-testid=invoice-filters] button[type=submit]');
    await page.waitForSelector('#app[data-ready^="/invoices/incoming?q="]');
    assert.match(norm(await page.textContent('[data-testid=search-truncated]')), /^Знайдено понад 2 — уточніть пошук/);
  });

  it('finds an incoming invoice by number and shows its positions and total in uk-UA format', async () => {
    await visit('/invoices/incoming');
    await page.fill('input[name=q]', 'пт-004217');
    await page.click('[data-testid=invoice-filters] button[type=submit]');
    await page.waitForSelector('#app[data-ready^="/invoices/incoming?q="]');
    const rows = await page.$$('[data-testid=invoice-list] tbody tr');
    assert.equal(rows.length, 1);
    await shot('invoices-incoming');
    await page.click('[data-testid=invoice-link]');
    await page.waitForSelector('[data-testid=positions]');
    assert.equal(norm(await page.textContent('[data-testid=invoice-number]')), 'ПТ-004217');
    assert.equal(norm(await page.textContent('[data-testid=invoice-date]')), '15.01.2024 10:30');
    assert.equal(norm(await page.textContent('[data-testid=invoice-total]')), norm(uah(spec.total)));
    assert.match(norm(await page.textContent('[data-testid=invoice-total]')), /^\d{1,3}( \d{3})*,\d{2} ₴$/, 'e.g. 1 234,56 ₴');
    const cells = await page.$$eval('[data-testid=positions] tbody tr', (trs: any[]) => trs.map((tr) => [...tr.children].map((td: any) => td.textContent)));
    assert.equal(cells.length, positions.length);
    positions.forEach((p, i) => {
      assert.equal(cells[i]![1], p.name);
      assert.equal(norm(cells[i]![5]!), norm(uah(p.price)));
      assert.equal(norm(cells[i]![6]!), norm(uah(p.amount)));
    });
    assert.equal(norm(await page.textContent('[data-testid=positions-sum]')), norm(uah(spec.total)));
    const versions = norm(await page.textContent('[data-testid=versions]'));
    assert.match(versions, /comment/, 'what changed between versions');
    assert.match(versions, /Уточнено/);
    await shot('invoice');
  });

  it('renders a counterparty named <script> as text', async () => {
    await visit('/invoices/outgoing');
    assert.ok(norm(await page.textContent('[data-testid=invoice-list]')).includes(XSS));
    await visit('/clients');
    assert.equal(norm(await page.textContent('[data-testid=client-link]')), XSS);
    await page.click('[data-testid=client-link]');
    await page.waitForSelector('[data-testid=client-invoices]');
    const title = norm(await page.textContent('[data-testid=page-title]'));
    assert.equal(title, XSS);
    const linked = norm(await page.textContent('[data-testid=client-invoices]'));
    assert.ok(linked.includes('ПТ-004217') && linked.includes('РФ-000017'), 'matched by ЄДРПОУ and by code');
    assert.equal(await page.evaluate(() => (globalThis as any).document.querySelectorAll('#app script').length), 0);
    assert.deepEqual(dialogs, [], 'no script ran');
    await shot('client');
  });

  it('shows the rejected request in the journal and replays it after the source is enabled', async () => {
    await visit('/events?status=rejected');
    const text = norm(await page.textContent('[data-testid=event-list]'));
    assert.match(text, /SOURCE_DISABLED/);
    await page.click('[data-testid=event-list] tbody tr a');
    await page.waitForSelector('[data-testid=event-body]');
    const body = await page.textContent('[data-testid=event-body]');
    assert.ok(body!.includes('"НомерДокумента": "ПТ-009999"'), 'pretty JSON with Cyrillic as is');
    assert.ok(body!.includes('\n  '), 'indented');
    await shot('event');

    assert.equal((await t.post(`/api/v1/sources/${sourceId}/enable`, '{}', admin)).status, 200);
    await visit('/events?status=rejected');
    await shot('journal');
    await page.click('[data-testid=event-list] [data-testid=replay]');
    await page.waitForSelector('[data-testid=replay-result]');
    assert.match(norm(await page.textContent('[data-testid=replay-result]')), /Повтор успішний \(HTTP 200, створено\)/);
    const found = await t.get(`/api/v1/invoices?number=${encodeURIComponent('ПТ-009999')}`);
    assert.equal(found.json.items.length, 1, 'the replayed invoice is stored');
    const replays = (await t.get(`/api/v1/events?status=applied&limit=5`)).json.items;
    assert.ok(
      replays.some((e: any) => e.replayOf === rejectedEventId),
      'the replay is itself journaled',
    );
    // Two more refused while the source is off, then replay-all of the filtered set: both
    // are stored, and the one replayed above is not replayed again (each event once).
    assert.equal((await t.post(`/api/v1/sources/${sourceId}/disable`, '{}', admin)).status, 200);
    for (const number of ['ПТ-009997', 'ПТ-009998']) assert.equal((await post(INVOICES, incomingInvoiceBody({ ...spec, number }))).status, 403);
    assert.equal((await t.post(`/api/v1/sources/${sourceId}/enable`, '{}', admin)).status, 200);
    await visit('/events?status=rejected');
    await page.click('[data-testid=replay-all]');
    await page.waitForSelector('[data-testid=replay-out] .msg:not(.info)');
    assert.equal(await page.getAttribute('[data-testid=replay-out] .msg', 'class'), 'msg ok');
    assert.equal(norm(await page.textContent('[data-testid=replay-out] .msg')), 'Успішно повторено 2 з 2');
    for (const number of ['ПТ-009997', 'ПТ-009998', 'ПТ-009999']) {
      assert.equal((await t.get(`/api/v1/invoices?number=${encodeURIComponent(number)}`)).json.items.length, 1, `${number} stored once`);
    }
    const replayed = (await t.get('/api/v1/events?limit=3')).json.items;
    assert.deepEqual(
      replayed.map((e: any) => e.replayOf !== null),
      [true, true, false],
      'each replay is journaled as one, and only the two new ones were replayed',
    );
    assert.equal(
      (await t.get(`/api/v1/invoices?number=${encodeURIComponent('ПТ-009999')}`)).json.items[0].version,
      1,
      'the one replayed before is not applied twice',
    );
  });

  it('shows sources with their 1C modules for download, given the source secret (never shown again)', async () => {
    await visit('/sources');
    await page.fill('[data-testid=bsl-secret]', secret);
    await page.click(`[data-testid=bsl-${sourceId}]`);
    await page.waitForSelector('[data-testid=bsl-files] a');
    // Download each file as the operator does (a click), and compare it with what the API generated.
    // Chromium blocks a page's downloads after about ten in a row until a person allows more, and
    // forgets the count when the page loads again: the files are taken in batches, reloading between.
    const links: Array<{ path: string; name: string; bytes: Buffer }> = [];
    const count = (await page.$$('[data-testid=bsl-files] a')).length;
    while (links.length < count) {
      if (links.length > 0) {
        await page.reload();
        await page.waitForSelector('#app[data-ready="/sources"]');
        await page.fill('[data-testid=bsl-secret]', secret);
        await page.click(`[data-testid=bsl-${sourceId}]`);
        await page.waitForSelector('[data-testid=bsl-files] a');
      }
      for (const a of (await page.$$('[data-testid=bsl-files] a')).slice(links.length, links.length + 8)) {
        const [download] = await Promise.all([page.waitForEvent('download'), a.click()]);
        links.push({ path: norm(await a.textContent()), name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) });
      }
    }
    const answer = await t.post(`/api/v1/sources/${sourceId}/bsl`, JSON.stringify({ url: t.baseUrl, secret }), {
      ...admin,
      'content-type': 'application/json',
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const generated = answer.json.files as Array<{ path: string; content: string }>;
    assert.deepEqual(
      links.map((l) => l.path),
      generated.map((f) => f.path),
    );
    assert.ok(generated.filter((f) => f.path.endsWith('.bsl')).length >= 3, generated.map((f) => f.path).join());
    for (const link of links) {
      const file = generated.find((f) => f.path === link.path)!;
      assert.equal(link.name, link.path.split('/').pop());
      const bytes = link.bytes;
      if (link.path.endsWith('.bsl')) {
        // What 1C's configurator reads: UTF-8 with a BOM, CR LF line ends.
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], link.path);
        assert.equal(bytes.subarray(3).toString('utf8'), file.content.replace(/\n/g, '\r\n'), link.path);
      } else {
        assert.equal(bytes.toString('utf8'), file.content, link.path);
      }
    }
    assert.ok(
      generated.some((f) => f.content.includes(t.baseUrl)),
      'the modules send to this server',
    );
    await shot('sources');
  });

  it('lets a read key see everything but not replay or change sources (and the server refuses it too)', async () => {
    const readKey = 'read-key-0123456789abcdef';
    await insertApiKey(t.service.storage.db, {
      id: 'key_read_e2e',
      name: 'e2e read',
      scope: 'read',
      key_hash: hashToken(readKey),
      created_at: new Date().toISOString(),
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const reader = await context.newPage();
    try {
      await reader.goto(`${t.baseUrl}/`);
      await reader.fill('[data-testid=api-key]', readKey);
      await reader.click('button[type=submit]');
      await reader.waitForSelector('#app[data-ready="/overview"]');
      await reader.evaluate(() => {
        (globalThis as any).location.hash = '#/events?status=rejected';
      });
      await reader.waitForSelector('#app[data-ready="/events?status=rejected"]');
      assert.equal(await reader.isDisabled('[data-testid=event-list] [data-testid=replay]'), true);
      assert.equal(await reader.isDisabled('[data-testid=replay-all]'), true);
      await reader.evaluate(() => {
        (globalThis as any).location.hash = '#/sources';
      });
      await reader.waitForSelector('#app[data-ready="/sources"]');
      assert.equal(await reader.isDisabled(`[data-testid=rotate-${sourceId}]`), true);
      const refused = await t.post(`/api/v1/events/${rejectedEventId}/replay`, '{}', {
        authorization: `Bearer ${readKey}`,
        'content-type': 'application/json',
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'FORBIDDEN_SCOPE');
    } finally {
      await context.close();
    }
  });

  it('switches to English and remembers the choice', async () => {
    await visit('/overview');
    await page.click('[data-lang=en]');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid=page-title]')?.textContent === 'Overview');
    await page.reload();
    await ready('/overview');
    assert.equal(norm(await page.textContent('[data-testid=page-title]')), 'Overview');
    assert.equal(norm(await page.textContent('.sidebar nav a:nth-child(2)')), 'Incoming invoices');
    await shot('overview-en');
    await page.click('[data-lang=uk]');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid=page-title]')?.textContent === 'Огляд');
    assert.deepEqual(dialogs, []);
  });
});

for (const dialect of selectedDialects()) {
  describe(`GET /api/v1/stats on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    // Sunday 1 March 2026, 23:30 in Kyiv (UTC+2): the last hour of a week.
    let clock = Date.parse('2026-03-01T21:30:00Z');
    before(async () => {
      t = await startTestService(dialect, {}, { now: () => new Date(clock) });
    });
    after(() => t?.close());

    const receipt = (n: string) => {
      const p = makePositions(2, 5);
      return writeOneCJson(
        incomingInvoiceBody({
          number: `СТ-${n}`,
          date: '2024-02-01T10:00:00',
          counterparty: 'ТОВ «Тест»',
          edrpou: '32855961',
          total: totalOf(p),
          positions: p,
        }),
      );
    };

    it('counts changes per kind today and this week, rejected ones, and changes per source and hour', async () => {
      for (const n of ['1', '2', '3']) {
        const res = await t.post(INVOICES, receipt(n));
        assert.equal(res.status, 200, JSON.stringify(res.json));
      }
      await t.post(CLIENTS, writeOneCJson(clientBody({ code: '1', name: 'Клієнт' })));
      assert.equal((await t.post(INVOICES, '{"broken":')).status, 400);
      const stats = (await t.get('/api/v1/stats')).json;
      assert.equal(stats.timezone, 'Europe/Kyiv');
      assert.deepEqual([stats.today, stats.weekStart], ['2026-03-01', '2026-02-23']);
      assert.deepEqual(
        // The classic kinds come first; the declared ones follow (test/kinds covers them).
        stats.kinds.slice(0, 3).map((k: any) => [k.kind, k.today, k.week]),
        [
          ['incoming', 3, 3],
          ['outgoing', 0, 0],
          ['clients', 1, 1],
        ],
      );
      assert.deepEqual(stats.rejected, { total: 1, waiting: 1 });
      assert.equal(stats.hourly.hours.length, 24);
      assert.equal(stats.hourly.hours[23], '2026-03-01T21:00:00.000Z', 'the current UTC hour last');
      assert.deepEqual(stats.hourly.sources, [{ sourceId: 'default', counts: [...new Array(23).fill(0), 4] }]);
      const readOnly = await t.get('/api/v1/stats', {});
      assert.equal(readOnly.status, 401);
    });

    it('starts a new day and a new week at local midnight on Monday, and moves the hourly window', async () => {
      clock = Date.parse('2026-03-01T22:10:00Z'); // Monday 2 March, 00:10 in Kyiv
      assert.equal((await t.post(INVOICES, receipt('4'))).status, 200);
      const stats = (await t.get('/api/v1/stats')).json;
      assert.deepEqual([stats.today, stats.weekStart], ['2026-03-02', '2026-03-02']);
      assert.deepEqual(
        // The classic kinds come first; the declared ones follow (test/kinds covers them).
        stats.kinds.slice(0, 3).map((k: any) => [k.kind, k.today, k.week]),
        [
          ['incoming', 1, 1],
          ['outgoing', 0, 0],
          ['clients', 0, 0],
        ],
      );
      assert.deepEqual(stats.hourly.sources, [{ sourceId: 'default', counts: [...new Array(22).fill(0), 4, 1] }], "Sunday's last hour, then this one");
      clock = Date.parse('2026-03-02T21:10:00Z'); // Monday 23:10 in Kyiv: Sunday's hour has left the 24-hour window
      const later = (await t.get('/api/v1/stats')).json;
      assert.deepEqual(later.hourly.sources, [{ sourceId: 'default', counts: [1, ...new Array(23).fill(0)] }]);
      assert.deepEqual(
        later.kinds.slice(0, 3).map((k: any) => [k.kind, k.today, k.week]),
        [
          ['incoming', 1, 1],
          ['outgoing', 0, 0],
          ['clients', 0, 0],
        ],
      );
    });
  });
}

describe('the dashboard files', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite');
  });
  after(() => t?.close());

  it('are served with a strict CSP, no-cache and a strong ETag that answers 304', async () => {
    for (const pathname of ['/', '/assets/app.js', '/assets/app.css']) {
      const res = await fetch(t.baseUrl + pathname);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 200, pathname);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|; )script-src 'self'(;|$)/, `${pathname}: no inline or foreign script`);
      assert.match(csp, /(^|; )default-src 'self'(;|$)/);
      assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      const etag = res.headers.get('etag');
      assert.match(etag ?? '', /^"[A-Za-z0-9_-]{22}"$/, `${pathname}: a strong ETag`);
      const expected = fs.readFileSync(path.resolve('src/web/static', pathname === '/' ? 'index.html' : pathname.slice('/assets/'.length)));
      assert.equal(body.compare(expected), 0, `${pathname}: the file as it is in the repository`);
      const again = await fetch(t.baseUrl + pathname, { headers: { 'if-none-match': etag! } });
      assert.equal(again.status, 304, pathname);
      assert.equal((await again.arrayBuffer()).byteLength, 0);
      const changed = await fetch(t.baseUrl + pathname, { headers: { 'if-none-match': '"something-else-entirely-0"' } });
      assert.equal(changed.status, 200, `${pathname}: another version is sent in full`);
      await changed.arrayBuffer();
    }
    const missing = await fetch(`${t.baseUrl}/assets/index.html`);
    assert.equal(missing.status, 404, 'index.html only at /');
    await missing.arrayBuffer();
  });
});
