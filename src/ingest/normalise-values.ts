import { isLosslessNumber } from 'lossless-json';
import { exactDecimal, normaliseDecimal } from '../domain/decimal.js';
import { parseOneCDate } from '../domain/local-date.js';
import type { Warning } from '../domain/warning.js';
import { AppError } from '../errors/app-error.js';

/** Thrown when a JSON number has more digits than a double keeps: the body is re-read losslessly. */
export class PrecisionSignal extends Error {}

/** A 1C number (JSON number, numeric string, or lossless number) as an exact decimal string. */
export function decimalValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const decimal = exactDecimal(value);
    if (decimal === null) throw new PrecisionSignal();
    return decimal;
  }
  if (isLosslessNumber(value)) return normaliseDecimal((value as { value: string }).value);
  return normaliseDecimal(String(value).trim());
}

export function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isLosslessNumber(value)) return (value as { value: string }).value;
  return String(value);
}

/** Empty strings are how 1C writes an empty reference's attribute: treat as absent. */
export function optionalText(value: unknown): string | null {
  const text = textValue(value);
  return text === null || text.trim() === '' ? null : text;
}

export function flagValue(value: unknown): boolean {
  return value === true;
}

/**
 * A required date (ДатаДокумента). The schema's pattern lets through text shaped like a
 * date that names no instant (2024-02-30, 25:00); 1C never writes one, so a sender that
 * does is broken and hears it: 400 INVALID_PAYLOAD naming the field. The empty date
 * 0001-01-01T00:00:00 is null, as 1C means it.
 */
export function requiredDateValue(value: unknown, path: string): string | null {
  const parsed = typeof value === 'string' ? parseOneCDate(value) : undefined;
  if (parsed === undefined) throw new AppError('INVALID_PAYLOAD', { message: `${path}: impossible date ${JSON.stringify(value)}`, path });
  return parsed;
}

/**
 * An optional date (ДатаОплаты): absent, null or the empty date is null. An impossible one
 * does not refuse the document (it is still the accountant's document): it is null with a
 * DATE_INVALID warning that quotes it, and the journal keeps the raw body as 1C sent it.
 */
export function optionalDateValue(value: unknown, field: string, warnings: Warning[]): string | null {
  if (typeof value !== 'string') return null;
  const parsed = parseOneCDate(value);
  if (parsed !== undefined) return parsed;
  warnings.push({ code: 'DATE_INVALID', message: `${field} ${JSON.stringify(value)} is not a real date; kept in the raw body only`, field });
  return null;
}

export function integerText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new PrecisionSignal();
    return String(value);
  }
  if (isLosslessNumber(value)) return (value as { value: string }).value.replace(/^0+(?=\d)/, '');
  return String(value).replace(/^0+(?=\d)/, '');
}

/** Fields the schema does not name, kept as they came (unknown fields are kept, never a reason to refuse). */
export function extraFields(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    if (known.has(key)) continue;
    extra ??= {};
    extra[key] = plain(object[key]);
  }
  return extra;
}

/**
 * How deep unknown fields may nest. 1C's own structures are a few levels deep; a body
 * nested thousands deep is an attack on the stack, refused as 400 (never 500, which 1C
 * would retry forever).
 */
export const MAX_EXTRA_DEPTH = 64;

/** Lossless numbers back to plain JSON values (their text) for storage of extras. */
function plain(value: unknown, depth = 0): unknown {
  if (isLosslessNumber(value)) return (value as { value: string }).value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_EXTRA_DEPTH) throw new AppError('INVALID_JSON', { message: `The JSON is nested deeper than ${MAX_EXTRA_DEPTH} levels` });
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
}
