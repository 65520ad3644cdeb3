/**
 * ОписаниеТипов with КвалификаторыЧисла, КвалификаторыСтроки, КвалификаторыДаты (and an inert
 * КвалификаторыДвоичныхДанных): the types a value may have and how ПривестиЗначение casts a
 * value to them.
 *
 * 1C's rules (as the syntax helper describes them and OneScript reproduces them):
 * - the types are kept without duplicates and without Неопределено, primitives first in the
 *   order Булево, ДвоичныеДанные, Строка, Дата, NULL, Число, Тип, then the others as given;
 * - a qualifier of a type the description does not contain is the default one;
 * - ПривестиЗначение(Значение): a value of a contained type is only adjusted by its qualifier;
 *   otherwise each type in order tries to convert it (Число: Число(Значение) or 0; Строка:
 *   Строка(Значение); Дата: the date or the empty date; Булево: Булево(Значение) or Ложь), and
 *   a description of no types returns the value as is. Without an argument: the first type's
 *   empty value;
 * - Число: rounded half away from zero to РазрядностьДробнойЧасти, an integer part longer
 *   than Разрядность − РазрядностьДробнойЧасти becomes the largest number that fits (999.99),
 *   a negative number is 0 under ДопустимыйЗнак.Неотрицательный; Разрядность 0 = no limits;
 * - Строка: cut to Длина (0 = unlimited), padded with spaces to Длина under
 *   ДопустимаяДлина.Фиксированная;
 * - Дата: ЧастиДаты.Дата drops the time, ЧастиДаты.Время keeps only the time (on 0001-01-01).
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { defineClass, PlatformObject } from '../class-def.js';
import { toBoolean, toBslString, toNumber, typeNameOf } from '../convert.js';
import { BslError } from '../errors.js';
import type { ConstructorDef } from '../host-api.js';
import { BslDate, type BslValue, Decimal, isObject } from '../values.js';
import { int, n } from './args.js';
import { BslArray } from './collections.js';
import { type EnumValue, systemEnumValue } from './enums.js';
import { BslType, typeFromName } from './globals.js';

const lengthValue = (name: string): EnumValue => systemEnumValue('ДопустимаяДлина', name);
const signValue = (name: string): EnumValue => systemEnumValue('ДопустимыйЗнак', name);
const partsValue = (name: string): EnumValue => systemEnumValue('ЧастиДаты', name);

// ---------- qualifiers ----------

const NUMBER_Q = defineClass<NumberQualifiers>({
  ru: 'КвалификаторыЧисла',
  en: 'NumberQualifiers',
  properties: {
    Разрядность: { en: 'Digits', get: (s) => n(s.digits) },
    РазрядностьДробнойЧасти: { en: 'FractionDigits', get: (s) => n(s.fraction) },
    ДопустимыйЗнак: { en: 'AllowedSign', get: (s) => s.sign },
  },
});

export class NumberQualifiers extends PlatformObject {
  readonly cls = NUMBER_Q;
  constructor(
    readonly digits = 0,
    readonly fraction = 0,
    readonly sign: EnumValue = signValue('Любой'),
  ) {
    super();
    if (digits < 0 || fraction < 0 || (digits > 0 && fraction > digits)) throw new BslError('Недопустимое значение параметра (РазрядностьДробнойЧасти)');
  }

  adjust(v: Decimal): Decimal {
    let x = v;
    if (this.sign === signValue('Неотрицательный') && x.isNegative()) x = new Decimal(0);
    if (this.digits === 0) return x;
    x = x.toDecimalPlaces(this.fraction, DecimalJs.ROUND_HALF_UP);
    const intDigits = this.digits - this.fraction;
    if (x.abs().trunc().toFixed().replace(/^0$/, '').length > intDigits) {
      const max = new Decimal(10).pow(intDigits).minus(new Decimal(10).pow(-this.fraction));
      return x.isNegative() ? max.neg() : max;
    }
    return x;
  }

  equals(o: BslValue): boolean {
    return o instanceof NumberQualifiers && o.digits === this.digits && o.fraction === this.fraction && o.sign === this.sign;
  }
}

const STRING_Q = defineClass<StringQualifiers>({
  ru: 'КвалификаторыСтроки',
  en: 'StringQualifiers',
  properties: {
    Длина: { en: 'Length', get: (s) => n(s.length) },
    ДопустимаяДлина: { en: 'AllowedLength', get: (s) => s.allowed },
  },
});

export class StringQualifiers extends PlatformObject {
  readonly cls = STRING_Q;
  constructor(
    readonly length = 0,
    readonly allowed: EnumValue = lengthValue('Переменная'),
  ) {
    super();
    if (length < 0) throw new BslError('Недопустимое значение параметра (Длина)');
  }

  adjust(s: string): string {
    if (this.length === 0) return s;
    const cut = [...s].slice(0, this.length).join('');
    return this.allowed === lengthValue('Фиксированная') ? cut.padEnd(this.length, ' ') : cut;
  }

  equals(o: BslValue): boolean {
    return o instanceof StringQualifiers && o.length === this.length && o.allowed === this.allowed;
  }
}

const DATE_Q = defineClass<DateQualifiers>({
  ru: 'КвалификаторыДаты',
  en: 'DateQualifiers',
  properties: {
    ЧастиДаты: { en: 'DateFractions', get: (s) => s.parts },
  },
});

const SECONDS_PER_DAY = 86_400;

export class DateQualifiers extends PlatformObject {
  readonly cls = DATE_Q;
  constructor(readonly parts: EnumValue = partsValue('ДатаВремя')) {
    super();
  }

  adjust(d: BslDate): BslDate {
    if (this.parts === partsValue('Дата')) return new BslDate(d.seconds - (d.seconds % SECONDS_PER_DAY));
    if (this.parts === partsValue('Время')) return new BslDate(d.seconds % SECONDS_PER_DAY);
    return d;
  }

  equals(o: BslValue): boolean {
    return o instanceof DateQualifiers && o.parts === this.parts;
  }
}

const BINARY_Q = defineClass<BinaryDataQualifiers>({ ru: 'КвалификаторыДвоичныхДанных', en: 'BinaryDataQualifiers' });

/** Only carried along: ПривестиЗначение does not cut binary data. */
export class BinaryDataQualifiers extends PlatformObject {
  readonly cls = BINARY_Q;
}

