/**
 * Reconciliation with 1C over its standard OData interface, against a test server that
 * answers like 1C: what is missing, gone, marked, different or unreadable is reported per
 * kind; `repair` brings the store to 1C through the ingest path; a newer webhook is never
 * reverted; 1C going away mid-run ends the run failed with what was compared kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { date, num, type OneCValue, writeOneCJson } from '../src/bsl/one-c-json.js';
import type { SourceId } from '../src/domain/branded-ids.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { ODataClient } from '../src/odata/odata-client.js';
import { ODataError } from '../src/odata/odata-error.js';
import type { ReconcileReport } from '../src/reconcile/reconcile-report.js';
import { Reconciler } from '../src/reconcile/reconciler.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { type Entity, FakeOData, Num } from './helpers/odata-server.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const EMPTY = '00000000-0000-0000-0000-000000000000';
const ORG = '5b4f7a2e-0c1d-4e8f-9a3b-0000000000a1';
const ITEM = '5b4f7a2e-0c1d-4e8f-9a3b-0000000000b1';
const guid = (prefix: string, i: number) => `5b4f7a2e-0c1d-4e8f-9a3b-${prefix}${String(i).padStart(12 - prefix.length, '0')}`;
const SALES = 'Document_РеализацияТоваровУслуг';

interface SaleSpec {
  ref: string;
  number: string;
  date: string;
  client: string;
  total: string;
  comment: string;
  deletionMark: boolean;
  version: string;
  qty: string;
}

const ref = (uuid: string, presentation: string, type: string): OneCValue => ({ УникальныйИдентификатор: uuid, Представление: presentation, Тип: type });
const clientName = (uuid: string) => `ТОВ «Клієнт ${uuid.slice(-2)}»`;

/** A sale as the generated module posts it. */
function saleWebhook(s: SaleSpec, eventNumber: number): Buffer {
  return writeOneCJson({
    action: 'update',
    data: {
      Ссылка: `Реалізація ${s.number}`,
      Номер: s.number,
      Дата: date(s.date),
      Проведен: true,
      Организация: ref(ORG, 'ТОВ «Наша фірма»', 'Справочник.Организации'),
      Контрагент: ref(s.client, clientName(s.client), 'Справочник.Контрагенты'),
      ДоговорКонтрагента: null,
      ВидОперации: { Имя: 'ПродажаКомиссия', Представление: 'Продаж, комісія', Тип: 'Перечисление.ВидыОперацийРеализацияТоваров' },
      Склад: null,
      ВалютаДокумента: null,
      КурсВзаиморасчетов: num('1'),
      СуммаВключаетНДС: true,
      СуммаДокумента: num(s.total),
      Комментарий: s.comment,
      Ответственный: null,
      Товары: [
        {
          Номенклатура: ref(ITEM, 'Цукор білий', 'Справочник.Номенклатура'),
          Количество: num(s.qty),
          Цена: num('40'),
          Сумма: num('100'),
          СтавкаНДС: { Имя: 'НДС20', Представление: '20%', Тип: 'Перечисление.СтавкиНДС' },
          СуммаНДС: num('16.67'),
        },
      ],
      Услуги: [],
      УникальныйИдентификатор: s.ref,
      ПометкаУдаления: s.deletionMark,
      ВерсияДанных: s.version,
      НомерСобытия: num(String(eventNumber)),
    },
  });
}

