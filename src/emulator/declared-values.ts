/**
 * The values of a declared kind's object in the TypeScript emulator, made from its declaration
 * in the wire shape the generated modules send (`declaredBody`): text, exact decimals, local
 * dates, flags, enumeration values by name, references by GUID + presentation + type. A
 * reference points to an object the day already has (a sale's Контрагент is one of the day's
 * counterparties, its rows' Номенклатура the day's items; a document's ДоговорКонтрагента is a
 * contract of its Контрагент, as 1C's choice parameters keep it); the catalogs no kind sends
 * (Организации, Склады, Валюты…) get a few fixed objects of their own.
 */
import { date, num, OneCNumber, type OneCValue } from '../bsl/one-c-json.js';
import { standardMetadata } from '../bsl/runtime/base/metadata.js';
import { type Decimal, num as decimal } from '../bsl/runtime/values.js';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import { enumValue, refValue } from './payload-builder.js';
import type { Rng } from './scenario-data.js';

/** An object a reference may point to. */
export interface RefTarget {
  uuid: string;
  presentation: string;
  /** A contract's Владелец: the counterparty it belongs to. */
  owner?: RefTarget;
}

const TEXTS = ['Термінова поставка', 'Оплата частинами', 'Згідно з рахунком', 'Повернення тари', 'Без коментаря'];
const ITEM_NAMES = ['Папір А4', 'Картридж HP 12A', 'Кава в зернах 1 кг', 'Стілець офісний', 'Монітор 27"', 'Доставка', 'Монтаж', 'Консультація'];
/** Values of СтавкиНДС (a configuration enumeration every base has): name and presentation. */
const VAT_RATES: Array<[string, string]> = [
  ['НДС20', '20%'],
  ['НДС7', '7%'],
  ['БезНДС', 'Без НДС'],
];

export interface DeclaredRow {
  source?: string;
  values: Record<string, OneCValue>;
}

export class DeclaredValues {
  /** Objects by the full name of their table (`Справочник.Контрагенты`). */
  readonly pools = new Map<string, RefTarget[]>();
  private readonly enums: Map<string, Array<[string, string]>>;

  constructor(
    private readonly rng: Rng,
    kinds: readonly KindDefinition[],
  ) {
    const meta = standardMetadata(undefined, kinds);
    this.enums = new Map([['СтавкиНДС', VAT_RATES], ...(meta.enums ?? []).map((e): [string, Array<[string, string]>] => [e.name, e.values])]);
  }

  pool(table: string): RefTarget[] {
    let list = this.pools.get(table);
    if (!list) {
      // A catalog no kind sends: reference data the base had before today.
      const name = table.slice(table.indexOf('.') + 1);
      const names = name === 'Валюты' ? ['грн', 'USD'] : [`${name} 1`, `${name} 2`];
      list = names.map((presentation) => ({ uuid: this.rng.guid(), presentation }));
      this.pools.set(table, list);
    }
    return list;
  }

  /** One attribute's value; `undefined` leaves it unfilled (sent as its type's empty value). */
  value(a: AttributeDefinition, local: string): OneCValue | undefined {
    const t = a.type;
    switch (t.type) {
      case 'string': {
        const text = a.name === 'НазначениеПлатежа' ? `Оплата згідно з рахунком № ${this.rng.int(1, 999)}` : this.rng.pick(TEXTS);
        return t.length > 0 ? text.slice(0, t.length) : text;
      }
      case 'number':
        return num(this.decimal(t.digits, t.scale).toString());
      case 'date':
        return date(t.parts === 'date' ? `${local.slice(0, 10)}T00:00:00` : local);
      case 'boolean':
        return this.rng.chance(0.5);
      case 'ref': {
        const target = t.targets[0]!;
        if (target.class === 'Перечисление') {
          const values = this.enums.get(target.name) ?? [['Значение1', 'Значение 1']];
          const [name, presentation] = this.rng.pick(values);
          return enumValue(name, presentation, target.name);
        }
        const table = `${target.class === 'Документ' ? 'Документ' : 'Справочник'}.${target.name}`;
        const refs = this.pool(table);
        // Some optional references stay empty: they are sent as null.
        if (refs.length === 0 || (!a.required && this.rng.chance(0.1))) return undefined;
        const r = this.rng.pick(refs);
        return refValue(r.uuid, r.presentation, table);
      }
    }
  }