// ---------- ОписаниеТипов ----------

/** Order of the primitive types in a description (see the header). */
const PRIMITIVE_ORDER = ['булево', 'двоичныеданные', 'строка', 'дата', 'null', 'число', 'тип'];

function typeRank(t: BslType): number {
  const i = PRIMITIVE_ORDER.indexOf(t.name.toLowerCase());
  return i < 0 ? PRIMITIVE_ORDER.length : i;
}

/** Types given as a Массив of Тип, one Тип, or a comma-separated string of names. */
function typeList(v: BslValue): BslType[] {
  if (v === undefined) return [];
  if (v instanceof BslType) return [v];
  if (v instanceof BslArray) {
    return v.items.map((t) => {
      if (!(t instanceof BslType)) throw new BslError('Неверный тип параметра (Типы): ожидается Массив значений типа Тип');
      return t;
    });
  }
  if (typeof v === 'string') {
    return v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map(typeFromName);
  }
  throw new BslError('Неверный тип параметра (Типы)');
}

const DESCRIPTION = defineClass<TypeDescription>({
  ru: 'ОписаниеТипов',
  en: 'TypeDescription',
  properties: {
    КвалификаторыЧисла: { en: 'NumberQualifiers', get: (s) => s.numberQ },
    КвалификаторыСтроки: { en: 'StringQualifiers', get: (s) => s.stringQ },
    КвалификаторыДаты: { en: 'DateQualifiers', get: (s) => s.dateQ },
    КвалификаторыДвоичныхДанных: { en: 'BinaryDataQualifiers', get: (s) => s.binaryQ },
  },
  methods: {
    Типы: { en: 'Types', call: (s) => new BslArray([...s.types]) },
    СодержитТип: {
      en: 'ContainsType',
      min: 1,
      max: 1,
      call: (s, [t]) => {
        if (!(t instanceof BslType)) throw new BslError('Неверный тип параметра (Тип)');
        return s.contains(t.name);
      },
    },
    ПривестиЗначение: { en: 'AdjustValue', min: 0, max: 1, call: (s, args) => s.adjust(args.length === 0 ? NO_VALUE : args[0]) },
  },
});

const NO_VALUE = Symbol('no value');

export class TypeDescription extends PlatformObject {
  readonly cls = DESCRIPTION;
  readonly types: BslType[];
  readonly numberQ: NumberQualifiers;
  readonly stringQ: StringQualifiers;
  readonly dateQ: DateQualifiers;
  readonly binaryQ = new BinaryDataQualifiers();

  constructor(types: BslType[], q: { number?: NumberQualifiers; string?: StringQualifiers; date?: DateQualifiers } = {}) {
    super();
    const unique: BslType[] = [];
    for (const t of types) if (t.name.toLowerCase() !== 'неопределено' && !unique.some((u) => u.equals(t))) unique.push(t);
    this.types = unique
      .map((t, i) => ({ t, i }))
      .sort((a, b) => typeRank(a.t) - typeRank(b.t) || a.i - b.i)
      .map((x) => x.t);
    this.numberQ = (this.contains('Число') && q.number) || new NumberQualifiers();
    this.stringQ = (this.contains('Строка') && q.string) || new StringQualifiers();
    this.dateQ = (this.contains('Дата') && q.date) || new DateQualifiers();
  }

