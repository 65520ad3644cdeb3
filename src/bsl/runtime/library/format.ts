/**
 * Формат(Значение, "ЧДЦ=2; ЧГ=0") with 1C's rules, for the server's Russian/Ukrainian locale:
 * digits grouped by three with a non-breaking space, decimal comma. Numbers: ЧЦ (total
 * digits), ЧДЦ (fraction digits, rounded half away from zero), ЧРД/ЧРГ (separators), ЧГ
 * (group size, 0 = none), ЧН (text for zero — without it zero formats as ""), ЧВН (leading
 * zeros), ЧО (negative form). Dates: ДФ (pattern), ДЛФ (Д, ДД, В, ДВ, ДДВ), ДП (text for the
 * empty date — without it ""). Booleans: БИ/БЛ.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { numberToString, toBslString } from '../convert.js';
import { BslDate, type BslValue, Decimal } from '../values.js';

/** `КЛЮЧ=значение; КЛЮЧ='знач;ение'` → map with upper-cased keys (both languages kept as written). */
export function parseFormatString(format: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < format.length) {
    while (i < format.length && /[\s;]/.test(format[i]!)) i++;
    const keyStart = i;
    while (i < format.length && format[i] !== '=' && format[i] !== ';') i++;
    const key = format.slice(keyStart, i).trim().toUpperCase();
    let value = '';
    if (format[i] === '=') {
      i++;
      while (i < format.length && format[i] === ' ') i++;
      const q = format[i];
      if (q === "'" || q === '"') {
        const end = format.indexOf(q, i + 1);
        value = format.slice(i + 1, end < 0 ? format.length : end);
        i = end < 0 ? format.length : end + 1;
      } else {
        const end = format.indexOf(';', i);
        value = format.slice(i, end < 0 ? format.length : end).trim();
        i = end < 0 ? format.length : end;
      }
    }
    if (key) out.set(key, value);
  }
  return out;
}

function param(p: Map<string, string>, ru: string, en: string): string | undefined {
  return p.get(ru) ?? p.get(en);
}

export function formatValue(value: BslValue, format: string): string {
  const p = parseFormatString(format);
  if (value instanceof Decimal) return formatNumber(value, p);
  if (value instanceof BslDate) return formatDate(value, p);
  if (typeof value === 'boolean') {
    const t = value ? param(p, 'БИ', 'BT') : param(p, 'БЛ', 'BF');
    return t ?? toBslString(value);
  }
  return toBslString(value);
}

function formatNumber(n: Decimal, p: Map<string, string>): string {
  const zeroText = param(p, 'ЧН', 'NZ');
  const zero = zeroText === undefined ? '' : zeroText === '' ? '0' : zeroText;
  if (n.isZero()) return zero;
  const total = param(p, 'ЧЦ', 'ND');
  const fraction = param(p, 'ЧДЦ', 'NFD');
  const totalDigits = total !== undefined ? Math.max(0, Number.parseInt(total, 10) || 0) : undefined;
  const fractionDigits = fraction !== undefined ? Math.max(0, Number.parseInt(fraction, 10) || 0) : undefined;
  let value = n;
  let text: string;
  if (totalDigits !== undefined || fractionDigits !== undefined) {
    const fd = fractionDigits ?? 0;
    value = value.toDecimalPlaces(fd, DecimalJs.ROUND_HALF_UP);
    if (totalDigits !== undefined && totalDigits > 0) {
      const intDigits = value.abs().trunc().isZero() ? 0 : value.abs().trunc().toFixed().length;
      if (intDigits > totalDigits - fd) {
        // Too large for ЧЦ: 1C shows the largest number that fits (all nines).
        const nines = '9'.repeat(Math.max(0, totalDigits - fd)) + (fd > 0 ? `.${'9'.repeat(fd)}` : '');
        value = new Decimal(nines || '0').times(value.isNeg() ? -1 : 1);
      }
    }
    if (value.isZero()) return zero;
    text = value.abs().toFixed(fd);
    if (totalDigits !== undefined && param(p, 'ЧВН', 'NLZ') !== undefined) {
      const [i, f] = text.split('.');
      text = i!.padStart(Math.max(0, totalDigits - fd), '0') + (f !== undefined ? `.${f}` : '');
    }
  } else {
    text = value.abs().toFixed();
  }
  const [intPart, fracPart] = text.split('.');
  const decimalSep = firstChar(param(p, 'ЧРД', 'NDS')) ?? ',';
  const groupSep = firstChar(param(p, 'ЧРГ', 'NGS')) ?? '\u00a0';
  const grouping = param(p, 'ЧГ', 'NG');
  const sizes =
    grouping === undefined
      ? [3]
      : grouping
          .split(/[^0-9]+/)
          .filter(Boolean)
          .map(Number);
  const body = group(intPart!, sizes, groupSep) + (fracPart !== undefined && fracPart !== '' ? decimalSep + fracPart : '');
  if (!value.isNeg()) return body;
  switch (param(p, 'ЧО', 'NN')) {
    case '0':
      return `(${body})`;
    case '2':
      return `- ${body}`;
    case '3':
      return `${body}-`;
    case '4':
      return `${body} -`;
    default:
      return `-${body}`;
  }
}

