/**
 * Формат(Значение, "ЧДЦ=2; ЧГ=0") with 1C's rules. Л/L picks the language (ru, uk, en; any
 * other, or none, formats as the server's Russian locale): digits grouped by three with a
 * non-breaking space and a decimal comma for ru/uk, `,` and `.` for en. Numbers: ЧЦ (total
 * digits), ЧДЦ (fraction digits, rounded half away from zero), ЧРД/ЧРГ (separators), ЧГ
 * (group size, 0 = none), ЧН (text for zero — without it zero formats as ""), ЧВН (leading
 * zeros), ЧО (negative form), ЧС (shift: the number is divided by 10^ЧС first). Dates: ДФ (pattern), ДЛФ (Д, ДД, В, ДВ, ДДВ), ДП (text for the
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

/** What Л/L changes: separators, month names, the local date forms and Да/Нет. */
interface Locale {
  decimal: string;
  group: string;
  /** Full month names: nominative (a month on its own, «Январь 2024») and genitive (after a day). */
  months: string[];
  monthsGenitive: string[];
  monthsShort: string[];
  /** ДЛФ=Д, ДД, В as date patterns. */
  date: string;
  longDate: string;
  time: string;
  yes: string;
  no: string;
}

const RU: Locale = {
  decimal: ',',
  group: '\u00a0',
  months: ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'],
  monthsGenitive: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  monthsShort: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
  date: 'dd.MM.yyyy',
  longDate: "d MMMM yyyy 'г.'",
  time: 'H:mm:ss',
  yes: 'Да',
  no: 'Нет',
};

const UK: Locale = {
  ...RU,
  months: ['Січень', 'Лютий', 'Березень', 'Квітень', 'Травень', 'Червень', 'Липень', 'Серпень', 'Вересень', 'Жовтень', 'Листопад', 'Грудень'],
  monthsGenitive: ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'],
  monthsShort: ['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов', 'лис', 'гру'],
  longDate: "d MMMM yyyy 'р.'",
  yes: 'Так',
  no: 'Ні',
};

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN: Locale = {
  decimal: '.',
  group: ',',
  months: EN_MONTHS,
  monthsGenitive: EN_MONTHS,
  monthsShort: EN_MONTHS.map((m) => m.slice(0, 3)),
  date: 'M/d/yyyy',
  longDate: 'MMMM d, yyyy',
  time: 'h:mm:ss tt',
  yes: 'Yes',
  no: 'No',
};

/** `Л=en_US`, `L=uk`, `Л=ru-RU`: the language part picks the locale. */
function locale(p: Map<string, string>): Locale {
  const code = (param(p, 'Л', 'L') ?? '').trim().toLowerCase().split(/[_-]/)[0];
  return code === 'en' ? EN : code === 'uk' ? UK : RU;
}

export function formatValue(value: BslValue, format: string): string {
  const p = parseFormatString(format);
  const loc = locale(p);
  if (value instanceof Decimal) return formatNumber(value, p, loc);
  if (value instanceof BslDate) return formatDate(value, p, loc);
  if (typeof value === 'boolean') {
    const t = value ? param(p, 'БИ', 'BT') : param(p, 'БЛ', 'BF');
    return t ?? (value ? loc.yes : loc.no);
  }
  return toBslString(value);
}

