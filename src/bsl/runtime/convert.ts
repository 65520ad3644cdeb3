/**
 * 1C's conversions, comparisons and arithmetic between values. The rules follow the platform
 * (and OneScript, which reproduces it): `+` concatenates when the left operand is a string,
 * adds seconds to a date, otherwise adds numbers; `=` between different types is simply
 * false; `<`/`>` need two values of one primitive type; Строка(Число) groups digits with a
 * non-breaking space and writes a decimal comma (the server's Russian/Ukrainian locale).
 */
import { BslError } from './errors.js';
import { BslDate, type BslValue, Decimal, isObject } from './values.js';

/** Russian type name of a value, as ТипЗнч shows it in messages. */
export function typeNameOf(v: BslValue): string {
  if (v === undefined) return 'Неопределено';
  if (v === null) return 'Null';
  if (typeof v === 'string') return 'Строка';
  if (typeof v === 'boolean') return 'Булево';
  if (v instanceof Decimal) return 'Число';
  if (v instanceof BslDate) return 'Дата';
  return v.bslType.ru;
}

/** Number → text as Строка() writes it: `1 234 567,89` (U+00A0 between groups). */
export function numberToString(n: Decimal): string {
  const text = n.toFixed();
  const negative = text.startsWith('-');
  const [int, frac] = (negative ? text.slice(1) : text).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Date → text as Строка() writes it: `15.01.2024 9:05:00` (hour without a leading zero). */
export function dateToString(d: BslDate): string {
  const p = d.parts();
  const two = (x: number): string => String(x).padStart(2, '0');
  return `${two(p.day)}.${two(p.month)}.${String(p.year).padStart(4, '0')} ${p.hour}:${two(p.minute)}:${two(p.second)}`;
}

/** `Строка(Значение)` and the implicit conversion of `"текст" + Значение`. */
export function toBslString(v: BslValue): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'Да' : 'Нет';
  if (v instanceof Decimal) return numberToString(v);
  if (v instanceof BslDate) return dateToString(v);
  return v.presentation ? v.presentation() : v.bslType.ru;
}

/** `Число(Значение)`: numbers as they are, strings parsed (spaces and a decimal comma allowed), Булево as 1/0. */
export function toNumber(v: BslValue): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'boolean') return new Decimal(v ? 1 : 0);
  if (typeof v === 'string') {
    const text = v.replace(/[\s\u00a0]/g, '').replace(',', '.');
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return new Decimal(text);
  }
  throw new BslError('Преобразование значения к типу Число не может быть выполнено');
}

export function toBoolean(v: BslValue): boolean {
  if (typeof v === 'boolean') return v;
  if (v instanceof Decimal) return !v.isZero();
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'истина' || t === 'true' || t === 'да') return true;
    if (t === 'ложь' || t === 'false' || t === 'нет') return false;
  }
  throw new BslError('Преобразование значения к типу Булево не может быть выполнено');
}

/** `=`: values of different types are unequal (no conversion), objects by identity or `equals`. */
export function bslEquals(a: BslValue, b: BslValue): boolean {
  if (a instanceof Decimal) return b instanceof Decimal && a.eq(b);
  if (a instanceof BslDate) return b instanceof BslDate && a.seconds === b.seconds;
  if (isObject(a)) {
    if (a === b) return true;
    return a.equals ? a.equals(b) : false;
  }
  return a === b;
}

/** `<`, `>`, `<=`, `>=`: both values of one primitive type. Strings compare by code unit. */
export function bslCompare(a: BslValue, b: BslValue): number {
  if (a instanceof Decimal && b instanceof Decimal) return a.cmp(b);
  if (a instanceof BslDate && b instanceof BslDate) return Math.sign(a.seconds - b.seconds);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new BslError('Операции сравнения на больше-меньше допустимы только для значений совпадающих примитивных типов (Булево, Число, Строка, Дата)');
}

export function bslAdd(a: BslValue, b: BslValue): BslValue {
  if (typeof a === 'string') return a + toBslString(b);
  // Дата + "3600": 1C converts the right operand to a number (a date there is an error).
  if (a instanceof BslDate) {
    if (b instanceof BslDate) throw new BslError('Преобразование значения к типу Число не может быть выполнено');
    return a.addSeconds(Math.trunc(toNumber(b).toNumber()));
  }
  if (a instanceof Decimal && b instanceof BslDate) return b.addSeconds(Math.trunc(a.toNumber()));
  return toNumber(a).plus(toNumber(b));
}

export function bslSubtract(a: BslValue, b: BslValue): BslValue {
  if (a instanceof BslDate) {
    if (b instanceof BslDate) return new Decimal(a.seconds - b.seconds);
    return a.addSeconds(-Math.trunc(toNumber(b).toNumber()));
  }
  return toNumber(a).minus(toNumber(b));
}

export function bslMultiply(a: BslValue, b: BslValue): Decimal {
  return toNumber(a).times(toNumber(b));
}

export function bslDivide(a: BslValue, b: BslValue): Decimal {
  const d = toNumber(b);
  if (d.isZero()) throw new BslError('Деление на 0');
  return toNumber(a).div(d);
}

/** `%`: the remainder keeps the dividend's sign (-5 % 3 = -2), as in 1C. */
export function bslModulo(a: BslValue, b: BslValue): Decimal {
  const d = toNumber(b);
  if (d.isZero()) throw new BslError('Деление на 0');
  return toNumber(a).mod(d);
}

export function bslNegate(a: BslValue): Decimal {
  return toNumber(a).neg();
}