/** The same sale as 1C's standard OData interface shows it: the document and its Товары rows. */
function putSale(fake: FakeOData, s: SaleSpec): void {
  fake.remove(SALES, s.ref);
  fake.set(SALES).push({
    Ref_Key: s.ref,
    DataVersion: s.version,
    DeletionMark: s.deletionMark,
    Number: s.number,
    Date: s.date,
    Posted: true,
    Организация_Key: ORG,
    Контрагент_Key: s.client,
    ДоговорКонтрагента_Key: EMPTY,
    ВидОперации: 'ПродажаКомиссия',
    Склад_Key: EMPTY,
    ВалютаДокумента_Key: EMPTY,
    КурсВзаиморасчетов: new Num('1'),
    СуммаВключаетНДС: true,
    СуммаДокумента: new Num(s.total),
    Комментарий: s.comment,
    Ответственный_Key: EMPTY,
  });
  fake.set(`${SALES}_Товары`).push({
    Ref_Key: s.ref,
    LineNumber: '1',
    Номенклатура_Key: ITEM,
    Количество: new Num(s.qty),
    Цена: new Num('40'),
    Сумма: new Num('100'),
    СтавкаНДС: 'НДС20',
    СуммаНДС: new Num('16.67'),
  });
}

function putClient(fake: FakeOData, uuid: string, version: string): Entity {
  const e: Entity = {
    Ref_Key: uuid,
    DataVersion: version,
    DeletionMark: false,
    Code: `00-${uuid.slice(-4)}`,
    Description: clientName(uuid),
    НаименованиеПолное: clientName(uuid),
    КодПоЕДРПОУ: '32855961',
    ИНН: '',
    Комментарий: '',
  };
  fake.set('Catalog_Контрагенты').push(e);
  return e;
}

const sale = (i: number, over: Partial<SaleSpec> = {}): SaleSpec => ({
  ref: guid('5a', i),
  number: `РТ-${String(i).padStart(6, '0')}`,
  // Two months, so the run reads more than one Date window.
  date: `2026-${i % 2 === 0 ? '11' : '12'}-${String(i + 1).padStart(2, '0')}T10:00:00`,
  client: guid('c', (i % 3) + 1),
  total: `${1000 + i}.25`,
  comment: `Продаж ${i}`,
  deletionMark: false,
  version: `AAAAAQ${i}AAA=`,
  qty: '2.5',
  ...over,
});

const kindsOf = (t: TestService, names: string[]) => names.map((n) => t.service.decoder.kinds.require(n));
const kindReport = (r: ReconcileReport, kind: string) => r.kinds.find((k) => k.kind === kind)!;