function formatNumber(n: Decimal, p: Map<string, string>, loc: Locale): string {
  const zeroText = param(p, 'ЧН', 'NZ');
  const zero = zeroText === undefined ? '' : zeroText === '' ? '0' : zeroText;
  if (n.isZero()) return zero;
  const total = param(p, 'ЧЦ', 'ND');
  const fraction = param(p, 'ЧДЦ', 'NFD');
  const totalDigits = total !== undefined ? Math.max(0, Number.parseInt(total, 10) || 0) : undefined;
  const fractionDigits = fraction !== undefined ? Math.max(0, Number.parseInt(fraction, 10) || 0) : undefined;
  // ЧС shifts the digits: positive divides by 10^ЧС, negative multiplies (1C's own words).
  const shift = Number.parseInt(param(p, 'ЧС', 'NS') ?? '', 10);
  let value = Number.isFinite(shift) && shift !== 0 ? n.div(new Decimal(10).pow(shift)) : n;
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
  const decimalSep = firstChar(param(p, 'ЧРД', 'NDS')) ?? loc.decimal;
  const groupSep = firstChar(param(p, 'ЧРГ', 'NGS')) ?? loc.group;
  const grouping = param(p, 'ЧГ', 'NG');
  // Only the first two numbers count, whatever separates them ("4,2", "4.2", "-4+2").
  const sizes = grouping === undefined ? [3, 3] : (grouping.match(/\d+/g) ?? []).slice(0, 2).map(Number);
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

/**
 * 1C's ЧГ: the first number is the size of the first group from the right, the second the size
 * of every further group; without a second number (or with 0) only the first group is cut off:
 * `ЧГ=4` gives 12345 6789, `ЧГ=4,2` 1 23 45 6789, `ЧГ=0` no grouping. The default is `3,3`.
 */
function group(int: string, sizes: number[], sep: string): string {
  const first = sizes[0] ?? 0;
  if (first <= 0 || int.length <= first) return int;
  const rest = sizes[1] ?? 0;
  const parts = [int.slice(-first)];
  let head = int.slice(0, -first);
  if (rest <= 0) return `${head}${sep}${parts[0]}`;
  while (head.length > rest) {
    parts.unshift(head.slice(-rest));
    head = head.slice(0, -rest);
  }
  parts.unshift(head);
  return parts.join(sep);
}

function formatDate(d: BslDate, p: Map<string, string>, loc: Locale): string {
  if (d.seconds === 0) return param(p, 'ДП', 'DE') ?? '';
  const local = param(p, 'ДЛФ', 'DLF');
  const pattern = param(p, 'ДФ', 'DF');
  if (pattern !== undefined) return applyPattern(d, pattern, loc);
  switch ((local ?? 'ДВ').toUpperCase()) {
    case 'Д':
    case 'D':
      return applyPattern(d, loc.date, loc);
    case 'ДД':
    case 'DD':
      return applyPattern(d, loc.longDate, loc);
    case 'В':
    case 'T':
      return applyPattern(d, loc.time, loc);
    case 'ДДВ':
    case 'DDT':
      return applyPattern(d, `${loc.longDate} ${loc.time}`, loc);
    default:
      return applyPattern(d, `${loc.date} ${loc.time}`, loc);
  }
}

/** Whether a pattern shows the day (outside quoted text): then ММММ is the genitive «января». */
function patternHasDay(pattern: string): boolean {
  return /[дd]/.test(pattern.replace(/'[^']*'?/g, ''));
}

/**
 * 1C date pattern letters (Russian or Latin): д/d, М/M, г/y, Ч/H, ч/h, м/m, с/s, к/q, tt (AM/PM
 * of the en forms); 'text' is literal. ММММ names the month in the nominative (Январь) when
 * the pattern has no day and in the genitive (января) after one; МММ abbreviates it.
 */
function applyPattern(d: BslDate, pattern: string, loc: Locale): string {
  const t = d.parts();
  const genitive = patternHasDay(pattern);
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
          run >= 4
            ? (genitive ? loc.monthsGenitive : loc.months)[t.month - 1]
            : run === 3
              ? loc.monthsShort[t.month - 1]
              : run === 1
                ? String(t.month)
                : two(t.month);
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
      case 't':
        // `tt` is the AM/PM mark of the en time forms; a single t stays literal.
        out += run >= 2 ? (t.hour < 12 ? 'AM' : 'PM') : ch;
        break;
      default:
        out += ch.repeat(run);
    }
    i += run;
  }
  return out;
}

export { numberToString };
