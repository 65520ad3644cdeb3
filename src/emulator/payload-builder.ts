import { date, EMPTY_DATE, num, type OneCDate, type OneCValue } from '../bsl/one-c-json.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { OneCType } from '../kinds/one-c-type.js';

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

// ---- declared kinds ---------------------------------------------------------------------------

/**
 * One object of a declared kind, as the generated modules read it: attribute values by the
 * declared name, already in their wire shape (`num`, `date`, strings, booleans, `refValue`,
 * `enumValue`, null); a value not given is the type's empty value, as 1C reads an unfilled
 * attribute. Rows by section name, each naming the tabular section it came from when the
 * section has several.
 */
export interface DeclaredSpec {
  action?: 'create' | 'update' | 'delete';
  /** `Строка(Ссылка)`: the object's presentation. */
  ref: string;
  values: Record<string, OneCValue>;
  rows?: Record<string, Array<{ source?: string; values: Record<string, OneCValue> }>>;
  uuid: string;
  deletionMark?: boolean;
  dataVersion: string;
  eventNumber: string;
}

/** A reference to a catalog's or document's object: GUID, presentation, the metadata's full name. */
export function refValue(uuid: string, presentation: string, type: string): OneCValue {
  return { УникальныйИдентификатор: uuid, Представление: presentation, Тип: type };
}

/** An enumeration value: its name (XMLСтрока), presentation, the enumeration. */
export function enumValue(name: string, presentation: string, enumeration: string): OneCValue {
  return { Имя: name, Представление: presentation, Тип: `Перечисление.${enumeration}` };
}

/** What an unfilled attribute of a type is sent as. */
export function emptyValue(t: OneCType): OneCValue {
  switch (t.type) {
    case 'string':
      return '';
    case 'number':
      return num('0');
    case 'date':
      return EMPTY_DATE;
    case 'boolean':
      return false;
    case 'ref':
      return null;
  }
}

/**
 * The v2 body of a declared kind, keys in the order the generated builder inserts them: the
 * ref field, the attributes as declared, the sections as declared (rows in the order of their
 * tabular sections, then of their lines), then the keys every body carries.
 */
export function declaredBody(kind: KindDefinition, spec: DeclaredSpec): OneCValue {
  const data: Record<string, OneCValue> = { [kind.refField]: spec.ref };
  for (const a of kind.attributes) data[a.name] = spec.values[a.name] ?? emptyValue(a.type);
  for (const s of kind.sections) {
    const rows = [...(spec.rows?.[s.name] ?? [])].sort((x, y) => s.sources.indexOf(x.source ?? s.sources[0]!) - s.sources.indexOf(y.source ?? s.sources[0]!));
    data[s.name] = rows.map((row) => {
      const out: Record<string, OneCValue> = {};
      for (const a of s.attributes) out[a.name] = row.values[a.name] ?? emptyValue(a.type);
      if (s.discriminator) out[s.discriminator] = row.source ?? s.sources[0]!;
      return out;
    });
  }
  data.УникальныйИдентификатор = spec.uuid;
  data.ПометкаУдаления = spec.deletionMark ?? false;
  data.ВерсияДанных = spec.dataVersion;
  data.НомерСобытия = num(spec.eventNumber);
  return { action: spec.action ?? 'update', [kind.payloadKey]: data };
}
