import { date, EMPTY_DATE, num, type OneCDate, type OneCValue } from '../bsl/one-c-json.js';

/**
 * Builders for the three webhook bodies, with the fields in the order the classic
 * modules insert them into their Структура (ЗаписатьJSON keeps insertion order).
 * `protocol: 'classic'` is what the classic modules send, exactly; `'v2'` adds what our generated
 * modules send (УникальныйИдентификатор, ПометкаУдаления, ВерсияДанных, НомерСобытия).
 */
export type Protocol = 'classic' | 'v2';

export interface PositionSpec {
  name: string;
  code: string;
  quantity: string;
  price: string;
  amount: string;
  unit?: string;
  vatRate?: string;
  vatAmount?: string;
}

export interface InvoiceSpec {
  action?: 'create' | 'update' | 'delete';
  /** Номер, e.g. "ПТ-000123". */
  number: string;
  /** Local "YYYY-MM-DDTHH:MM:SS". */
  date: string;
  counterparty: string;
  edrpou: string;
  total: string;
  currencyCode?: string;
  posted?: boolean;
  comment?: string;
  positions: PositionSpec[];
  /** Outgoing invoices only. */
  paymentDue?: string | null;
  clientCode?: string;
  clientTaxId?: string;
  /** v2 fields. */
  uuid?: string;
  deletionMark?: boolean;
  dataVersion?: string;
  eventNumber?: string;
  /** Fields the receiver does not know, to prove they are kept. */
  extra?: Record<string, OneCValue>;
}

export interface ClientSpec {
  action?: 'create' | 'update' | 'delete';
  code: string;
  name: string;
  fullName?: string;
  edrpou?: string;
  taxId?: string;
  phone?: string;
  email?: string;
  address?: string;
  comment?: string;
  uuid?: string;
  deletionMark?: boolean;
  dataVersion?: string;
  eventNumber?: string;
}

const RECEIPT_TITLE = 'Поступление товаров и услуг';
const INVOICE_TITLE = 'Счет на оплату покупателю';

/** `Строка(Ссылка)`: a presentation, "… ПТ-000123 от 15.01.2024 10:30:00": what `Строка()` of a reference gives, and all the classic modules send of it. */
export function refPresentation(title: string, number: string, local: string): string {
  const [d, t] = local.split('T') as [string, string];
  const [y, m, day] = d.split('-');
  return `${title} ${number} от ${day}.${m}.${y} ${t}`;
}

function positions(spec: InvoiceSpec, protocol: Protocol): OneCValue[] {
  return spec.positions.map((p) => {
    const row: Record<string, OneCValue> = {
      НаименованиеТовара: p.name,
      КодТовара: p.code,
      Количество: num(p.quantity),
      Цена: num(p.price),
      Сумма: num(p.amount),
      ЕдиницаИзмерения: p.unit ?? 'шт',
    };
    if (protocol === 'v2') {
      if (p.vatRate !== undefined) row.СтавкаНДС = p.vatRate;
      if (p.vatAmount !== undefined) row.СуммаНДС = num(p.vatAmount);
    }
    return row;
  });
}

function v2Meta(spec: { uuid?: string; deletionMark?: boolean; dataVersion?: string; eventNumber?: string }): Record<string, OneCValue> {
  const meta: Record<string, OneCValue> = {};
  if (spec.uuid !== undefined) meta.УникальныйИдентификатор = spec.uuid;
  meta.ПометкаУдаления = spec.deletionMark ?? false;
  if (spec.dataVersion !== undefined) meta.ВерсияДанных = spec.dataVersion;
  if (spec.eventNumber !== undefined) meta.НомерСобытия = num(spec.eventNumber);
  return meta;
}

