/**
 * ПобитовоеИ, ПобитовоеИли, … : 1C works on 32-bit unsigned integers. An argument that is not
 * an integer in 0..4294967295, a bit number or a shift outside 0..31 is an error ("Недопустимое
 * значение параметра"); a left shift drops the bits above the 32nd.
 */
import { BslError } from '../errors.js';
import type { GlobalFunctionDef } from '../host-api.js';
import { type BslValue, Decimal } from '../values.js';
import { bool, pure } from './args.js';

const MAX = 0xffffffff;

function u32(v: BslValue, what: string): number {
  if (!(v instanceof Decimal)) throw new BslError(`Неверный тип параметра (${what}): ожидается Число`);
  if (!v.isInteger() || v.isNegative() || v.gt(MAX)) throw new BslError(`Недопустимое значение параметра (${what})`);
  return v.toNumber();
}

function bitIndex(v: BslValue, what: string): number {
  const i = u32(v, what);
  if (i > 31) throw new BslError(`Недопустимое значение параметра (${what})`);
  return i;
}

const num = (x: number): Decimal => new Decimal(x >>> 0);

export const BITWISE_FUNCTIONS: GlobalFunctionDef[] = [
  pure('ПобитовоеИ', 'BitwiseAnd', 2, 2, ([a, b]) => num(u32(a, 'Число1') & u32(b, 'Число2'))),
  pure('ПобитовоеИли', 'BitwiseOr', 2, 2, ([a, b]) => num(u32(a, 'Число1') | u32(b, 'Число2'))),
  pure('ПобитовоеИсключительноеИли', 'BitwiseXor', 2, 2, ([a, b]) => num(u32(a, 'Число1') ^ u32(b, 'Число2'))),
  pure('ПобитовоеНе', 'BitwiseNot', 1, 1, ([a]) => num(~u32(a, 'Число'))),
  pure('ПобитовоеИНе', 'BitwiseAndNot', 2, 2, ([a, b]) => num(u32(a, 'Число1') & ~u32(b, 'Число2'))),
  pure('ПроверитьБит', 'CheckBit', 2, 2, ([a, i]) => ((u32(a, 'Число') >>> bitIndex(i, 'НомерБита')) & 1) === 1),
  pure('УстановитьБит', 'SetBit', 3, 3, ([a, i, v]) => {
    const mask = (1 << bitIndex(i, 'НомерБита')) >>> 0;
    const x = u32(a, 'Число');
    return num(bool(v) ? x | mask : x & ~mask);
  }),
  pure('ПобитовыйСдвигВлево', 'BitwiseShiftLeft', 2, 2, ([a, k]) => num(u32(a, 'Число') << bitIndex(k, 'Смещение'))),
  pure('ПобитовыйСдвигВправо', 'BitwiseShiftRight', 2, 2, ([a, k]) => num(u32(a, 'Число') >>> bitIndex(k, 'Смещение'))),
];
