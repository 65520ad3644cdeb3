/**
 * `reconcile --load`: a whole kind read from 1C's OData in pages and written through the ingest
 * path. Into an empty service it brings the read API equal to the OData base object by object
 * (sales with their goods lines, the classic incoming invoices with goods and services, the
 * counterparties catalog); over objects that newer webhooks changed it leaves them alone; every
 * write is journaled as the run, in the changes feed, and the run is stored with mode `load`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SourceId } from '../src/domain/branded-ids.js';
import { ODataClient } from '../src/odata/odata-client.js';
import { ODataNumber, parseODataJson, textOf } from '../src/odata/odata-json.js';
import type { ReconcileReport } from '../src/reconcile/reconcile-report.js';
import { Reconciler } from '../src/reconcile/reconciler.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import {
  type BaseSale,
  clientEntity,
  clientName,
  clientRef,
  fillSalesBase,
  itemName,
  itemRef,
  ORG,
  SALES_SET,
  saleWebhookBody,
} from './helpers/odata-sales-base.js';
import { type Entity, FakeOData, Num } from './helpers/odata-server.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const RECEIPTS = 'Document_ПоступлениеТоваровУслуг';
const UAH = '7c1e0b9a-2d3f-4a5b-8c6d-0000000000f1';
const PIECE = '7c1e0b9a-2d3f-4a5b-8c6d-0000000000d1';
const receiptRef = (i: number) => `7c1e0b9a-2d3f-4a5b-8c6d-7b${String(i).padStart(10, '0')}`;

interface Receipt {
  ref: string;
  number: string;
  date: string;
  supplier: number;
  total: string;
  goods: { item: number; qty: string; price: string; amount: string }[];
  services: { item: number; qty: string; price: string; amount: string }[];
}

/** Incoming invoices (the classic kind, store `invoices`) as 1C's OData shows them: goods and services rows. */
function putReceipts(fake: FakeOData, count: number): Receipt[] {
  fake.set('Catalog_Валюты').push({ Ref_Key: UAH, DataVersion: 'v', DeletionMark: false, Code: '980', Description: 'грн' });
  fake.set('Catalog_КлассификаторЕдиницИзмерения').push({ Ref_Key: PIECE, DataVersion: 'u', DeletionMark: false, Code: '796', Description: 'шт' });
  const out: Receipt[] = [];
  for (let i = 1; i <= count; i++) {
    const goods = Array.from({ length: 1 + (i % 3) }, (_, l) => ({ item: 1 + l + i, qty: `${l + 1}.5`, price: '10.20', amount: `${(l + 1) * 10 + 5}.30` }));
    const services = i % 2 === 0 ? [{ item: 50 + i, qty: '1', price: '99.99', amount: '99.99' }] : [];
    const r: Receipt = {
      ref: receiptRef(i),
      number: `ПТ-${String(i).padStart(6, '0')}`,
      date: `2025-0${1 + (i % 3)}-1${i % 10}T09:3${i % 10}:00`,
      supplier: 1 + (i % 3),
      total: `${1000 + i}.5`,
      goods,
      services,
    };
    out.push(r);
    fake.set(RECEIPTS).push({
      Ref_Key: r.ref,
      DataVersion: `R${i}`,
      DeletionMark: false,
      Number: r.number,
      Date: r.date,
      Posted: i % 4 !== 0,
      Контрагент_Key: clientRef(r.supplier),
      ВалютаДокумента_Key: UAH,
      СуммаДокумента: new Num(r.total),
      Комментарий: `Прихід ${i}`,
    });
    const row = (p: Receipt['goods'][number], at: number): Entity => ({
      Ref_Key: r.ref,
      LineNumber: String(at + 1),
      Номенклатура_Key: itemRef(p.item),
      ЕдиницаИзмерения_Key: PIECE,
      Количество: new Num(p.qty),
      Цена: new Num(p.price),
      Сумма: new Num(p.amount),
      СтавкаНДС: 'НДС20',
      СуммаНДС: new Num('0'),
    });
    fake.set(`${RECEIPTS}_Товары`).push(...r.goods.map(row));
    fake.set(`${RECEIPTS}_Услуги`).push(...r.services.map(row));
  }
  return out;
}

