/**
 * БуферДвоичныхДанных's integer and split methods: ЗаписатьЦелое16/32/64 and
 * ПрочитатьЦелое16/32/64 take unsigned integers (a value that does not fit, a negative or a
 * fractional one is an error) in the buffer's ПорядокБайтов unless the call names one
 * (LittleEndian by default, as 1C's constructor); Разделить cuts at every occurrence of a
 * separator buffer (or of any of an array of them, the longest tried first), keeping empty
 * parts.
 */
import type { MethodDef } from '../class-def.js';
import { BslError } from '../errors.js';
import type { BslObject } from '../host-api.js';
import { type BslValue, Decimal, isObject } from '../values.js';
import { int } from './args.js';
import { BslArray } from './collections.js';
import { ByteOrder, type EnumValue } from './enums.js';

/**
 * What these methods need of a БуферДвоичныхДанных: named here, not imported from binary.ts
 * (which registers the methods), so the two files do not import each other.
 */
interface BinaryBuffer extends BslObject {
  readonly bytes: Buffer;
  byteOrder: EnumValue;
  check(pos: number, count: number): void;
  checkWritable(): void;
  withBytes(bytes: Buffer): BinaryBuffer;
}

function orderOf(s: BinaryBuffer, v: BslValue): EnumValue {
  if (v === undefined) return s.byteOrder;
  if (isObject(v) && ByteOrder.list.includes(v as EnumValue)) return v as EnumValue;
  throw new BslError('Неверный тип параметра (ПорядокБайтов)');
}

const bigEndian = (o: EnumValue): boolean => o === ByteOrder.value('BigEndian');

function unsigned(v: BslValue, bytes: number): bigint {
  if (!(v instanceof Decimal)) throw new BslError('Неверный тип параметра (Значение): ожидается Число');
  const max = (1n << BigInt(bytes * 8)) - 1n;
  if (!v.isInteger() || v.isNegative() || v.gt(max.toString())) throw new BslError(`Недопустимое значение параметра (${v.toFixed()})`);
  return BigInt(v.toFixed());
}

function write(bytes: number) {
  return (s: BinaryBuffer, [pos, value, order]: BslValue[]): undefined => {
    s.checkWritable();
    const p = int(pos);
    s.check(p, bytes);
    const x = unsigned(value, bytes);
    const be = bigEndian(orderOf(s, order));
    for (let i = 0; i < bytes; i++) {
      const b = Number((x >> BigInt(8 * i)) & 0xffn);
      s.bytes[be ? p + bytes - 1 - i : p + i] = b;
    }
    return undefined;
  };
}

function read(bytes: number) {
  return (s: BinaryBuffer, [pos, order]: BslValue[]): Decimal => {
    const p = int(pos);
    s.check(p, bytes);
    const be = bigEndian(orderOf(s, order));
    let x = 0n;
    for (let i = 0; i < bytes; i++) x |= BigInt(s.bytes[be ? p + bytes - 1 - i : p + i]!) << BigInt(8 * i);
    return new Decimal(x.toString());
  };
}

const isBuffer = (v: BslValue): v is BinaryBuffer => isObject(v) && v.bslType.ru === 'БуферДвоичныхДанных';

function separators(v: BslValue): Buffer[] {
  if (v instanceof BslArray) return v.items.flatMap((x) => separators(x));
  if (isBuffer(v)) {
    const b = v.bytes;
    if (b.length === 0) throw new BslError('Недопустимое значение параметра (Разделитель)');
    return [b];
  }
  throw new BslError('Неверный тип параметра (Разделитель)');
}

/** Cuts `bytes` at every separator (the longest first where several match), keeping empty parts. */
export function splitBytes(bytes: Buffer, seps: Buffer[]): Buffer[] {
  const sorted = [...seps].sort((a, b) => b.length - a.length);
  const parts: Buffer[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const hit = sorted.find((sep) => i + sep.length <= bytes.length && bytes.subarray(i, i + sep.length).equals(sep));
    if (hit) {
      parts.push(Buffer.from(bytes.subarray(start, i)));
      i += hit.length;
      start = i;
    } else i++;
  }
  parts.push(Buffer.from(bytes.subarray(start)));
  return parts;
}

export const BUFFER_INTEGER_METHODS: Record<string, MethodDef<BinaryBuffer>> = {
  ЗаписатьЦелое16: { en: 'WriteInt16', min: 2, max: 3, call: write(2) },
  ЗаписатьЦелое32: { en: 'WriteInt32', min: 2, max: 3, call: write(4) },
  ЗаписатьЦелое64: { en: 'WriteInt64', min: 2, max: 3, call: write(8) },
  ПрочитатьЦелое16: { en: 'ReadInt16', min: 1, max: 2, call: read(2) },
  ПрочитатьЦелое32: { en: 'ReadInt32', min: 1, max: 2, call: read(4) },
  ПрочитатьЦелое64: { en: 'ReadInt64', min: 1, max: 2, call: read(8) },
  Разделить: {
    en: 'Split',
    min: 1,
    max: 1,
    call: (s, [sep]) => {
      const make = (b: Buffer): BinaryBuffer => s.withBytes(b);
      return new BslArray(splitBytes(s.bytes, separators(sep)).map(make));
    },
  },
};