  /** The value a new row's cell of a column of this type holds: the first type's empty value. */
  emptyValue(): BslValue {
    return this.types.length === 0 ? undefined : this.adjust(NO_VALUE);
  }

  contains(name: string): boolean {
    const l = name.toLowerCase();
    return this.types.some((t) => t.name.toLowerCase() === l);
  }

  adjust(value: BslValue | typeof NO_VALUE): BslValue {
    if (this.types.length === 0) return value === NO_VALUE ? undefined : value;
    if (value !== NO_VALUE && this.contains(typeNameOf(value))) {
      const v = this.cast(typeNameOf(value), value);
      return v === NO_CAST ? value : v;
    }
    for (const t of this.types) {
      const v = this.cast(t.name, value);
      if (v !== NO_CAST) return v;
    }
    return undefined;
  }

  /** One type's conversion; NO_CAST for a type that converts nothing (a reference type). */
  private cast(typeName: string, value: BslValue | typeof NO_VALUE): BslValue | typeof NO_CAST {
    const given = value === NO_VALUE ? undefined : value;
    switch (typeName.toLowerCase()) {
      case 'число': {
        let x: Decimal;
        try {
          x = given === undefined ? new Decimal(0) : toNumber(given);
        } catch {
          x = new Decimal(0);
        }
        return this.numberQ.adjust(x);
      }
      case 'строка':
        return this.stringQ.adjust(toBslString(given));
      case 'дата':
        return given instanceof BslDate ? this.dateQ.adjust(given) : BslDate.EMPTY;
      case 'булево':
        try {
          return given === undefined ? false : toBoolean(given);
        } catch {
          return false;
        }
      case 'null':
        return null;
      default:
        if (value !== NO_VALUE && isObject(value) && value.bslType.ru.toLowerCase() === typeName.toLowerCase()) return value;
        return NO_CAST;
    }
  }
}

const NO_CAST = Symbol('no cast');

/** The qualifiers among constructor arguments, recognised by their type in any slot. */
function qualifiers(args: BslValue[]): { number?: NumberQualifiers; string?: StringQualifiers; date?: DateQualifiers } {
  const q: { number?: NumberQualifiers; string?: StringQualifiers; date?: DateQualifiers } = {};
  for (const a of args) {
    if (a instanceof NumberQualifiers) q.number = a;
    else if (a instanceof StringQualifiers) q.string = a;
    else if (a instanceof DateQualifiers) q.date = a;
    else if (a !== undefined && !(a instanceof BinaryDataQualifiers)) throw new BslError('Неверный тип параметра (Квалификаторы)');
  }
  return q;
}

function enumArg(v: BslValue, enumName: string, fallback: string): EnumValue {
  if (v === undefined) return systemEnumValue(enumName, fallback);
  if (isObject(v) && v.bslType.ru === enumName) return v as EnumValue;
  throw new BslError(`Неверный тип параметра (${enumName})`);
}

export const TYPE_DESCRIPTION_TYPES: ConstructorDef[] = [
  {
    ru: 'ОписаниеТипов',
    en: 'TypeDescription',
    min: 0,
    max: 7,
    construct: (args) => {
      const [first, second, third] = args;
      // Новый ОписаниеТипов(Исходное, Добавляемые, Вычитаемые, КЧ, КС, КД, КДД)
      if (
        first instanceof TypeDescription ||
        (first === undefined && args.length > 1 && !isObject(second) && second !== undefined) ||
        second instanceof BslArray
      ) {
        const source = first instanceof TypeDescription ? first : undefined;
        const removed = typeList(third);
        const types = [...(source?.types ?? []), ...typeList(second)].filter((t) => !removed.some((r) => r.equals(t)));
        const q = qualifiers(args.slice(3));
        return new TypeDescription(types, {
          number: q.number ?? source?.numberQ,
          string: q.string ?? source?.stringQ,
          date: q.date ?? source?.dateQ,
        });
      }
      // Новый ОписаниеТипов(Типы, КЧ, КС, КД, КДД)
      return new TypeDescription(typeList(first), qualifiers(args.slice(1)));
    },
  },
  {
    ru: 'КвалификаторыЧисла',
    en: 'NumberQualifiers',
    min: 0,
    max: 3,
    construct: ([d, f, sign]) => new NumberQualifiers(int(d, 0), int(f, 0), enumArg(sign, 'ДопустимыйЗнак', 'Любой')),
  },
  {
    ru: 'КвалификаторыСтроки',
    en: 'StringQualifiers',
    min: 0,
    max: 2,
    construct: ([len, allowed]) => new StringQualifiers(int(len, 0), enumArg(allowed, 'ДопустимаяДлина', 'Переменная')),
  },
  {
    ru: 'КвалификаторыДаты',
    en: 'DateQualifiers',
    min: 0,
    max: 1,
    construct: ([parts]) => new DateQualifiers(enumArg(parts, 'ЧастиДаты', 'ДатаВремя')),
  },
];
