/**
 * The order the platform's sorts use (СписокЗначений.СортироватьПоЗначению, the value tree's
 * Сортировать): values of one primitive type by their value, values of different types by the
 * type first (Неопределено, NULL, Булево, Число, Дата, Строка, then objects by presentation).
 */
import { bslCompare, toBslString } from '../convert.js';
import { BslDate, type BslValue, Decimal } from '../values.js';

function rank(v: BslValue): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (v instanceof Decimal) return 3;
  if (v instanceof BslDate) return 4;
  if (typeof v === 'string') return 5;
  return 6;
}

export function compareValues(a: BslValue, b: BslValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) return 0;
  if (ra === 6) return compareText(toBslString(a), toBslString(b));
  if (ra === 5) return compareText(a as string, b as string);
  return bslCompare(a, b);
}

/** Strings sort as the platform's collation does: letters without case first, then by case. */
export function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'ru');
}
