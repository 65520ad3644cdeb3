/**
 * BSL values as the runtime holds them. 1C has six primitive kinds and objects:
 *
 * | 1C            | here                                              |
 * |---------------|---------------------------------------------------|
 * | Число         | `Decimal` (decimal.js, 1C's 38 significant digits) |
 * | Строка        | `string`                                          |
 * | Булево        | `boolean`                                         |
 * | Дата          | `BslDate` (wall-clock seconds since 0001-01-01, no zone) |
 * | Неопределено  | `undefined`                                       |
 * | NULL          | `null`                                            |
 * | objects       | `BslObject` (host-api.ts), compared by identity   |
 *
 * A JavaScript `number` is never a BSL value: every number that enters the runtime goes
 * through `num()`, so no binary floating point ever touches a sum (0.1 + 0.2 = 0.3).
 */
import type { BslObject, BslValue } from './host-api.js';
import { BslDate, Decimal } from './primitive-values.js';

// A BSL value's type lives with BslObject (host-api.ts): each is made of the other.
export type { BslValue } from './host-api.js';
export { BslDate, Decimal, daysInMonth, num, ZERO } from './primitive-values.js';

export function isNumber(v: BslValue): v is Decimal {
  return v instanceof Decimal;
}

export function isObject(v: BslValue): v is BslObject {
  return typeof v === 'object' && v !== null && !(v instanceof Decimal) && !(v instanceof BslDate);
}
