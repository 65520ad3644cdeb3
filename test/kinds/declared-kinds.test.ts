/**
 * A declared kind flows like an invoice: its endpoint takes 1C's bytes, keeps every change
 * with versions, stale detection and the journal, serves it through the read API (with the
 * references it makes resolved once their objects arrive), the feed, the stats and
 * /openapi.json — for a shipped kind (a sale) and for a company's own kind declared in a
 * folder, with nothing in src/ written for either.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { date, num, type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createService } from '../../src/create-service.js';
import { KindDeclarationError } from '../../src/kinds/load-declarations.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { freshDatabaseUrl, startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const CLIENT_GUID = '5b4f7a2e-0c1d-4e8f-9a3b-111111111111';
const ITEM_GUID = '5b4f7a2e-0c1d-4e8f-9a3b-222222222222';
const SALE_GUID = '5b4f7a2e-0c1d-4e8f-9a3b-333333333333';

const ref = (uuid: string, presentation: string, type: string): OneCValue => ({ УникальныйИдентификатор: uuid, Представление: presentation, Тип: type });
const enumValue = (name: string, presentation: string, type: string): OneCValue => ({ Имя: name, Представление: presentation, Тип: type });

/** A sale as the generated modules write it (1C's bytes: BOM, CR LF, tabs). */
function saleBody(over: { total?: string; eventNumber?: number; action?: string; rows?: number } = {}): Buffer {
  const rows = Array.from({ length: over.rows ?? 2 }, (_, i) => ({
    Номенклатура: ref(ITEM_GUID, 'Цукор білий', 'Справочник.Номенклатура'),
    Количество: num('2.5'),
    Цена: num(String(40 + i)),
    Сумма: num(String((40 + i) * 2.5)),
    СтавкаНДС: enumValue('НДС20', '20%', 'Перечисление.СтавкиНДС'),
    СуммаНДС: num('16.67'),
  }));
  return writeOneCJson(
    {
      action: over.action ?? 'update',
      data: {
        Ссылка: 'Реалізація товарів і послуг РТ-000017 від 05.12.2026 12:00:00',
        Номер: 'РТ-000017',
        Дата: date('2026-12-05T12:00:00'),
        Проведен: true,
        Организация: ref('5b4f7a2e-0c1d-4e8f-9a3b-444444444444', 'ТОВ «Наша фірма»', 'Справочник.Организации'),
        Контрагент: ref(CLIENT_GUID, 'ТОВ «Ромашка»', 'Справочник.Контрагенты'),
        ДоговорКонтрагента: null,
        ВидОперации: enumValue('ПродажаКомиссия', 'Продаж, комісія', 'Перечисление.ВидыОперацийРеализацияТоваров'),
        Склад: ref('5b4f7a2e-0c1d-4e8f-9a3b-555555555555', 'Основний склад', 'Справочник.Склады'),
        ВалютаДокумента: ref('5b4f7a2e-0c1d-4e8f-9a3b-666666666666', 'грн', 'Справочник.Валюты'),
        КурсВзаиморасчетов: num('1'),
        СуммаВключаетНДС: true,
        СуммаДокумента: num(over.total ?? '1234567890123.45'),
        Комментарий: 'Відвантаження до 10:00',
        Ответственный: null,
        Товары: rows,
        Услуги: [],
        УникальныйИдентификатор: SALE_GUID,
        ПометкаУдаления: false,
        ВерсияДанных: 'AAAAAQAAAAA=',
        НомерСобытия: num(String(over.eventNumber ?? 10)),
      },
    },
    { bom: true },
  );
}

/** A customer's own document: a work order with a tabular section and two references (a client, an item). */
const WORK_ORDER = {
  kind: 'work-order',
  endpoint: 'work-orders',
  object: 'Документ.ЗаказНаряд',
  label: { uk: 'Заказ-наряди', en: 'Work orders' },
  attributes: [
    { name: 'Номер', type: 'Строка(9)', required: true },
    { name: 'Дата', type: 'ДатаВремя', required: true },
    { name: 'Клиент', type: 'СправочникСсылка.Контрагенты' },
    { name: 'Автомобиль', type: 'Строка(50)' },
    { name: 'Сумма', type: 'Число(12,2)' },
  ],
  tabularSections: [
    {
      name: 'Работы',
      attributes: [
        { name: 'Работа', type: 'СправочникСсылка.Номенклатура' },
        { name: 'Часы', type: 'Число(5,1)' },
      ],
    },
  ],
  roles: { number: 'Номер', date: 'Дата', counterparty: 'Клиент', amount: 'Сумма' },
  list: ['Номер', 'Дата', 'Клиент', 'Сумма'],
  filter: ['Клиент'],
  sort: ['Дата', 'Сумма'],
  search: ['Номер', 'Автомобиль', 'Клиент'],
};

