/**
 * Exact decimals for money and quantities (1C numbers are decimals;
 * sums are Number(15,2), quantities Number(15,3); never add money in binary floating point).
 *
 * Values travel as decimal strings ("1234.5", "-0.001"). Arithmetic is done on scaled
 * BigInts — the three operations we need (add, compare, parse) do not justify a
 * decimal library.
 */

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/**
 * The decimal string of a JSON number as 1C wrote it. JSON.parse gives the nearest
 * double; ECMAScript's Number::toString prints the shortest string that round-trips,
 * which reproduces the written digits exactly whenever they have ≤ 15 significant
 * digits — always true for 1C's Number(15,x). Wider numbers are caught by
 * `exactDecimal`, and the body is re-read losslessly (see decode-webhook.ts).
 */
export function numberToDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text === '-0' ? '0' : text;
  // Exponent form (|v| < 1e-6 or ≥ 1e21): expand without losing digits.
  const [mantissa = '', exponent = '0'] = text.split('e');
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  const pointAt = (dot === -1 ? unsigned.length : dot) + Number(exponent);
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return (negative ? '-' : '') + out;
}

/**
 * `numberToDecimal(value)` when the double certainly equals the decimal the sender wrote
 * (≤ 15 significant digits), else null — one number-to-text conversion for both
 * questions (an invoice has ~80 numbers).
 */
export function exactDecimal(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  // Fast path: the shortest form has at most 15 digits in all (sign and point aside).
  if (!text.includes('e') && text.length - (text[0] === '-' ? 1 : 0) - (text.includes('.') ? 1 : 0) <= 15) {
    return text === '-0' ? '0' : text;
  }
  const decimal = numberToDecimal(value);
  const digits = decimal.replace('-', '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15 ? decimal : null;
}

/** Normalise a decimal string: no leading zeros, no trailing fractional zeros, no "-0". */
export function normaliseDecimal(text: string): string {
  if (!DECIMAL_RE.test(text)) throw new RangeError(`not a decimal: ${text}`);
  let [int, frac = ''] = text.replace('-', '').split('.') as [string, string?];
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return text.startsWith('-') && /[1-9]/.test(body) ? `-${body}` : body;
}

function scaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [int, frac = ''] = text.replace('-', '').split('.') as [string, string?];
  const value = BigInt(int + frac.padEnd(scale, '0'));
  return negative ? -value : value;
}

function scaleOf(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

function unscale(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return normaliseDecimal((negative ? '-' : '') + text);
}

export function addDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map(scaleOf));
  // Fast path: scaled integers below 2^53 add exactly as doubles (integers, no fractions).
  const factor = 10 ** scale;
  let sum = 0;
  let safe = scale <= 6;
  for (const v of values) {
    if (!safe) break;
    const n = Math.round(Number(v) * factor);
    if (!Number.isSafeInteger(n) || Math.abs(sum + n) > Number.MAX_SAFE_INTEGER || v.length > 16) safe = false;
    else sum += n;
  }
  if (safe) return unscale(BigInt(sum), scale);
  return unscale(
    values.reduce((total, v) => total + scaled(v, scale), 0n),
    scale,
  );
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const x = scaled(a, scale);
  const y = scaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compare non-negative integer strings of any length (НомерСобытия may exceed 2^53). */
export function compareIntegers(a: string, b: string): -1 | 0 | 1 {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