export function incomingInvoiceBody(spec: InvoiceSpec, protocol: Protocol = 'classic'): OneCValue {
  const data: Record<string, OneCValue> = {
    СсылкаДокумента: refPresentation(RECEIPT_TITLE, spec.number, spec.date),
    НомерДокумента: spec.number,
    ДатаДокумента: date(spec.date),
    Постачальник: spec.counterparty,
    ЄДРПОУ: spec.edrpou,
    СуммаДокумента: num(spec.total),
    КодВалюты: spec.currencyCode ?? '980',
    Проведен: spec.posted ?? true,
    Комментарий: spec.comment ?? '',
    positions: positions(spec, protocol),
    ...(protocol === 'v2' ? v2Meta(spec) : {}),
    ...spec.extra,
  };
  return { action: spec.action ?? 'update', invoiceData: data };
}

export function outgoingInvoiceBody(spec: InvoiceSpec, protocol: Protocol = 'classic'): OneCValue {
  const paymentDue: OneCDate = spec.paymentDue ? date(spec.paymentDue) : EMPTY_DATE;
  const data: Record<string, OneCValue> = {
    СсылкаДокумента: refPresentation(INVOICE_TITLE, spec.number, spec.date),
    НомерДокумента: spec.number,
    ДатаДокумента: date(spec.date),
    Клиент: spec.counterparty,
    ЄДРПОУ: spec.edrpou,
    СуммаДокумента: num(spec.total),
    КодВалюты: spec.currencyCode ?? '980',
    Проведен: spec.posted ?? true,
    Комментарий: spec.comment ?? '',
    ДатаОплаты: paymentDue,
    КодКлиента: spec.clientCode ?? '',
    ИННКлиента: spec.clientTaxId ?? '',
    positions: positions(spec, protocol),
    ...(protocol === 'v2' ? v2Meta(spec) : {}),
    ...spec.extra,
  };
  return { action: spec.action ?? 'update', invoiceData: data };
}

export function clientBody(spec: ClientSpec, protocol: Protocol = 'classic'): OneCValue {
  const data: Record<string, OneCValue> = {
    СсылкаКлиента: spec.name,
    Код: spec.code,
    Наименование: spec.name,
    НаименованиеПолное: spec.fullName ?? spec.name,
    ЄДРПОУ: spec.edrpou ?? '',
    ИНН: spec.taxId ?? '',
    Телефон: spec.phone ?? '',
    Email: spec.email ?? '',
    Адрес: spec.address ?? '',
    Комментарий: spec.comment ?? '',
    ...(protocol === 'v2' ? v2Meta(spec) : {}),
  };
  return { action: spec.action ?? 'update', clientData: data };
}

/** Positions whose amounts add up: quantity × price, rounded to kopecks with BigInt. */
export function makePositions(count: number, seed = 1): PositionSpec[] {
  const out: PositionSpec[] = [];
  for (let i = 0; i < count; i++) {
    const qtyMilli = BigInt(((seed * 7919 + i * 104729) % 50) + 1) * 1000n + BigInt((i * 37) % 1000);
    const priceKop = BigInt(((seed * 31 + i * 613) % 99000) + 100);
    // amount (kopecks) = qty(milli) × price(kopecks) / 1000, rounded half up
    const amountKop = (qtyMilli * priceKop + 500n) / 1000n;
    out.push({
      name: `Товар №${i + 1} «Кріплення М${(i % 12) + 4}»`,
      code: String(1000 + i).padStart(9, '0'),
      quantity: milli(qtyMilli),
      price: kop(priceKop),
      amount: kop(amountKop),
      unit: i % 3 === 0 ? 'кг' : 'шт',
    });
  }
  return out;
}

export function totalOf(list: PositionSpec[]): string {
  return kop(list.reduce((s, p) => s + toKop(p.amount), 0n));
}

function toKop(text: string): bigint {
  const [i, f = ''] = text.split('.') as [string, string?];
  return BigInt(i) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
}

function kop(value: bigint): string {
  const text = `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
  return text.replace(/\.?0+$/, '') || '0';
}

function milli(value: bigint): string {
  const text = `${value / 1000n}.${String(value % 1000n).padStart(3, '0')}`;
  return text.replace(/\.?0+$/, '') || '0';
}