/** A goods line of a sale as the read API shows it. */
interface SaleRow {
  Номенклатура: { uuid: string; presentation: string };
  СтавкаНДС: { name: string };
  Количество: string;
  Цена: string;
  Сумма: string;
  СуммаНДС: string;
}

/** A decimal as the read API writes it: no trailing zeros. */
const dec = (text: string) => (text.includes('.') ? text.replace(/\.?0+$/, '') : text);
const kindReport = (r: ReconcileReport, kind: string) => r.kinds.find((k) => k.kind === kind)!;

describe('OData JSON at load speed', () => {
  it('takes JSON.parse only when every number fits a double, and stays lossless otherwise', () => {
    const fast = parseODataJson('{"value":[{"Ref_Key":"7c1e0b9a-2d3f-4a5b-8c6d-0000000000a1","Сумма":10.20,"Кількість":-0.125,"Код":"00000000000000000001"}]}');
    const row = (fast as { value: Record<string, unknown>[] }).value[0]!;
    assert.deepEqual([textOf(row.Сумма as never), textOf(row.Кількість as never), row.Код], ['10.2', '-0.125', '00000000000000000001']);
    for (const wide of ['12345678901234567.89', '1.5e3', '0.0000001', '-9007199254740993']) {
      const value = (parseODataJson(`{"value":[{"x":${wide}}]}`) as { value: Record<string, unknown>[] }).value[0]!.x;
      assert.ok(value instanceof ODataNumber);
      assert.equal(value.text, wide, 'a number a double cannot keep is read as 1C wrote it');
    }
  });
});