for (const dialect of selectedDialects()) {
  describe(`reconciliation over OData on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let fake: FakeOData;
    let url: string;
    const sourceId = 'default' as SourceId;
    const sales = [1, 2, 3, 4, 5, 6].map((i) => sale(i));

    before(async () => {
      t = await startTestService(dialect);
      fake = new FakeOData({ user: 'odata', password: 'пароль' });
      url = await fake.start();
      fake.set('Catalog_Организации').push({ Ref_Key: ORG, Description: 'ТОВ «Наша фірма»', DataVersion: 'x', DeletionMark: false });
      fake.set('Catalog_Номенклатура').push({ Ref_Key: ITEM, Description: 'Цукор білий', DataVersion: 'x', DeletionMark: false });
      for (const c of [1, 2, 3]) {
        putClient(fake, guid('c', c), `AAAAAg${c}AAA=`);
        const body = writeOneCJson(
          clientBody(
            {
              code: `00-${guid('c', c).slice(-4)}`,
              name: clientName(guid('c', c)),
              edrpou: '32855961',
              uuid: guid('c', c),
              dataVersion: `AAAAAg${c}AAA=`,
              eventNumber: '1',
            },
            'v2',
          ),
        );
        assert.equal((await t.post('/api/webhook/1c/clients', body)).status, 200);
      }
      for (const s of sales) {
        putSale(fake, s);
        const res = await t.post('/api/webhook/1c/sales', saleWebhook(s, 1));
        assert.equal(res.json.result, 'created', JSON.stringify(res.json));
      }
    });
    after(async () => {
      await t?.close();
      await fake?.close();
    });

    const reconcile = (
      options: { repair?: boolean; kinds?: string[] } = {},
      client = new ODataClient({ url, user: 'odata', password: 'пароль' }, { backoffMs: 1, retries: 1 }),
    ) =>
      new Reconciler(t.service.storage, t.service.ingestor, t.service.decoder, client).run({
        sourceId,
        kinds: kindsOf(t, options.kinds ?? ['sale', 'client']),
        repair: options.repair,
      });

    it('a base in sync reports zero differences, reading documents in Date windows and never comparing Ref_Key', async () => {
      const report = await reconcile();
      assert.equal(report.status, 'ok', report.error ?? '');
      const s = kindReport(report, 'sale');
      assert.equal(s.inOneC, 6);
      assert.equal(s.inStore, 6);
      assert.deepEqual(s.counts, { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 0 });
      assert.deepEqual(kindReport(report, 'client').counts, { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 0 });
      assert.ok(fake.log.some((l) => l.includes("Date lt datetime'2026-12-01T00:00:00'")));
      assert.ok(fake.log.some((l) => l.includes("Date ge datetime'2026-12-01T00:00:00' and Date lt datetime'2027-01-01T00:00:00'")));
      assert.ok(fake.log.every((l) => l.includes('$format=json')));
      assert.ok(!fake.log.some((l) => /Ref_Key (gt|ge|lt|le)/.test(l) || l.includes('$count')));
    });

    it('reports what is missing, gone, marked, different and unreadable; repair makes the read API equal 1C', async () => {
      // Written before the modules were installed: in 1C, never posted.
      const early = sale(7);
      putSale(fake, early);
      // Deleted in 1C bypassing the handlers.
      fake.remove(SALES, sales[5]!.ref);
      // A lost webhook; a deletion mark set without a webhook; a re-post that changed only DataVersion;
      // a control character that fails every answer carrying it.
      sales[1] = { ...sales[1]!, total: '7.25', qty: '3', version: 'lost-2' };
      putSale(fake, sales[1]!);
      sales[2] = { ...sales[2]!, deletionMark: true, version: 'marked-3' };
      putSale(fake, sales[2]!);
      sales[3] = { ...sales[3]!, version: 'reposted-4' };
      putSale(fake, sales[3]!);
      sales[4] = { ...sales[4]!, comment: 'зламаний \u0001 символ', version: 'bad-5' };
      putSale(fake, sales[4]!);
      sales[5] = early;

      const report = await reconcile();
      assert.equal(report.status, 'ok', report.error ?? '');
      const s = kindReport(report, 'sale');
      assert.deepEqual(s.counts, { missing: 1, gone: 1, 'deletion-mark': 1, content: 1, unreadable: 1 });
      assert.equal(s.versionOnly, 1, 'a new DataVersion with the same content is no difference');
      const named = (d: string) => s.samples.filter((x) => x.difference === d).map((x) => x.uuid);
      assert.deepEqual(named('missing'), [early.ref]);
      assert.deepEqual(named('gone'), [guid('5a', 6)]);
      assert.deepEqual(named('content'), [sales[1]!.ref]);
      assert.deepEqual(named('unreadable'), [sales[4]!.ref], 'the page failing for one character is narrowed to the object and named');
      assert.equal((await t.get('/api/v1/objects/sale', auth)).json.items.length, 6, 'a report changes nothing');

      const repaired = await reconcile({ repair: true });
      assert.equal(kindReport(repaired, 'sale').repaired, 4);
      const again = await reconcile();
      assert.deepEqual(kindReport(again, 'sale').counts, { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 1 });

      const live = (await t.get('/api/v1/objects/sale?limit=100', auth)).json.items;
      const deleted = (await t.get('/api/v1/objects/sale?deleted=true&limit=100', auth)).json.items;
      assert.deepEqual(
        deleted.map((o: { uuid: string }) => o.uuid),
        [guid('5a', 6)],
        'gone from 1C: marked deleted, never erased',
      );
      for (const spec of sales.filter((x) => x !== sales[4])) {
        const summary = live.find((o: { uuid: string }) => o.uuid === spec.ref);
        assert.ok(summary, spec.ref);
        const detail = (await t.get(`/api/v1/objects/sale/${summary.id}`, auth)).json;
        assert.equal(detail.attributes.СуммаДокумента, spec.total);
        assert.equal(detail.attributes.Номер, spec.number);
        assert.equal(detail.attributes.Контрагент.uuid, spec.client);
        assert.equal(detail.sections.Товары[0].Количество, spec.qty);
        assert.equal(detail.deletionMark ?? detail.attributes.ПометкаУдаления ?? spec.deletionMark, spec.deletionMark);
      }
      const journal = await t.get(`/api/v1/events?endpoint=sales&limit=100`, auth);
      assert.ok(
        journal.json.items.some((e: { requestId: string | null }) => e.requestId === `reconcile-${repaired.id}`),
        'repairs are journaled as the reconciliation',
      );
    });

    it('an OData read never reverts a webhook that arrived after the run started', async () => {
      const spec = sales[0]!;
      putSale(fake, { ...spec, total: '1.00', version: 'older-odata' });
      const client = new ODataClient({ url, user: 'odata', password: 'пароль' }, { retries: 0 });
      // The webhook arrives while the run is reading 1C: after the run's start.
      const reconciler = new Reconciler(t.service.storage, t.service.ingestor, t.service.decoder, client);
      const running = reconciler.run({ sourceId, kinds: kindsOf(t, ['sale']), repair: true, now: () => new Date(Date.now() - 60_000) });
      const newer = await t.post('/api/webhook/1c/sales', saleWebhook({ ...spec, total: '999.99', version: 'newer' }, 5));
      assert.equal(newer.json.result, 'updated');
      const report = await running;
      assert.equal(kindReport(report, 'sale').skippedNewer, 1);
      const detail = (await t.get(`/api/v1/objects/sale/${newer.json.id}`, auth)).json;
      assert.equal(detail.attributes.СуммаДокумента, '999.99');
      putSale(fake, { ...spec, total: '999.99', version: 'newer' });
    });

    it('1C unreachable mid-run: the run ends failed, with what was compared kept', async () => {
      fake.options.unreachableAfter = fake.requests + 4;
      const report = await reconcile();
      fake.options.unreachableAfter = undefined;
      assert.equal(report.status, 'failed');
      assert.match(report.error ?? '', /unreachable/);
      assert.ok(report.kinds.length >= 1);
      assert.equal(kindReport(report, 'sale').complete, false, 'an unfinished kind reports nothing as gone');
      assert.equal(kindReport(report, 'sale').counts.gone, 0);
      const runs = (await t.get('/api/v1/reconciliations?limit=2', auth)).json.items;
      assert.equal(runs[0].id, report.id);
      assert.equal(runs[0].status, 'failed');
      assert.match(runs[0].error, /unreachable/);
    });

    it('wrong credentials, XML and HTML error bodies become one clear error', async () => {
      const client = new ODataClient({ url, user: 'odata', password: 'wrong' }, { retries: 0 });
      await assert.rejects(client.list(SALES), (e: unknown) => e instanceof ODataError && e.status === 401 && /401 Unauthorized.*password/.test(e.message));
      const ok = new ODataClient({ url, user: 'odata', password: 'пароль' }, { retries: 0 });
      await assert.rejects(
        ok.list(SALES, { filter: `Ref_Key gt guid'${EMPTY}'` }),
        (e: unknown) => e instanceof ODataError && e.status === 500 && /УникальныйИдентификатор/.test(e.message),
      );
      const budget = new ODataClient({ url, user: 'odata', password: 'пароль' }, { requestBudget: 1 });
      await budget.list(SALES, { top: 1 });
      await assert.rejects(budget.list(SALES, { top: 1 }), (e: unknown) => e instanceof ODataError && e.failure === 'budget');
    });
  });
}
