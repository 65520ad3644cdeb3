/**
 * The binary-data global functions beyond binary.ts: hex strings (characters that are not hex
 * digits are skipped, an odd count of digits is an error; the text is upper case), Base64 of a
 * buffer, СоединитьДвоичныеДанные / РазделитьДвоичныеДанные (parts of РазмерЧасти bytes, the
 * last one shorter) and СоединитьБуферыДвоичныхДанных (with an optional separator).
 */
import { BslError } from '../errors.js';
import type { GlobalFunctionDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { fn, int, str } from './args.js';
import { BinaryBuffer, BinaryData } from './binary.js';
import { BslArray } from './collections.js';
import { ByteOrder, type EnumValue } from './enums.js';

function hexToBytes(text: string): Buffer {
  const digits = text.replace(/[^0-9A-Fa-f]/g, '');
  if (digits.length % 2 === 1) throw new BslError('Неверный формат шестнадцатеричной строки');
  return Buffer.from(digits, 'hex');
}

function dataBytes(v: BslValue): Buffer {
  if (v instanceof BinaryData) return v.bytes;
  throw new BslError('Неверный тип параметра: ожидаются ДвоичныеДанные');
}

function bufferBytes(v: BslValue): Buffer {
  if (v instanceof BinaryBuffer) return v.bytes;
  throw new BslError('Неверный тип параметра: ожидается БуферДвоичныхДанных');
}

function base64Bytes(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64');
}

function array(v: BslValue): BslValue[] {
  if (v instanceof BslArray) return v.items;
  throw new BslError('Неверный тип параметра: ожидается Массив');
}

export const BINARY_EXTRA_FUNCTIONS: GlobalFunctionDef[] = [
  fn('ПолучитьДвоичныеДанныеИзHexСтроки', 'GetBinaryDataFromHexString', 1, 1, ([s]) => new BinaryData(hexToBytes(str(s)))),
  fn('ПолучитьHexСтрокуИзБуфераДвоичныхДанных', 'GetHexStringFromBinaryDataBuffer', 1, 1, ([b]) => bufferBytes(b).toString('hex').toUpperCase()),
  fn('ПолучитьБуферДвоичныхДанныхИзHexСтроки', 'GetBinaryDataBufferFromHexString', 1, 1, ([s]) => new BinaryBuffer(hexToBytes(str(s)))),
  fn('ПолучитьBase64СтрокуИзБуфераДвоичныхДанных', 'GetBase64StringFromBinaryDataBuffer', 1, 1, ([b]) => {
    const b64 = bufferBytes(b).toString('base64');
    return b64.match(/.{1,76}/g)?.join('\r\n') ?? '';
  }),
  fn('ПолучитьБуферДвоичныхДанныхИзBase64Строки', 'GetBinaryDataBufferFromBase64String', 1, 1, ([s]) => new BinaryBuffer(base64Bytes(str(s)))),
  fn('СоединитьДвоичныеДанные', 'ConcatBinaryData', 1, 1, ([a]) => new BinaryData(Buffer.concat(array(a).map(dataBytes)))),
  fn('РазделитьДвоичныеДанные', 'SplitBinaryData', 2, 2, ([d, size]) => {
    const bytes = dataBytes(d);
    const part = int(size);
    if (part <= 0) throw new BslError('Недопустимое значение параметра (РазмерЧасти)');
    const parts: BslValue[] = [];
    for (let i = 0; i < bytes.length; i += part) parts.push(new BinaryData(Buffer.from(bytes.subarray(i, i + part))));
    if (parts.length === 0) parts.push(new BinaryData(Buffer.alloc(0)));
    return new BslArray(parts);
  }),
  fn('СоединитьБуферыДвоичныхДанных', 'ConcatBinaryDataBuffers', 1, 3, ([parts, separator, order]) => {
    if (order !== undefined && !(isObject(order) && ByteOrder.list.includes(order as EnumValue))) throw new BslError('Неверный тип параметра (ПорядокБайтов)');
    const sep = separator === undefined ? Buffer.alloc(0) : bufferBytes(separator);
    const chunks: Buffer[] = [];
    array(parts).forEach((p, i) => {
      if (i > 0) chunks.push(sep);
      chunks.push(bufferBytes(p));
    });
    return new BinaryBuffer(Buffer.concat(chunks), (order as EnumValue | undefined) ?? ByteOrder.value('LittleEndian'));
  }),
];
