/**
 * Writes JSON the way 1C's `ЗаписьJSON` + `ЗаписатьJSON` does with default settings
 * (8.3 platform behaviour): a line break after every value, indentation, `"key": value`, Cyrillic as
 * raw UTF-8, numbers as plain decimals without exponent, dates as local ISO text, and
 * — from `УстановитьТелоИзСтроки(…, UTF8)` — possibly a BOM before it all.
 * Test fixtures and the emulator use it, so what we test is the bytes 1C really sends.
 */

/** A 1C Number, kept as its decimal text so no float ever touches it. */
export class OneCNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a 1C number: ${text}`);
  }
}

/** A 1C Date, local wall time "YYYY-MM-DDTHH:MM:SS" (no zone, as ЗаписатьJSON writes it). */
export class OneCDate {
  constructor(readonly local: string) {}
}

export const num = (value: string | number): OneCNumber => new OneCNumber(typeof value === 'number' ? String(value) : value);
export const date = (local: string): OneCDate => new OneCDate(local);
/** `'00010101'`, the empty date: what the classic modules write when ДатаОплаты is missing. */
export const EMPTY_DATE = new OneCDate('0001-01-01T00:00:00');

export type OneCValue = string | boolean | null | OneCNumber | OneCDate | OneCValue[] | { [key: string]: OneCValue };

export interface OneCJsonOptions {
  /** A UTF-8 BOM before the JSON (8.2 always; 8.3 unless ИспользованиеByteOrderMark.НеИспользовать). */
  bom?: boolean;
  /** ПереносСтрокJSON.Авто on a Windows server: CR LF. */
  newline?: string;
  /** СимволыОтступа. */
  indent?: string;
}

function escapeString(text: string): string {
  // ЭкранированиеСимволовJSON.Нет: only what JSON requires; Cyrillic stays raw.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON requires control characters escaped (RFC 8259, section 7).
  return `"${text.replace(/[\\"\u0000-\u001f]/g, (ch) => {
    switch (ch) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

function write(value: OneCValue, depth: number, o: Required<OneCJsonOptions>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return escapeString(value);
  if (value instanceof OneCNumber) return value.text;
  if (value instanceof OneCDate) return `"${value.local}"`;
  const pad = o.indent.repeat(depth + 1);
  const end = o.indent.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${o.newline}${value.map((v) => pad + write(v, depth + 1, o)).join(`,${o.newline}`)}${o.newline}${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{${o.newline}${entries.map(([k, v]) => `${pad}${escapeString(k)}: ${write(v, depth + 1, o)}`).join(`,${o.newline}`)}${o.newline}${end}}`;
}

export function writeOneCJson(value: OneCValue, options: OneCJsonOptions = {}): Buffer {
  const o = { bom: options.bom ?? false, newline: options.newline ?? '\r\n', indent: options.indent ?? '\t' };
  const text = Buffer.from(write(value, 0, o), 'utf8');
  return o.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]) : text;
}