  private decimal(digits: number, scale: number): Decimal {
    const whole = this.rng.int(1, Math.min(10 ** (digits - scale) - 1, scale >= 3 ? 40 : 50000));
    const places = Math.min(scale, 2);
    return decimal(whole).plus(decimal(this.rng.int(0, 10 ** places - 1)).div(10 ** places));
  }

  /**
   * A new object's attributes and rows. `code` is its Код or Номер; `local` its time. The
   * standard attributes the base fills (Проведен, ПометкаУдаления) are the caller's.
   */
  fill(kind: KindDefinition, code: string, local: string, n: number): { values: Record<string, OneCValue>; rows: Record<string, DeclaredRow[]> } {
    const values: Record<string, OneCValue> = {};
    for (const a of kind.attributes) {
      if (a.name === 'Проведен' || a.source.includes('.') || a.source.includes('(')) continue;
      if (a.source === 'Номер' || a.source === 'Код') values[a.name] = code;
      else if (a.source === 'Дата' && kind.metaClass === 'Документ') values[a.name] = date(local);
      else if (a.source === 'Наименование')
        values[a.name] = kind.oneCName === 'Номенклатура' ? `${this.rng.pick(ITEM_NAMES)} ${code}` : `${kind.label.uk} № ${this.rng.int(1, 999)}/${n + 1}`;
      else {
        const v = this.value(a, local);
        if (v !== undefined) values[a.name] = v;
      }
    }
    // A document's contract belongs to its counterparty.
    const owned = (this.pools.get('Справочник.ДоговорыКонтрагентов') ?? []).filter((c) => c.owner);
    let contract: OneCValue | undefined;
    if (kind.attributes.some((a) => a.name === 'Контрагент') && kind.attributes.some((a) => a.name === 'ДоговорКонтрагента') && owned.length > 0) {
      const c = this.rng.pick(owned);
      values.Контрагент = refValue(c.owner!.uuid, c.owner!.presentation, 'Справочник.Контрагенты');
      contract = refValue(c.uuid, c.presentation, 'Справочник.ДоговорыКонтрагентов');
      values.ДоговорКонтрагента = contract;
    }
    const rows: Record<string, DeclaredRow[]> = {};
    for (const s of kind.sections) {
      rows[s.name] = [];
      for (const source of s.sources) {
        for (let r = this.rng.int(1, 3); r > 0; r--) {
          const row: Record<string, OneCValue> = {};
          for (const a of s.attributes) {
            if (a.source.includes('.')) continue;
            const v = this.value(a, local);
            if (v !== undefined) row[a.name] = v;
          }
          if ('ДоговорКонтрагента' in row && contract) row.ДоговорКонтрагента = contract;
          this.amount(row);
          rows[s.name]!.push({ ...(s.discriminator ? { source } : {}), values: row });
        }
      }
    }
    this.total(values, rows);
    return { values, rows };
  }

  /** A document's СуммаДокумента is the sum of its rows' amounts (when it has rows). */
  total(values: Record<string, OneCValue>, rows: Record<string, DeclaredRow[]>): void {
    const all = Object.values(rows).flat();
    if (!('СуммаДокумента' in values) || all.length === 0) return;
    let total = decimal(0);
    for (const { values: row } of all) {
      const sum = row.Сумма ?? row.СуммаПлатежа;
      if (sum instanceof OneCNumber) total = total.plus(decimal(sum.text));
    }
    values.СуммаДокумента = num(total.toString());
  }

  /** Сумма = Количество × Цена, to the kopeck, as 1C's form computes it. */
  amount(row: Record<string, OneCValue>): void {
    if (!('Количество' in row && 'Цена' in row && 'Сумма' in row)) return;
    const [quantity, price] = [row.Количество, row.Цена];
    if (!(quantity instanceof OneCNumber && price instanceof OneCNumber)) return;
    row.Сумма = num(decimal(quantity.text).times(decimal(price.text)).toDecimalPlaces(2).toString());
  }
}
