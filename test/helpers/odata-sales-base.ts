/**
 * A 1C base of sales as the standard OData interface shows it (for the test OData server): an
 * organisation, counterparties, items, and N sales (РеализацияТоваровУслуг) of 1–20 goods lines
 * spread over a year — and each sale as the generated module posts it, the same object the
 * other way in. Deterministic: sale i is the same in every run.
 */
import { date, num, type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { type Entity, type FakeOData, Num } from './odata-server.js';

export const SALES_SET = 'Document_РеализацияТоваровУслуг';
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const ORG = { ref: '7c1e0b9a-2d3f-4a5b-8c6d-0000000000a1', name: 'ТОВ «Наша фірма»' };

export interface SaleLine {
  item: number;
  qty: string;
  price: string;
  amount: string;
  vat: string;
}

export interface BaseSale {
  ref: string;
  number: string;
  /** Local "YYYY-MM-DDTHH:MM:SS". */
  date: string;
  client: number;
  total: string;
  comment: string;
  version: string;
  lines: SaleLine[];
}

const guid = (prefix: string, i: number) => `7c1e0b9a-2d3f-4a5b-8c6d-${prefix}${String(i).padStart(12 - prefix.length, '0')}`;
export const clientRef = (i: number) => guid('c', i);
export const clientName = (i: number) => `ТОВ «Покупець ${i}»`;
export const itemRef = (i: number) => guid('e', i);
export const itemName = (i: number) => `Товар №${i} «Кріплення М${(i % 12) + 4}»`;

const kop = (k: number) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`;

/** Sale i of a base of `count`: 1–20 lines, dated through 2025 in order. */
export function baseSale(i: number, count: number, clients: number, items: number): BaseSale {
  const lines: SaleLine[] = [];
  const lineCount = 1 + ((i * 7919) % 20);
  let total = 0;
  for (let l = 0; l < lineCount; l++) {
    const qty = 1 + ((i + l * 31) % 9);
    const priceKop = 1000 + ((i * 13 + l * 617) % 90_000);
    const amount = qty * priceKop;
    total += amount;
    lines.push({ item: 1 + ((i * 3 + l * 17) % items), qty: String(qty), price: kop(priceKop), amount: kop(amount), vat: kop(Math.round(amount / 6)) });
  }
  const at = new Date(Date.UTC(2025, 0, 1) + Math.floor((i / Math.max(count, 1)) * 364 * 86_400_000) + (i % 600) * 60_000);
  return {
    ref: guid('5a', i),
    number: `РТ-${String(i).padStart(8, '0')}`,
    date: at.toISOString().slice(0, 19),
    client: 1 + (i % clients),
    total: kop(total),
    comment: `Продаж ${i}`,
    version: `AAAA${i}AAA=`,
    lines,
  };
}

/** The base's catalogs unless told otherwise: a counterparty per 20 sales, 200 items. */
export const defaultShape = (count: number) => ({ clients: Math.max(3, Math.ceil(count / 20)), items: 200 });

/** Puts the catalogs and `count` sales into the server; returns the sales. */
export function fillSalesBase(fake: FakeOData, count: number, options: { clients?: number; items?: number } = {}): BaseSale[] {
  const clients = options.clients ?? defaultShape(count).clients;
  const items = options.items ?? defaultShape(count).items;
  fake.set('Catalog_Организации').push({ Ref_Key: ORG.ref, DataVersion: 'o', DeletionMark: false, Code: '001', Description: ORG.name });
  for (let c = 1; c <= clients; c++) fake.set('Catalog_Контрагенты').push(clientEntity(c));
  for (let n = 1; n <= items; n++)
    fake
      .set('Catalog_Номенклатура')
      .push({ Ref_Key: itemRef(n), DataVersion: 'n', DeletionMark: false, Code: String(n).padStart(9, '0'), Description: itemName(n) });
  const sales: BaseSale[] = [];
  const docs = fake.set(SALES_SET);
  const rows = fake.set(`${SALES_SET}_Товары`);
  fake.set(`${SALES_SET}_Услуги`);
  for (let i = 1; i <= count; i++) {
    const s = baseSale(i, count, clients, items);
    sales.push(s);
    docs.push(saleEntity(s));
    s.lines.forEach((l, at) => {
      rows.push({
        Ref_Key: s.ref,
        LineNumber: String(at + 1),
        Номенклатура_Key: itemRef(l.item),
        Количество: new Num(l.qty),
        Цена: new Num(l.price),
        Сумма: new Num(l.amount),
        СтавкаНДС: 'НДС20',
        СуммаНДС: new Num(l.vat),
      });
    });
  }
  return sales;
}

export function clientEntity(c: number, version = `AAAc${c}AAA=`): Entity {
  return {
    Ref_Key: clientRef(c),
    DataVersion: version,
    DeletionMark: false,
    Code: String(c).padStart(9, '0'),
    Description: clientName(c),
    НаименованиеПолное: `${clientName(c)} (повна назва)`,
    КодПоЕДРПОУ: String(30_000_000 + c),
    ИНН: '',
    Комментарий: '',
  };
}

export function saleEntity(s: BaseSale): Entity {
  return {
    Ref_Key: s.ref,
    DataVersion: s.version,
    DeletionMark: false,
    Number: s.number,
    Date: s.date,
    Posted: true,
    Организация_Key: ORG.ref,
    Контрагент_Key: clientRef(s.client),
    ДоговорКонтрагента_Key: EMPTY_GUID,
    ВидОперации: 'ПродажаКомиссия',
    Склад_Key: EMPTY_GUID,
    ВалютаДокумента_Key: EMPTY_GUID,
    КурсВзаиморасчетов: new Num('1'),
    СуммаВключаетНДС: true,
    СуммаДокумента: new Num(s.total),
    Комментарий: s.comment,
    Ответственный_Key: EMPTY_GUID,
  };
}

const ref = (uuid: string, presentation: string, type: string): OneCValue => ({ УникальныйИдентификатор: uuid, Представление: presentation, Тип: type });

/** The sale as the generated module posts it (one webhook per document). */
export function saleWebhookBody(s: BaseSale, eventNumber: number): Buffer {
  const [d = '', t = ''] = s.date.split('T');
  const [y, m, day] = d.split('-');
  return writeOneCJson({
    action: 'update',
    data: {
      Ссылка: `Реализация товаров и услуг ${s.number} от ${day}.${m}.${y} ${t}`,
      Номер: s.number,
      Дата: date(s.date),
      Проведен: true,
      Организация: ref(ORG.ref, ORG.name, 'Справочник.Организации'),
      Контрагент: ref(clientRef(s.client), clientName(s.client), 'Справочник.Контрагенты'),
      ДоговорКонтрагента: null,
      ВидОперации: { Имя: 'ПродажаКомиссия', Представление: 'Продаж, комісія', Тип: 'Перечисление.ВидыОперацийРеализацияТоваров' },
      Склад: null,
      ВалютаДокумента: null,
      КурсВзаиморасчетов: num('1'),
      СуммаВключаетНДС: true,
      СуммаДокумента: num(s.total),
      Комментарий: s.comment,
      Ответственный: null,
      Товары: s.lines.map((l) => ({
        Номенклатура: ref(itemRef(l.item), itemName(l.item), 'Справочник.Номенклатура'),
        Количество: num(l.qty),
        Цена: num(l.price),
        Сумма: num(l.amount),
        СтавкаНДС: { Имя: 'НДС20', Представление: '20%', Тип: 'Перечисление.СтавкиНДС' },
        СуммаНДС: num(l.vat),
      })),
      Услуги: [],
      УникальныйИдентификатор: s.ref,
      ПометкаУдаления: false,
      ВерсияДанных: s.version,
      НомерСобытия: num(String(eventNumber)),
    },
  });
}