function firstChar(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s[0];
}

/** `ЧГ=3,2`: first group of 3 from the right, then groups of 2; `ЧГ=0` none. */
function group(int: string, sizes: number[], sep: string): string {
  const first = sizes[0] ?? 0;
  if (first <= 0 || int.length <= first) return int;
  const rest = sizes[1] !== undefined && sizes[1] > 0 ? sizes[1] : sizes[1] === 0 ? 0 : first;
  const parts = [int.slice(-first)];
  let head = int.slice(0, -first);
  if (rest === 0) return `${head}${sep}${parts[0]}`;
  while (head.length > rest) {
    parts.unshift(head.slice(-rest));
    head = head.slice(0, -rest);
  }
  parts.unshift(head);
  return parts.join(sep);
}

const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];

function formatDate(d: BslDate, p: Map<string, string>): string {
  if (d.seconds === 0) return param(p, 'ДП', 'DE') ?? '';
  const local = param(p, 'ДЛФ', 'DLF');
  const pattern = param(p, 'ДФ', 'DF');
  if (pattern !== undefined) return applyPattern(d, pattern);
  switch ((local ?? 'ДВ').toUpperCase()) {
    case 'Д':
    case 'D':
      return applyPattern(d, 'dd.MM.yyyy');
    case 'ДД':
    case 'DD':
      return applyPattern(d, "d MMMM yyyy 'г.'");
    case 'В':
    case 'T':
      return applyPattern(d, 'H:mm:ss');
    case 'ДДВ':
    case 'DDT':
      return applyPattern(d, "d MMMM yyyy 'г.' H:mm:ss");
    default:
      return applyPattern(d, 'dd.MM.yyyy H:mm:ss');
  }
}

/** 1C date pattern letters (Russian or Latin): д/d, М/M, г/y, Ч/H, ч/h, м/m, с/s, к/q; 'text' is literal. */
function applyPattern(d: BslDate, pattern: string): string {
  const t = d.parts();
  const map: Record<string, string> = { д: 'd', М: 'M', г: 'y', Ч: 'H', ч: 'h', м: 'm', с: 's', к: 'q' };
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    const letter = map[ch] ?? ch;
    let run = 1;
    while (i + run < pattern.length && (map[pattern[i + run]!] ?? pattern[i + run]) === letter && pattern[i + run] === ch) run++;
    const two = (x: number): string => String(x).padStart(2, '0');
    switch (letter) {
      case 'd':
        out += run === 1 ? String(t.day) : two(t.day);
        break;
      case 'M':
        out +=
          run >= 4 ? MONTHS_GENITIVE[t.month - 1] : run === 3 ? MONTHS[t.month - 1]!.slice(0, 3).toLowerCase() : run === 1 ? String(t.month) : two(t.month);
        break;
      case 'y':
        out += run <= 2 ? two(t.year % 100) : run === 3 ? String(t.year) : String(t.year).padStart(4, '0');
        break;
      case 'H':
        out += run === 1 ? String(t.hour) : two(t.hour);
        break;
      case 'h': {
        const h = t.hour % 12 || 12;
        out += run === 1 ? String(h) : two(h);
        break;
      }
      case 'm':
        out += run === 1 ? String(t.minute) : two(t.minute);
        break;
      case 's':
        out += run === 1 ? String(t.second) : two(t.second);
        break;
      case 'q':
        out += String(Math.floor((t.month - 1) / 3) + 1);
        break;
      default:
        out += ch.repeat(run);
    }
    i += run;
  }
  return out;
}

export { numberToString };
