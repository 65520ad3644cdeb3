/**
 * The "years" data set's declared kind: M sales (РеализацияТоваровУслуг, the shipped `sale`
 * declaration) over the same three years and counterparties as the invoices, deterministic
 * from M. Bodies are the generated modules' bytes, written by the payload builder's
 * `declaredBody`: the counterparty a reference by the client's GUID (the clients posted
 * first, so the reference resolves), 1 to 20 lines in `Товары` from a few hundred items,
 * the document's total their sum. Besides the first post: later versions (~1.25 per sale:
 * a line's quantity, the posting), re-posts of unchanged sales, deletions.
 */
import { date, num, type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { declaredBody, enumValue, refValue } from '../../src/emulator/payload-builder.js';
import type { KindDefinition } from '../../src/kinds/kind-definition.js';
import { KindRegistry } from '../../src/kinds/kind-registry.js';
import { type Counterparty, guid, random, type YearsPost } from './data.js';

let saleKind: KindDefinition | undefined;
/** The shipped `sale` declaration, as the generated modules serialise it. */
export function saleDefinition(): KindDefinition {
  saleKind ??= KindRegistry.load().require('sale');
  return saleKind;
}

const START = Date.UTC(2023, 0, 1);
const DAYS = 3 * 365;
const ITEMS = 400;
const ITEM_WORDS = ['Цукор', 'Борошно', 'Олія', 'Кріплення', 'Фарба', 'Кабель', 'Папір', 'Цемент', 'Молоко', 'Сир'];
const SALE_COMMENTS = ['', '', '', '', 'Відвантаження до 10:00', 'Самовивіз', 'Оплата після поставки', 'Доставка Новою поштою'];
const HOUR = 3_600_000;

const ORGANISATION = refValue(guid('organisation:1'), 'ТОВ «Наша фірма»', 'Справочник.Организации');
const WAREHOUSE = refValue(guid('warehouse:1'), 'Основний склад', 'Справочник.Склады');
const CURRENCY = refValue(guid('currency:980'), 'грн', 'Справочник.Валюты');
const OPERATION = enumValue('ПродажаКомиссия', 'Продаж, комісія', 'ВидыОперацийРеализацияТоваров');
const VAT20 = enumValue('НДС20', '20%', 'СтавкиНДС');

export interface SalePlan {
  index: number;
  number: string;
  counterparty: Counterparty;
  versions: number;
  reposts: number;
  deleted: boolean;
  date: Date;
  /** Item, quantity (thousandths), price (kopecks) of each line. */
  lines: { item: number; qtyMilli: number; priceKop: number }[];
  uuid: string;
}

export function planSale(i: number, m: number, parties: Counterparty[]): SalePlan {
  const r = random(i * 2_246_822_519 + 91);
  // A few counterparties buy most (r² skews towards the first), as for invoices.
  const counterparty = parties[Math.floor(r() * r() * parties.length)]!;
  const roll = r();
  const versions = roll < 0.03 ? 3 : roll < 0.22 ? 2 : 1;
  const reposts = r() < 0.08 ? 1 : 0;
  const deleted = r() < 0.01;
  const day = Math.floor((i / m) * DAYS);
  const when = new Date(START + day * 86_400_000 + (8 + Math.floor(r() * 10)) * HOUR + Math.floor(r() * 3_600) * 1000);
  const count = 1 + Math.floor(r() * r() * 20);
  const lines = Array.from({ length: count }, () => {
    const item = Math.floor(r() * ITEMS);
    return { item, qtyMilli: (1 + Math.floor(r() * 40)) * 1000 * (r() < 0.2 ? 10 : 1), priceKop: 500 + ((item * 7_919) % 90_000) + Math.floor(r() * 500) };
  });
  // Строка(11): РТ- and eight digits.
  const number = `РТ-${String(i + 1).padStart(8, '0')}`;
  return { index: i, number, counterparty, versions, reposts, deleted, date: when, lines, uuid: guid(`sale:${i}`) };
}

const kopText = (k: number) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`.replace(/\.?0+$/, '') || '0';
const localText = (d: Date) => d.toISOString().slice(0, 19);
const presentationDate = (d: Date) => {
  const t = localText(d);
  return `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11)}`;
};

/** The lines of version v: a later version sells one more of the first line. */
function linesOf(plan: SalePlan, version: number) {
  return plan.lines.map((l, k) => {
    const qtyMilli = k === 0 ? l.qtyMilli + (version - 1) * 1000 : l.qtyMilli;
    const amountKop = Math.round((qtyMilli * l.priceKop) / 1000);
    return { ...l, qtyMilli, amountKop, vatKop: Math.round(amountKop / 6) };
  });
}

/** The total of version v, in kopecks (the sum of its lines, VAT included). */
export function saleTotalKop(plan: SalePlan, version: number): number {
  return linesOf(plan, version).reduce((s, l) => s + l.amountKop, 0);
}

/** A sale of version v (1-based) is posted unless it is a first version of every seventh. */
export const salePosted = (plan: SalePlan, version: number) => version > 1 || plan.index % 7 !== 3;

export function saleBody(plan: SalePlan, version: number, action: 'update' | 'delete' = 'update'): Buffer {
  const kind = saleDefinition();
  const lines = linesOf(plan, version);
  const values: Record<string, OneCValue> = {
    Номер: plan.number,
    Дата: date(localText(plan.date)),
    Проведен: salePosted(plan, version),
    Организация: ORGANISATION,
    Контрагент: refValue(guid(`client:${plan.counterparty.index}`), plan.counterparty.name, 'Справочник.Контрагенты'),
    ДоговорКонтрагента: null,
    ВидОперации: OPERATION,
    Склад: WAREHOUSE,
    ВалютаДокумента: CURRENCY,
    КурсВзаиморасчетов: num('1'),
    СуммаВключаетНДС: true,
    СуммаДокумента: num(kopText(saleTotalKop(plan, version))),
    Комментарий: SALE_COMMENTS[(plan.index + version) % SALE_COMMENTS.length]!,
    Ответственный: null,
  };
  const rows = lines.map((l) => ({
    values: {
      Номенклатура: refValue(guid(`item:${l.item}`), `${ITEM_WORDS[l.item % ITEM_WORDS.length]} ${l.item + 1}`, 'Справочник.Номенклатура'),
      Количество: num(String(l.qtyMilli / 1000)),
      Цена: num(kopText(l.priceKop)),
      Сумма: num(kopText(l.amountKop)),
      СтавкаНДС: VAT20,
      СуммаНДС: num(kopText(l.vatKop)),
    } as Record<string, OneCValue>,
  }));
  const body = declaredBody(kind, {
    action,
    ref: `Реалізація товарів і послуг ${plan.number} від ${presentationDate(plan.date)}`,
    values,
    rows: { Товары: rows },
    uuid: plan.uuid,
    dataVersion: Buffer.from(`v${plan.index}.${version}`).toString('base64'),
    // 1C's event counter grows with every change a base sends.
    eventNumber: String(plan.index * 4 + version + (action === 'delete' ? 1 : 0)),
  });
  return writeOneCJson(body, { bom: true });
}

/** The endpoint the generated modules post a sale to. */
export const saleEndpoint = () => saleDefinition().endpoint;

/**
 * The posts of one block of sales [from, to), in the order 1C sends them: each sale's first
 * version, then the later versions, re-posts and deletions of the block before (as for the
 * invoices, so they find their sale stored).
 */
export function saleBlockPosts(from: number, to: number, previousFrom: number, m: number, parties: Counterparty[]): YearsPost[] {
  const endpoint = saleEndpoint();
  const posts: YearsPost[] = [];
  for (let i = from; i < to; i++) {
    const plan = planSale(i, m, parties);
    posts.push({ endpoint, body: saleBody(plan, 1), receivedAt: plan.date });
  }
  for (let i = previousFrom; i < from; i++) {
    const plan = planSale(i, m, parties);
    // wave: the how-manieth later post of this sale (generate.ts commits a wave before the next when nothing else separates them).
    let wave = 0;
    for (let v = 2; v <= plan.versions; v++)
      posts.push({ endpoint, body: saleBody(plan, v), receivedAt: new Date(plan.date.getTime() + (v - 1) * 30 * HOUR), wave: ++wave });
    if (plan.reposts) posts.push({ endpoint, body: saleBody(plan, plan.versions), receivedAt: new Date(plan.date.getTime() + 90 * HOUR), wave: ++wave });
    if (plan.deleted)
      posts.push({ endpoint, body: saleBody(plan, plan.versions, 'delete'), receivedAt: new Date(plan.date.getTime() + 220 * HOUR), wave: ++wave });
  }
  return posts;
}

/** What the sale reads ask for, chosen from the data. */
export function saleSearchTerms(m: number, parties: Counterparty[]) {
  const rare = planSale(Math.floor(m * 0.38197), m, parties);
  return {
    rare: rare.number, // one sale's number
    common: 'ТОВ', // in about half of the counterparties' names
    busy: guid(`client:${parties[3]!.index}`), // r² makes the first counterparties the busiest
    quiet: guid(`client:${parties[Math.floor(parties.length / 2)]!.index}`), // a few hundred sales in a million
  };
}

/** Nine ASCII characters that occur nowhere else in a sale's body (РТ and them: Строка(11)); replaced by a counter. */
const PLACEHOLDER = 'QQQQQQQQQ';

/**
 * A distinct sale per call for the webhook loads: one template (a sale of 10 lines), its
 * GUID's last twelve hex digits and its number patched in place (so each post is a new
 * sale, and the bytes are those of the builder).
 */
export class UniqueSaleStream {
  private readonly template: Buffer;
  private readonly uuidAt: number;
  private readonly numberAt: number[] = [];
  private counter = 0;

  constructor(readonly tag: number) {
    const parties = [{ index: 0, name: 'ТОВ «Ромашка»', edrpou: '32855961', code: '000000001' }];
    const plan = { ...planSale(12, 1000, parties), number: `РТ${PLACEHOLDER}`, uuid: `0b1e0000-0000-4000-a000-${'f'.repeat(12)}` };
    plan.lines = Array.from({ length: 10 }, (_, k) => ({ item: k * 17, qtyMilli: 3000, priceKop: 12_000 + k }));
    this.template = saleBody(plan, 1);
    this.uuidAt = this.template.indexOf(Buffer.from('f'.repeat(12)));
    const needle = Buffer.from(PLACEHOLDER);
    for (let at = this.template.indexOf(needle); at !== -1; at = this.template.indexOf(needle, at + 1)) this.numberAt.push(at);
    if (this.uuidAt < 0 || this.numberAt.length === 0) throw new Error('placeholders not found in the sale template');
  }

  next(): Buffer {
    const n = ++this.counter;
    const body = Buffer.from(this.template);
    body.write(`${(this.tag % 0xffff).toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`, this.uuidAt, 'latin1');
    const digits = String(n).padStart(PLACEHOLDER.length, '0');
    for (const at of this.numberAt) body.write(digits, at, 'latin1');
    return body;
  }
}