for (const dialect of selectedDialects()) {
  describe(`reconcile --load over OData on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let fake: FakeOData;
    let url: string;
    let sales: BaseSale[];
    let receipts: Receipt[];
    const sourceId = 'default' as SourceId;

    before(async () => {
      t = await startTestService(dialect);
      fake = new FakeOData({ user: 'odata', password: 'пароль' });
      url = await fake.start();
      // 45 sales over a year: more than one page of 1000 is not needed to prove equality; the page size is.
      sales = fillSalesBase(fake, 45, { clients: 4, items: 60 });
      receipts = putReceipts(fake, 7);
    });
    after(async () => {
      await t?.close();
      await fake?.close();
    });

    const load = (kinds: string[], now?: () => Date) =>
      new Reconciler(t.service.storage, t.service.ingestor, t.service.decoder, new ODataClient({ url, user: 'odata', password: 'пароль' }, { retries: 0 })).run(
        {
          sourceId,
          kinds: kinds.map((n) => t.service.decoder.kinds.require(n)),
          load: true,
          ...(now ? { now } : {}),
        },
      );

    it('into an empty service: the read API equals the OData base, object by object', async () => {
      const seen: number[] = [];
      const report = await new Reconciler(
        t.service.storage,
        t.service.ingestor,
        t.service.decoder,
        new ODataClient({ url, user: 'odata', password: 'пароль' }, { retries: 0 }),
      ).run({
        sourceId,
        kinds: ['client', 'sale', 'incoming'].map((n) => t.service.decoder.kinds.require(n)),
        load: true,
        onProgress: (p) => seen.push(p.written),
      });
      assert.equal(report.status, 'ok', report.error ?? '');
      assert.equal(report.mode, 'load');
      assert.deepEqual(kindReport(report, 'sale').loaded, { created: 45, updated: 0, unchanged: 0 });
      assert.deepEqual(kindReport(report, 'client').loaded, { created: 4, updated: 0, unchanged: 0 });
      assert.deepEqual(kindReport(report, 'incoming').loaded, { created: 7, updated: 0, unchanged: 0 });
      assert.ok(seen.length > 0 && seen.at(-1)! > 0, 'progress is told');
      assert.ok(!fake.log.some((l) => /Ref_Key (gt|ge|lt|le)/.test(l) || l.includes('$count')));
      assert.ok(
        fake.log.some((l) => l.includes('$top=1000')),
        'pages of 1000',
      );

      await assertEqualToBase();
      const runs = (await t.get('/api/v1/reconciliations?limit=1', auth)).json.items;
      assert.equal(runs[0].id, report.id);
      assert.equal(runs[0].mode, 'load');
      const journal = (await t.get('/api/v1/events?endpoint=sales&limit=100', auth)).json.items;
      assert.equal(
        journal.filter((e: { requestId: string | null }) => e.requestId === `reconcile-${report.id}`).length,
        45,
        'every write is journaled as the run',
      );
      const feed = (await t.get('/api/v1/changes?limit=100', auth)).json.items;
      assert.equal(feed.length, 45 + 4 + 7, 'every object created is in the changes feed');
    });

    it('a load over objects that newer webhooks changed leaves them alone; the rest is unchanged', async () => {
      const changed = sales[2]!;
      // The run "began" here: after the first load, before the webhook (event ids are UUIDv7, ms order).
      const began = new Date();
      await sleep(5);
      const newer = await t.post('/api/webhook/1c/sales', saleWebhookBody({ ...changed, total: '999.99', version: 'newer' }, 5));
      assert.equal(newer.json.result, 'updated', JSON.stringify(newer.json));
      // The webhook came in while the run was reading 1C: the state it reads may be older.
      const report = await load(['sale', 'client'], () => began);
      assert.equal(report.status, 'ok', report.error ?? '');
      const s = kindReport(report, 'sale');
      assert.equal(s.skippedNewer, 1);
      assert.deepEqual(s.loaded, { created: 0, updated: 0, unchanged: 44 }, 'equal content is deduplicated by the write batches');
      assert.deepEqual(kindReport(report, 'client').loaded, { created: 0, updated: 0, unchanged: 4 });
      const detail = (await t.get(`/api/v1/objects/sale/${newer.json.id}`, auth)).json;
      assert.equal(detail.attributes.СуммаДокумента, '999.99');
      assert.equal(detail.dataVersion, 'newer');
      // 1C holds what that webhook said.
      Object.assign(inBase(changed.ref), { СуммаДокумента: new Num('999.99'), DataVersion: 'newer' });

      // A change made in 1C without a webhook (older than the run) is written as a new version.
      const edited = sales[5]!;
      Object.assign(inBase(edited.ref), { СуммаДокумента: new Num('1.01'), DataVersion: 'edited' });
      const again = await load(['sale']);
      assert.deepEqual(kindReport(again, 'sale').loaded, { created: 0, updated: 1, unchanged: 44 }, 'the webhook-changed sale now equals 1C');
      const id = (await t.get('/api/v1/objects/sale?limit=100', auth)).json.items.find((o: { uuid: string }) => o.uuid === edited.ref).id;
      const after = (await t.get(`/api/v1/objects/sale/${id}`, auth)).json;
      assert.equal(after.attributes.СуммаДокумента, '1.01');
      assert.equal(after.version, 2);
    });

    it('the classic incoming invoices reconcile too: a change made in 1C without a webhook is found and repaired', async () => {
      const reconcile = (repair: boolean) =>
        new Reconciler(
          t.service.storage,
          t.service.ingestor,
          t.service.decoder,
          new ODataClient({ url, user: 'odata', password: 'пароль' }, { retries: 0 }),
        ).run({
          sourceId,
          kinds: [t.service.decoder.kinds.require('incoming')],
          repair,
        });
      const clean = kindReport(await reconcile(false), 'incoming');
      assert.equal(clean.inOneC, receipts.length);
      assert.deepEqual(clean.counts, { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 0 });
      const r = receipts[3]!;
      Object.assign(fake.set(RECEIPTS).find((e) => e.Ref_Key === r.ref)!, { СуммаДокумента: new Num('77.7'), DataVersion: 'changed' });
      const found = kindReport(await reconcile(false), 'incoming');
      assert.deepEqual(found.counts, { missing: 0, gone: 0, 'deletion-mark': 0, content: 1, unreadable: 0 });
      assert.equal(kindReport(await reconcile(true), 'incoming').repaired, 1);
      const summary = (await t.get('/api/v1/invoices?kind=incoming&limit=100', auth)).json.items.find((x: { number: string }) => x.number === r.number);
      assert.equal(summary.total, '77.7');
      assert.equal(summary.version, 2);
      r.total = '77.7';
    });

    const inBase = (ref: string) => fake.set(SALES_SET).find((e) => e.Ref_Key === ref)!;

    /** Every sale, counterparty and incoming invoice of the base, read back through the read API. */
    async function assertEqualToBase() {
      const list = (await t.get('/api/v1/objects/sale?limit=100', auth)).json.items as { uuid: string; id: string }[];
      assert.equal(list.length, sales.length);
      for (const s of sales) {
        const summary = list.find((o) => o.uuid === s.ref);
        assert.ok(summary, s.ref);
        const d = (await t.get(`/api/v1/objects/sale/${summary.id}`, auth)).json;
        assert.equal(d.dataVersion, s.version);
        assert.equal(d.attributes.Номер, s.number);
        assert.equal(d.attributes.Дата.slice(0, 19), s.date);
        assert.equal(d.attributes.Проведен, true);
        assert.equal(d.attributes.СуммаДокумента, dec(s.total));
        assert.equal(d.attributes.Комментарий, s.comment);
        assert.deepEqual([d.attributes.Контрагент.uuid, d.attributes.Контрагент.presentation], [clientRef(s.client), clientName(s.client)]);
        assert.equal(d.attributes.Организация.presentation, ORG.name);
        assert.equal(d.attributes.ВидОперации.name, 'ПродажаКомиссия');
        assert.equal(d.attributes.Склад, null, 'the all-zero GUID is an empty reference');
        assert.deepEqual(
          d.sections.Товары.map((r: SaleRow) => [
            r.Номенклатура.uuid,
            r.Номенклатура.presentation,
            r.Количество,
            r.Цена,
            r.Сумма,
            r.СуммаНДС,
            r.СтавкаНДС.name,
          ]),
          s.lines.map((l) => [itemRef(l.item), itemName(l.item), dec(l.qty), dec(l.price), dec(l.amount), dec(l.vat), 'НДС20']),
        );
        assert.deepEqual(d.sections.Услуги ?? [], []);
      }
      const clients = (await t.get('/api/v1/clients?limit=100', auth)).json.items as Record<string, string>[];
      assert.equal(clients.length, 4);
      for (let c = 1; c <= 4; c++) {
        const e = clientEntity(c);
        const got = clients.find((x) => x.uuid === clientRef(c));
        assert.ok(got, clientRef(c));
        assert.deepEqual([got.code, got.name, got.fullName, got.edrpou], [e.Code, e.Description, e.НаименованиеПолное, e.КодПоЕДРПОУ]);
      }
      const invoices = (await t.get('/api/v1/invoices?kind=incoming&limit=100', auth)).json.items as { id: string; number: string }[];
      assert.equal(invoices.length, receipts.length);
      for (const r of receipts) {
        const summary = invoices.find((x) => x.number === r.number);
        assert.ok(summary, r.number);
        const d = (await t.get(`/api/v1/invoices/${summary.id}`, auth)).json;
        assert.equal(d.localDate, r.date);
        assert.equal(d.total, dec(r.total));
        assert.deepEqual([d.counterparty.name, d.counterparty.edrpou], [clientName(r.supplier), String(30_000_000 + r.supplier)]);
        assert.equal(d.currencyCode, '980');
        assert.equal(d.posted, Number(r.ref.slice(-2)) % 4 !== 0);
        assert.deepEqual(
          d.positions.map((p: Record<string, string>) => [p.name, p.code, p.quantity, p.price, p.amount, p.unit]),
          [...r.goods, ...r.services].map((p) => [itemName(p.item), String(p.item).padStart(9, '0'), dec(p.qty), dec(p.price), dec(p.amount), 'шт']),
          'goods, then services, each in LineNumber order',
        );
      }
    }
  });
}
