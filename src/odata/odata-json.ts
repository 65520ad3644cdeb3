import { parse } from 'lossless-json';

/**
 * A number as 1C wrote it in the JSON: its decimal text. 1C's numbers are decimals
 * (Число(15,2) sums, and wider ones: Число(38,10) is allowed); a double keeps 15–17
 * significant digits, so every number is kept as text and never passes through a float.
 */
export class ODataNumber {
  constructor(readonly text: string) {}
}

export type ODataValue = string | boolean | null | ODataNumber | ODataValue[] | { [key: string]: ODataValue };
export type ODataEntity = { [key: string]: ODataValue };

/** What may start a number in JSON text (inside a string too: then it only makes the check stricter). */
const NUMBER_TOKEN = /[:,[]\s*-?(\d[\d.eE+-]*)/g;

/** Every number has at most 15 digits and no exponent: a double holds each exactly. */
function narrowNumbers(text: string): boolean {
  NUMBER_TOKEN.lastIndex = 0;
  for (let m = NUMBER_TOKEN.exec(text); m !== null; m = NUMBER_TOKEN.exec(text)) {
    const token = m[1]!;
    if (token.length > 15 && token.replace('.', '').length > 15) return false;
    if (token.includes('e') || token.includes('E')) return false;
  }
  return true;
}

/**
 * Parses an OData JSON body losslessly (numbers → ODataNumber). A BOM before it is dropped.
 *
 * A load reads megabytes of it, so the fast path is `JSON.parse`: when every number has at most
 * 15 digits and no exponent, a double holds it exactly, and its shortest text (`String`) is the same decimal (trailing
 * zeros aside, which the decoder drops anyway). Otherwise — a Число(38,10), a long code — the
 * text is read losslessly, as 1C wrote it.
 */
export function parseODataJson(text: string): ODataValue {
  const body = text.replace(/^\uFEFF/, '');
  if (narrowNumbers(body)) {
    const fast = withDecimals(JSON.parse(body) as unknown);
    if (fast !== undefined) return fast;
  }
  return parse(body, null, (n) => new ODataNumber(n)) as ODataValue;
}

/** JSON.parse's numbers as ODataNumber; undefined when one's shortest text has an exponent (|x| < 1e-6). */
function withDecimals(value: unknown): ODataValue | undefined {
  if (typeof value === 'number') {
    const text = String(value);
    return text.includes('e') ? undefined : new ODataNumber(text);
  }
  if (value === null || typeof value !== 'object') return value as ODataValue;
  if (Array.isArray(value)) {
    const out: ODataValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = withDecimals(value[i]);
      if (v === undefined) return undefined;
      out[i] = v;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    // Assigning it would set the prototype: the lossless parser reads such a body.
    if (key === '__proto__') return undefined;
    const v = record[key];
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) continue;
    const converted = withDecimals(v);
    if (converted === undefined) return undefined;
    record[key] = converted;
  }
  return record as ODataValue;
}

/** A field's text: strings as they are, numbers as their decimal text, anything else null. */
export function textOf(value: ODataValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof ODataNumber) return value.text;
  return null;
}
