/**
 * Binary data: ДвоичныеДанные (immutable bytes), БуферДвоичныхДанных (mutable, fixed size,
 * since 8.3.10), ХешированиеДанных, Base64 and the string ↔ bytes functions. Strings are
 * encoded with КодировкаТекста (UTF-8 by default); a BOM only where 1C writes one.
 */
import { createHash } from 'node:crypto';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { ConstructorDef, GlobalFunctionDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { bool, fn, int, n, str } from './args.js';
import { BUFFER_INTEGER_METHODS } from './binary-buffer-methods.js';
import { ByteOrder, ByteOrderMarkUsage, type EnumValue, HashFunction, TextEncoding } from './enums.js';

const BINARY = defineClass<BinaryData>({
  ru: 'ДвоичныеДанные',
  en: 'BinaryData',
  methods: {
    Размер: { en: 'Size', call: (s) => n(s.bytes.length) },
  },
});

export class BinaryData extends PlatformObject {
  readonly cls = BINARY;
  constructor(readonly bytes: Buffer) {
    super();
  }
  presentation(): string {
    return this.bytes.toString('hex').toUpperCase();
  }
  hashKey(): string {
    return this.bytes.toString('hex');
  }
  equals(other: BslValue): boolean {
    return other instanceof BinaryData && other.bytes.equals(this.bytes);
  }
}

function asBuffer(v: BslValue, what = 'параметр'): BinaryBuffer {
  if (v instanceof BinaryBuffer) return v;
  throw new BslError(`Неверный тип параметра (${what}): ожидается БуферДвоичныхДанных`);
}

function byteRange(s: BinaryBuffer, pos: BslValue, other: BinaryBuffer, count: BslValue): [number, number] {
  const p = int(pos);
  const c = count === undefined ? other.bytes.length : int(count);
  if (p < 0 || c < 0 || c > other.bytes.length || p + c > s.bytes.length) throw new BslError('Выход за границы буфера двоичных данных');
  return [p, c];
}

function bitwise(op: (a: number, b: number) => number) {
  return (s: BinaryBuffer, [pos, other, count]: BslValue[]): undefined => {
    s.checkWritable();
    const o = asBuffer(other);
    const [p, c] = byteRange(s, pos, o, count);
    for (let i = 0; i < c; i++) s.bytes[p + i] = op(s.bytes[p + i]!, o.bytes[i]!) & 0xff;
    return undefined;
  };
}

const BUFFER = defineClass<BinaryBuffer>({
  ru: 'БуферДвоичныхДанных',
  en: 'BinaryDataBuffer',
  properties: {
    Размер: { en: 'Size', get: (s) => n(s.bytes.length) },
    ТолькоЧтение: { en: 'ReadOnly', get: (s) => s.readOnly },
    ПорядокБайтов: {
      en: 'ByteOrder',
      get: (s) => s.byteOrder,
      set: (s, v) => {
        if (!ByteOrder.list.includes(v as EnumValue)) throw new BslError('Неверный тип параметра (ПорядокБайтов)');
        s.byteOrder = v as EnumValue;
      },
    },
  },
  methods: {
    ...BUFFER_INTEGER_METHODS,
    Получить: {
      en: 'Get',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = int(i);
        s.check(k, 1);
        return n(s.bytes[k]!);
      },
    },
    Установить: {
      en: 'Set',
      min: 2,
      max: 2,
      call: (s, [i, v]) => {
        s.checkWritable();
        const k = int(i);
        s.check(k, 1);
        const b = int(v);
        if (b < 0 || b > 255) throw new BslError('Значение байта вне диапазона 0..255');
        s.bytes[k] = b;
        return undefined;
      },
    },
    Записать: {
      en: 'Write',
      min: 2,
      max: 3,
      call: (s, [pos, other, count]) => {
        s.checkWritable();
        const o = asBuffer(other);
        const [p, c] = byteRange(s, pos, o, count);
        o.bytes.copy(s.bytes, p, 0, c);
        return undefined;
      },
    },
    Прочитать: {
      en: 'Read',
      min: 2,
      max: 2,
      call: (s, [pos, count]) => {
        const p = int(pos);
        const c = int(count);
        s.check(p, c);
        return s.withBytes(Buffer.from(s.bytes.subarray(p, p + c)));
      },
    },
    Соединить: {
      en: 'Concat',
      min: 1,
      max: 1,
      call: (s, [other]) => s.withBytes(Buffer.concat([s.bytes, asBuffer(other).bytes])),
    },
    Скопировать: { en: 'Copy', call: (s) => s.withBytes(Buffer.from(s.bytes)) },
    Перевернуть: { en: 'Reverse', call: (s) => s.withBytes(Buffer.from(s.bytes).reverse()) },
    ПолучитьСрез: {
      en: 'GetSlice',
      min: 1,
      max: 2,
      call: (s, [pos, count]) => {
        const p = int(pos);
        const c = count === undefined ? s.bytes.length - p : int(count);
        s.check(p, c);
        return s.withBytes(s.bytes.subarray(p, p + c));
      },
    },
    УстановитьТолькоЧтение: {
      en: 'SetReadOnly',
      call: (s) => {
        s.readOnly = true;
        return undefined;
      },
    },
    ЗаписатьПобитовоеИ: { en: 'WriteBitwiseAnd', min: 2, max: 3, call: bitwise((a, b) => a & b) },
    ЗаписатьПобитовоеИли: { en: 'WriteBitwiseOr', min: 2, max: 3, call: bitwise((a, b) => a | b) },
    ЗаписатьПобитовоеИНе: { en: 'WriteBitwiseAndNot', min: 2, max: 3, call: bitwise((a, b) => a & ~b) },
    ЗаписатьПобитовоеИсключительноеИли: { en: 'WriteBitwiseXor', min: 2, max: 3, call: bitwise((a, b) => a ^ b) },
    Инвертировать: {
      en: 'Invert',
      min: 0,
      max: 2,
      call: (s, [pos, count]) => {
        s.checkWritable();
        const p = pos === undefined ? 0 : int(pos);
        const c = count === undefined ? s.bytes.length - p : int(count);
        s.check(p, c);
        for (let i = p; i < p + c; i++) s.bytes[i] = ~s.bytes[i]! & 0xff;
        return undefined;
      },
    },
  },
});

