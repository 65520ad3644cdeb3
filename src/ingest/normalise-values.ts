import { isLosslessNumber } from 'lossless-json';
import { exactDecimal, normaliseDecimal } from '../domain/decimal.js';
import { parseOneCDate } from '../domain/local-date.js';

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

export function dateValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return parseOneCDate(value) ?? null;
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

/** Fields the schema does not name, kept as they came (issue 2: unknown fields are kept). */
export function extraFields(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    if (!known.has(key)) (extra ??= {})[key] = plain(object[key]);
  }
  return extra;
}

/** Lossless numbers back to plain JSON values (their text) for storage of extras. */
function plain(value: unknown): unknown {
  if (isLosslessNumber(value)) return (value as { value: string }).value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
