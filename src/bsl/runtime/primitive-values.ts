/** 1C's Число and Дата as the runtime holds them (values.ts has the whole set of BSL values). */
import { Decimal as DecimalJs } from 'decimal.js';

/** 1C numbers hold up to 38 significant digits; division rounds there (half away from zero). */
export const Decimal = DecimalJs.clone({ precision: 38, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Decimal = DecimalJs;

export const ZERO: Decimal = new Decimal(0);

/** A BSL number from a JS integer/decimal text; `num(0.1)` is 0.1 exactly (via its shortest text). */
export function num(value: number | string | bigint): Decimal {
  return new Decimal(typeof value === 'bigint' ? value.toString() : value);
}

const SECONDS_PER_DAY = 86_400;
/** Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar (1C's calendar). */
const EPOCH_DAYS = 719_162;
/** 3999-12-31 23:59:59, the largest date 1C stores. */
const MAX_SECONDS = (EPOCH_DAYS + daysFromCivilUnix(3999, 12, 31)) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, exact for any year). */
function daysFromCivilUnix(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDaysUnix(z: number): [number, number, number] {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [y + (m <= 2 ? 1 : 0), m, d];
}

/**
 * A 1C Дата: a wall-clock moment with one-second resolution and no time zone, from
 * 0001-01-01 00:00:00 (the empty date) to 3999-12-31 23:59:59. Immutable.
 */
export class BslDate {
  /** Seconds since 0001-01-01T00:00:00. */
  readonly seconds: number;

  constructor(seconds: number) {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
      throw new RangeError('Недопустимое значение даты (date out of 0001-01-01 … 3999-12-31)');
    }
    this.seconds = seconds;
  }

  static readonly EMPTY = new BslDate(0);

  static of(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): BslDate {
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour > 23 ||
      minute > 59 ||
      second > 59 ||
      hour < 0 ||
      minute < 0 ||
      second < 0
    ) {
      throw new RangeError('Недопустимое значение даты');
    }
    const days = EPOCH_DAYS + daysFromCivilUnix(year, month, day);
    return new BslDate(days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second);
  }

  /** From the wall-clock fields of a JS millisecond timestamp read as UTC (use for "local" after shifting). */
  static fromUnixMs(ms: number): BslDate {
    return new BslDate(EPOCH_DAYS * SECONDS_PER_DAY + Math.floor(ms / 1000));
  }

  /** `'20240115103000'` / `'202401151030'` / `'20240115'` as written in BSL source (8, 12 or 14 digits; the rest zero). */
  static parseLiteral(raw: string): BslDate {
    const digits = raw.replace(/\D/g, '');
    if (/^0+$/.test(digits)) return BslDate.EMPTY;
    const p = `${digits}000000`.slice(0, 14);
    return BslDate.of(+p.slice(0, 4), +p.slice(4, 6), +p.slice(6, 8), +p.slice(8, 10), +p.slice(10, 12), +p.slice(12, 14));
  }

  /** Milliseconds since 1970-01-01 of this wall-clock time read as UTC. */
  toUnixMs(): number {
    return (this.seconds - EPOCH_DAYS * SECONDS_PER_DAY) * 1000;
  }

  parts(): { year: number; month: number; day: number; hour: number; minute: number; second: number; dayOfWeek: number } {
    const days = Math.floor(this.seconds / SECONDS_PER_DAY);
    const rest = this.seconds - days * SECONDS_PER_DAY;
    const [year, month, day] = civilFromDaysUnix(days - EPOCH_DAYS);
    // 0001-01-01 was a Monday; 1 = Monday … 7 = Sunday, as ДеньНедели.
    const dayOfWeek = (days % 7) + 1;
    return { year, month, day, hour: Math.floor(rest / 3600), minute: Math.floor((rest % 3600) / 60), second: rest % 60, dayOfWeek };
  }

  addSeconds(s: number): BslDate {
    return new BslDate(this.seconds + s);
  }

  /** ISO local text without zone, as ЗаписатьJSON and XMLСтрока write it: 2024-01-15T10:30:00. */
  toIso(): string {
    const p = this.parts();
    return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  }
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