export class BinaryBuffer extends PlatformObject {
  readonly cls = BUFFER;
  readOnly = false;
  constructor(
    readonly bytes: Buffer,
    public byteOrder: EnumValue = ByteOrder.value('LittleEndian'),
  ) {
    super();
  }

  /** A buffer of other bytes with this one's byte order (Соединить, Скопировать, ПолучитьСрез…). */
  withBytes(bytes: Buffer): BinaryBuffer {
    return new BinaryBuffer(bytes, this.byteOrder);
  }

  check(pos: number, count: number): void {
    if (pos < 0 || count < 0 || pos + count > this.bytes.length) throw new BslError('Выход за границы буфера двоичных данных');
  }

  checkWritable(): void {
    if (this.readOnly) throw new BslError('Буфер двоичных данных доступен только для чтения');
  }

  getIndexed(key: BslValue): BslValue {
    const k = int(key);
    this.check(k, 1);
    return n(this.bytes[k]!);
  }

  setIndexed(key: BslValue, value: BslValue): void {
    this.checkWritable();
    const k = int(key);
    this.check(k, 1);
    this.bytes[k] = int(value) & 0xff;
  }
}

/** Which node encoding a КодировкаТекста value (or an encoding name string) means. */
export function encodingOf(v: BslValue): { name: 'utf8' | 'utf16le' | 'latin1'; bom: Buffer } {
  const name = v === undefined ? 'UTF8' : isObject(v) ? (v.xmlString?.() ?? '') : str(v);
  switch (name.toUpperCase().replace('-', '')) {
    case 'UTF8':
      return { name: 'utf8', bom: Buffer.from([0xef, 0xbb, 0xbf]) };
    case 'UTF16':
      return { name: 'utf16le', bom: Buffer.from([0xff, 0xfe]) };
    case 'ANSI':
    case 'WINDOWS1251':
    case 'SYSTEM':
    case 'OEM':
      return { name: 'latin1', bom: Buffer.alloc(0) };
    default:
      throw new BslError(`Неизвестная кодировка (${name})`);
  }
}

/** Text → bytes. `bom`: ИспользованиеByteOrderMark or Булево; Авто writes none for UTF-8 (8.3). */
export function encodeText(text: string, encoding: BslValue, bom: BslValue): Buffer {
  const enc = encodingOf(encoding);
  const body = Buffer.from(text, enc.name);
  const withBom = bom === true || bom === ByteOrderMarkUsage.value('Использовать');
  return withBom ? Buffer.concat([enc.bom, body]) : body;
}

export function decodeText(bytes: Buffer, encoding: BslValue): string {
  const enc = encodingOf(encoding);
  const b = enc.bom.length > 0 && bytes.subarray(0, enc.bom.length).equals(enc.bom) ? bytes.subarray(enc.bom.length) : bytes;
  return b.toString(enc.name);
}

function bytesOf(v: BslValue): Buffer {
  if (v instanceof BinaryData || v instanceof BinaryBuffer) return v.bytes;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new BslError('Неверный тип параметра: ожидаются ДвоичныеДанные');
}

