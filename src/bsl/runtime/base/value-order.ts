/**
 * Equality, order and identity keys of BSL values as the base's storage and queries need
 * them: register keys, СГРУППИРОВАТЬ ПО, РАЗЛИЧНЫЕ, УПОРЯДОЧИТЬ ПО. Within one type the order
 * is the natural one (numbers, strings, dates, Ложь < Истина); references compare by their
 * object; values of different types have no order in a query (an error), while equality
 * between them is simply false.
 */
import { BslError } from '../errors.js';
import { BslDate, type BslValue, isNumber, isObject } from '../values.js';

export function valueKey(v: BslValue): string {
  if (v === undefined) return 'u';
  if (v === null) return 'n';
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  if (typeof v === 'string') return `s${v}`;
  if (isNumber(v)) return `d${v.toString()}`;
  if (v instanceof BslDate) return `t${v.seconds}`;
  const ref = v as { table?: { fullName: string }; uuid?: string; enumeration?: { name: string }; name?: string };
  if (ref.table && ref.uuid) return `r${ref.table.fullName}:${ref.uuid}`;
  if (ref.enumeration && ref.name !== undefined) return `e${ref.enumeration.name}.${ref.name}`;
  if (isObject(v) && v.presentation && /УникальныйИдентификатор/.test(v.bslType.ru)) return `g${v.presentation()}`;
  return `o${objectId(v as object)}`;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

export function valuesEqual(a: BslValue, b: BslValue): boolean {
  if (isNumber(a) && isNumber(b)) return a.eq(b);
  if (a instanceof BslDate && b instanceof BslDate) return a.seconds === b.seconds;
  if (isObject(a) && a.equals) return a.equals(b);
  return a === b;
}

export function compareValues(a: BslValue, b: BslValue): number {
  if (isNumber(a) && isNumber(b)) return a.cmp(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof BslDate && b instanceof BslDate) return a.seconds - b.seconds;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const ka = valueKey(a);
  const kb = valueKey(b);
  if (ka[0] === kb[0] && (ka[0] === 'r' || ka[0] === 'e' || ka[0] === 'g')) return ka < kb ? -1 : ka > kb ? 1 : 0;
  throw new BslError('Несовместимые типы для сравнения');
}