const workOrderBody = (action: string, hours: string, eventNumber: number) =>
  writeOneCJson({
    action,
    data: {
      Ссылка: 'Заказ-наряд ЗН-0001 від 01.12.2026',
      Номер: 'ЗН-0001',
      Дата: date('2026-12-01T09:15:00'),
      Клиент: ref(CLIENT_GUID, 'ТОВ «Ромашка»', 'Справочник.Контрагенты'),
      Автомобиль: 'AA1234BC Škoda',
      Сумма: num('1500'),
      Работы: [{ Работа: ref(ITEM_GUID, 'Заміна оливи', 'Справочник.Номенклатура'), Часы: num(hours) }],
      УникальныйИдентификатор: '5b4f7a2e-0c1d-4e8f-9a3b-777777777777',
      ПометкаУдаления: false,
      НомерСобытия: num(String(eventNumber)),
    },
  });

for (const dialect of selectedDialects()) {
  describe(`declared kinds on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'kinds-'));
      writeFileSync(path.join(dir, 'work-order.json'), JSON.stringify(WORK_ORDER));
      t = await startTestService(dialect, { ONEC_SYNC_KINDS_DIR: dir });
    });
    after(() => t?.close());

    it('a sale is created from 1C bytes, listed, shown with its rows, and its references resolve when their objects arrive', async () => {
      const created = await t.post('/api/webhook/1c/sales', saleBody(), { 'content-type': 'application/json' });
      assert.equal(created.status, 200, JSON.stringify(created.json));
      assert.equal(created.json.result, 'created');

      const list = await t.get('/api/v1/objects/sale', auth);
      assert.equal(list.status, 200);
      assert.equal(list.json.items.length, 1);
      const summary = list.json.items[0];
      assert.equal(summary.kind, 'sale');
      assert.equal(summary.uuid, SALE_GUID);
      assert.equal(summary.attributes.Номер, 'РТ-000017');
      assert.equal(summary.attributes.Дата, '2026-12-05T12:00:00+02:00');
      assert.equal(summary.attributes.СуммаДокумента, '1234567890123.45', 'exact decimal, wider than a float keeps with cents');
      assert.deepEqual(summary.attributes.Контрагент, {
        uuid: CLIENT_GUID,
        presentation: 'ТОВ «Ромашка»',
        type: 'Справочник.Контрагенты',
        kind: 'client',
        id: null,
      });

      // The client and the item arrive after the sale: the sale's references now lead to them.
      const client = await t.post(
        '/api/webhook/1c/clients',
        writeOneCJson({
          action: 'update',
          clientData: { СсылкаКлиента: 'ТОВ «Ромашка»', Наименование: 'ТОВ «Ромашка»', УникальныйИдентификатор: CLIENT_GUID },
        }),
      );
      assert.equal(client.json.result, 'created');
      const item = await t.post(
        '/api/webhook/1c/items',
        writeOneCJson({
          action: 'update',
          data: { Ссылка: 'Цукор білий', Код: '00-0000001', Наименование: 'Цукор білий', Услуга: false, УникальныйИдентификатор: ITEM_GUID },
        }),
      );
      assert.equal(item.json.result, 'created', JSON.stringify(item.json));

      const detail = await t.get(`/api/v1/objects/sale/${summary.id}`, auth);
      assert.equal(detail.status, 200);
      assert.equal(detail.json.attributes.Контрагент.id, client.json.id);
      assert.equal(detail.json.attributes.ВидОперации.name, 'ПродажаКомиссия');
      assert.equal(detail.json.attributes.ДоговорКонтрагента, null);
      assert.equal(detail.json.attributes.КурсВзаиморасчетов, '1');
      assert.equal(detail.json.sections.Товары.length, 2);
      assert.equal(detail.json.sections.Товары[1].Цена, '41');
      assert.equal(detail.json.sections.Товары[0].Номенклатура.id, item.json.id);
      assert.equal(detail.json.sections.Товары[0].СтавкаНДС.presentation, '20%');
      assert.deepEqual(detail.json.sections.Услуги, []);

      const byCounterparty = await t.get(`/api/v1/objects/sale?counterparty=${CLIENT_GUID}`, auth);
      assert.equal(byCounterparty.json.items.length, 1);
      const other = await t.get('/api/v1/objects/sale?counterparty=5b4f7a2e-0c1d-4e8f-9a3b-000000000000', auth);
      assert.equal(other.json.items.length, 0);
      assert.equal((await t.get('/api/v1/objects/sale?q=%D1%80%D1%82-000017', auth)).json.items.length, 1, 'a case-insensitive search by number');
    });

    it('versions, re-posts, stale changes and deletes follow the invoice rules', async () => {
      const updated = await t.post('/api/webhook/1c/sales', saleBody({ total: '99.9', eventNumber: 11 }));
      assert.equal(updated.json.result, 'updated');
      assert.equal((await t.post('/api/webhook/1c/sales', saleBody({ total: '99.9', eventNumber: 11 }))).json.result, 'unchanged');
      assert.equal((await t.post('/api/webhook/1c/sales', saleBody({ total: '5', eventNumber: 9 }))).json.result, 'stale');
      const versions = await t.get(`/api/v1/objects/sale/${updated.json.id}/versions`, auth);
      assert.deepEqual(
        versions.json.items.map((v: { version: number }) => v.version),
        [1, 2],
      );
      assert.ok(versions.json.items[1].changes.length > 0, 'the second version says what changed');
      assert.equal((await t.get(`/api/v1/objects/sale/${updated.json.id}`, auth)).json.attributes.СуммаДокумента, '99.9');

      const deleted = await t.post('/api/webhook/1c/sales', saleBody({ total: '99.9', eventNumber: 12, action: 'delete' }));
      assert.equal(deleted.json.result, 'deleted');
      assert.equal((await t.get('/api/v1/objects/sale', auth)).json.items.length, 0);
      const gone = await t.get('/api/v1/objects/sale?deleted=true', auth);
      assert.equal(gone.json.items.length, 1);
      assert.equal(gone.json.items[0].deleted, true);
    });

    it('a body 1C cannot have sent is refused naming the field, and nothing is stored', async () => {
      const before = (await t.get('/api/v1/stats', auth)).json.kinds.find((k: { kind: string }) => k.kind === 'bank-payment');
      const cases: [Record<string, OneCValue>, RegExp][] = [
        [{ СуммаДокумента: num('10.005') }, /data\.СуммаДокумента: 10\.005 has more than 2 digits after the point/],
        [{ СуммаДокумента: num('12345678901234.5') }, /data\.СуммаДокумента: .* more than 13 digits before the point/],
        [{ Номер: 'Х'.repeat(12) }, /data\.Номер/],
        [{ Контрагент: 'ТОВ «Ромашка»' }, /data\.Контрагент/],
        [{ Дата: '2026-02-30T00:00:00' }, /data\.Дата: impossible date/],
        [{ Проведен: 'так' }, /data\.Проведен/],
      ];
      for (const [over, message] of cases) {
        const body = writeOneCJson({
          action: 'update',
          data: {
            Ссылка: 'Списання з рахунку 1',
            Номер: 'СР-1',
            Дата: date('2026-12-01T10:00:00'),
            УникальныйИдентификатор: '5b4f7a2e-0c1d-4e8f-9a3b-888888888888',
            ...over,
          },
        });
        const res = await t.post('/api/webhook/1c/bank-payments', body);
        assert.equal(res.status, 400, JSON.stringify(over));
        assert.equal(res.json.error.code, 'INVALID_PAYLOAD');
        assert.equal(res.json.error.retry, false, '1C must not retry what a person must fix');
        assert.match(res.json.error.message, message);
      }
      const missing = await t.post(
        '/api/webhook/1c/bank-payments',
        writeOneCJson({ action: 'update', data: { Ссылка: 'x', Дата: date('2026-12-01T10:00:00') } }),
      );
      assert.equal(missing.status, 400);
      assert.match(missing.json.error.message, /Номер/);
      assert.equal((await t.get('/api/v1/objects/bank-payment', auth)).json.items.length, 0);
      const after = (await t.get('/api/v1/stats', auth)).json.kinds.find((k: { kind: string }) => k.kind === 'bank-payment');
      assert.deepEqual(after, before);
      const journal = await t.get('/api/v1/events?endpoint=bank-payments&status=rejected', auth);
      assert.equal(journal.json.items.length, cases.length + 1, 'every refusal is journaled with its bytes');
    });

    it("a company's own kind, declared in a folder: created, updated, deleted, in the read API, the feed and the stats", async () => {
      const created = await t.post('/api/webhook/1c/work-orders', workOrderBody('update', '1.5', 1));
      assert.equal(created.status, 200, JSON.stringify(created.json));
      assert.equal(created.json.result, 'created');
      assert.equal((await t.post('/api/webhook/1c/work-orders', workOrderBody('update', '2', 2))).json.result, 'updated');
      const detail = await t.get(`/api/v1/objects/work-order/${created.json.id}`, auth);
      assert.equal(detail.json.sections.Работы[0].Часы, '2');
      assert.equal(detail.json.attributes.Клиент.kind, 'client');
      assert.ok(detail.json.attributes.Клиент.id, 'the client arrived in the first test');
      assert.equal((await t.get(`/api/v1/objects/work-order?counterparty=${CLIENT_GUID}&sort=Сумма`, auth)).status, 400, 'sort takes a role');
      assert.equal((await t.get(`/api/v1/objects/work-order?counterparty=${CLIENT_GUID}&sort=amount`, auth)).json.items.length, 1);
      assert.equal((await t.get('/api/v1/objects/work-order?q=%C5%A1koda', auth)).json.items.length, 1);
      assert.equal((await t.post('/api/webhook/1c/work-orders', workOrderBody('delete', '2', 3))).json.result, 'deleted');

      const feed = await t.get('/api/v1/changes?kinds=work-order', auth);
      assert.deepEqual(
        feed.json.items.map((c: { action: string; version: number }) => [c.action, c.version]),
        [
          ['created', 1],
          ['updated', 2],
          ['deleted', 3],
        ],
      );
      assert.equal(feed.json.items[0].object.kind, 'work-order');
      assert.equal(feed.json.items[0].object.sections.Работы[0].Часы, '1.5');
      assert.equal(feed.json.items[2].object.deleted, true);
      assert.equal((await t.get('/api/v1/changes?kinds=nonsense', auth)).status, 400);

      const stats = (await t.get('/api/v1/stats', auth)).json.kinds.find((k: { kind: string }) => k.kind === 'work-order');
      assert.equal(stats.live, 0);
      assert.equal(stats.deleted, 1);
      assert.equal(stats.endpoint, 'work-orders');

      const kinds = (await t.get('/api/v1/kinds', auth)).json.items.map((k: { kind: string }) => k.kind);
      assert.ok(kinds.includes('work-order') && kinds.includes('sale') && kinds.includes('incoming'));
    });

    it("/openapi.json describes each declared kind's webhook and objects, a sale's lines included", async () => {
      const spec = (await t.get('/openapi.json')).json;
      const post = spec.paths['/api/webhook/1c/sales'].post;
      const body = post.requestBody.content['application/json'].schema;
      const text = JSON.stringify(body);
      assert.match(text, /Товары/);
      assert.match(text, /СуммаДокумента/);
      const get = spec.paths['/api/v1/objects/sale/{id}'].get.responses['200'].content['application/json'].schema;
      assert.match(JSON.stringify(get), /Номенклатура/);
      assert.ok(spec.paths['/api/v1/objects/work-order'], 'a kind declared in a folder is documented too');
    });
  });
}

describe('a bad declaration stops the start', () => {
  it('naming the file and the field, before any database is opened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kinds-'));
    writeFileSync(path.join(dir, 'work-order.json'), JSON.stringify({ ...WORK_ORDER, attributes: [{ name: 'Номер', type: 'Число(99)' }] }));
    const db = await freshDatabaseUrl('sqlite');
    try {
      await assert.rejects(
        createService(loadConfig({ DATABASE_URL: db.url, ONEC_SYNC_KINDS_DIR: dir, LOG_LEVEL: 'silent' })),
        (e: unknown) => e instanceof KindDeclarationError && e.file.endsWith('work-order.json') && e.field === 'attributes[0].type',
      );
    } finally {
      await db.cleanup();
    }
  });
});