/** Base64Строка: 1C breaks the text into lines of 76 characters with CR LF (RFC 2045). */
function base64Lines(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  return b64.match(/.{1,76}/g)?.join('\r\n') ?? '';
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256' };

const HASHING = defineClass<DataHashing>({
  ru: 'ХешированиеДанных',
  en: 'DataHashing',
  properties: {
    ХешФункция: { en: 'HashFunction', get: (s) => s.fn },
    ХешСумма: { en: 'HashSum', get: (s) => s.sum() },
  },
  methods: {
    Добавить: {
      en: 'Append',
      min: 1,
      max: 2,
      call: (s, [v]) => {
        s.parts.push(bytesOf(v));
        return undefined;
      },
    },
    ДобавитьФайл: {
      en: 'AppendFile',
      min: 1,
      max: 1,
      call: () => {
        throw new BslError('Файлы недоступны в среде выполнения');
      },
    },
  },
});

export class DataHashing extends PlatformObject {
  readonly cls = HASHING;
  readonly parts: Buffer[] = [];
  constructor(readonly fn: BslValue) {
    super();
  }

  sum(): BslValue {
    const name = isObject(this.fn) ? (this.fn.xmlString?.() ?? '') : '';
    const data = Buffer.concat(this.parts);
    if (name === 'CRC32') return n(crc32(data));
    const alg = HASH_ALGORITHMS[name];
    if (!alg) throw new BslError('Неверная хеш-функция');
    return new BinaryData(createHash(alg).update(data).digest());
  }
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export const BINARY_TYPES: ConstructorDef[] = [
  {
    ru: 'БуферДвоичныхДанных',
    en: 'BinaryDataBuffer',
    min: 1,
    max: 2,
    construct: ([size, order]) => {
      if (order !== undefined && !ByteOrder.list.includes(order as EnumValue)) throw new BslError('Неверный тип параметра (ПорядокБайтов)');
      return new BinaryBuffer(Buffer.alloc(Math.max(0, int(size))), (order as EnumValue | undefined) ?? ByteOrder.value('LittleEndian'));
    },
  },
  {
    ru: 'ХешированиеДанных',
    en: 'DataHashing',
    min: 1,
    max: 1,
    construct: ([f]) => {
      if (!HashFunction.list.some((v) => v === f)) throw new BslError('Неверный тип параметра (ХешФункция)');
      return new DataHashing(f);
    },
  },
];

export const BINARY_FUNCTIONS: GlobalFunctionDef[] = [
  fn(
    'ПолучитьДвоичныеДанныеИзСтроки',
    'GetBinaryDataFromString',
    1,
    3,
    ([s, enc, bom]) => new BinaryData(encodeText(str(s), enc, bom === undefined ? false : bool(bom))),
  ),
  fn('ПолучитьСтрокуИзДвоичныхДанных', 'GetStringFromBinaryData', 1, 2, ([b, enc]) => decodeText(bytesOf(b), enc)),
  fn('ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных', 'GetBinaryDataBufferFromBinaryData', 1, 1, ([b]) => new BinaryBuffer(Buffer.from(bytesOf(b)))),
  fn('ПолучитьДвоичныеДанныеИзБуфераДвоичныхДанных', 'GetBinaryDataFromBinaryDataBuffer', 1, 1, ([b]) => new BinaryData(Buffer.from(asBuffer(b).bytes))),
  fn(
    'ПолучитьБуферДвоичныхДанныхИзСтроки',
    'GetBinaryDataBufferFromString',
    1,
    3,
    ([s, enc, bom]) => new BinaryBuffer(encodeText(str(s), enc, bom === undefined ? false : bool(bom))),
  ),
  fn('ПолучитьСтрокуИзБуфераДвоичныхДанных', 'GetStringFromBinaryDataBuffer', 1, 2, ([b, enc]) => decodeText(asBuffer(b).bytes, enc)),
  fn('Base64Строка', 'Base64String', 1, 1, ([b]) => base64Lines(bytesOf(b))),
  fn('Base64Значение', 'Base64Value', 1, 1, ([s]) => new BinaryData(Buffer.from(str(s).replace(/\s+/g, ''), 'base64'))),
  fn('ПолучитьBase64СтрокуИзДвоичныхДанных', 'GetBase64StringFromBinaryData', 1, 1, ([b]) => base64Lines(bytesOf(b))),
  fn('ПолучитьДвоичныеДанныеИзBase64Строки', 'GetBinaryDataFromBase64String', 1, 1, ([s]) => new BinaryData(Buffer.from(str(s).replace(/\s+/g, ''), 'base64'))),
  fn('ПолучитьHexСтрокуИзДвоичныхДанных', 'GetHexStringFromBinaryData', 1, 1, ([b]) => bytesOf(b).toString('hex').toUpperCase()),
];

export { TextEncoding };
