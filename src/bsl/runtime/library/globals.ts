/**
 * The rest of the global context the modules use: conversions, numbers, dates and the clock,
 * types, Символы, the event log, transactions, privileged mode and СистемнаяИнформация.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { platformCatalogue } from '../../platform/index.js';
import { defineClass, PlatformObject } from '../class-def.js';
import { bslCompare, toBoolean, toBslString, toNumber, typeNameOf } from '../convert.js';
import { BslError } from '../errors.js';
import type { BslObject, CallContext, ConstructorDef, GlobalFunctionDef, GlobalPropertyDef, TypeName } from '../host-api.js';
import { BslDate, type BslValue, Decimal, daysInMonth, isObject } from '../values.js';
import { date, fn, int, n, number, pure, str } from './args.js';
import { EventLogLevel, enumProperties, RoundMode, systemEnumValue } from './enums.js';
import { formatValue } from './format.js';

// ---------- types ----------

const TYPE_CLASS = defineClass<BslType>({ ru: 'Тип', en: 'Type' });

/** A value of type Тип: compared by its (Russian) name. */
export class BslType extends PlatformObject {
  readonly cls = TYPE_CLASS;
  constructor(readonly name: string) {
    super();
  }
  presentation(): string {
    return this.name;
  }
  hashKey(): string {
    return this.name.toLowerCase();
  }
  equals(other: BslValue): boolean {
    return other instanceof BslType && other.name.toLowerCase() === this.name.toLowerCase();
  }
}

const TYPE_ALIASES: Record<string, string> = {
  string: 'Строка',
  number: 'Число',
  boolean: 'Булево',
  date: 'Дата',
  undefined: 'Неопределено',
  null: 'Null',
  structure: 'Структура',
  map: 'Соответствие',
  array: 'Массив',
  valuetable: 'ТаблицаЗначений',
  uuid: 'УникальныйИдентификатор',
  binarydata: 'ДвоичныеДанные',
  binarydatabuffer: 'БуферДвоичныхДанных',
};

/** A type's Russian name as the platform spells it (either language, any case); other names as given. */
function canonicalType(name: string): string {
  const t = name.trim();
  return TYPE_ALIASES[t.toLowerCase()] ?? platformCatalogue().type(t)?.name ?? t;
}

/** `Тип("Имя")`. */
export function typeFromName(name: string): BslType {
  return new BslType(canonicalType(name));
}

// ---------- dates ----------

function withParts(d: BslDate, f: (p: ReturnType<BslDate['parts']>) => [number, number, number, number, number, number]): BslDate {
  const [y, m, day, h, mi, s] = f(d.parts());
  return BslDate.of(y, m, day, h, mi, s);
}

function addMonths(d: BslDate, months: number): BslDate {
  return withParts(d, (p) => {
    const total = p.year * 12 + (p.month - 1) + months;
    const y = Math.floor(total / 12);
    const m = (total % 12) + 1;
    return [y, m, Math.min(p.day, daysInMonth(y, m)), p.hour, p.minute, p.second];
  });
}

/** ms since 0001-01-01 of the UTC moment, as ТекущаяУниверсальнаяДатаВМиллисекундах counts. */
const MS_FROM_YEAR_ONE = BslDate.of(1970, 1, 1).seconds * 1000;

function localNow(ctx: CallContext): BslDate {
  const utc = ctx.runtime.clock.nowUtcMs();
  return BslDate.fromUnixMs(utc + ctx.runtime.clock.offsetMinutes(utc) * 60_000);
}

function utcNow(ctx: CallContext): BslDate {
  return BslDate.fromUnixMs(ctx.runtime.clock.nowUtcMs());
}

/**
 * Окр(Число, Разрядность, РежимОкругления): half away from zero unless Окр15как10 (half toward
 * zero). The mode may be given as its number too, as 1C accepts: 0 = Окр15как10, 1 = Окр15как20.
 */
function round(v: BslValue, digits: BslValue, mode: BslValue): Decimal {
  const d = digits === undefined ? 0 : int(digits);
  const halfDown = mode === RoundMode.value('Окр15как10') || (mode instanceof Decimal && mode.isZero());
  const rm = halfDown ? DecimalJs.ROUND_HALF_DOWN : DecimalJs.ROUND_HALF_UP;
  const x = number(v);
  if (d >= 0) return x.toDecimalPlaces(d, rm);
  const scale = new Decimal(10).pow(-d);
  return x.div(scale).toDecimalPlaces(0, rm).times(scale);
}

/**
 * The transcendental functions (Sqrt, Exp, Log, Sin…, Pow with a fractional exponent) work in
 * double precision in 1C, and the result keeps 15 significant digits (what a double holds
 * reliably): Pow(2, 0.5) = Sqrt(2) = 1.4142135623731. A result that is not a finite number
 * (Log(0), Sqrt(-1)) is an error.
 */
function fromDouble(x: number): Decimal {
  if (!Number.isFinite(x)) throw new BslError('Недопустимое значение параметра');
  return new Decimal(new Decimal(x).toPrecision(15));
}

function real(f: (x: number) => number, v: BslValue): Decimal {
  return fromDouble(f(number(v).toNumber()));
}

/** Pow: an integer exponent multiplies exactly (as decimals); any other goes through a double. */
function power(base: Decimal, exponent: Decimal): Decimal {
  if (exponent.isInteger() && exponent.abs().lte(1000)) {
    if (base.isZero() && exponent.isNeg()) throw new BslError('Деление на 0');
    return base.pow(exponent);
  }
  return fromDouble(base.toNumber() ** exponent.toNumber());
}

function makeDate(args: BslValue[]): BslDate {
  if (args.length === 1) {
    const a = args[0];
    if (a instanceof BslDate) return a;
    const digits = str(a).replace(/\D/g, '');
    // As a literal: 8, 12 or 14 digits (YYYYMMDD[hhmm[ss]]).
    if (digits.length !== 8 && digits.length !== 12 && digits.length !== 14) throw new BslError('Преобразование значения к типу Дата не может быть выполнено');
    try {
      return BslDate.parseLiteral(digits);
    } catch {
      throw new BslError('Преобразование значения к типу Дата не может быть выполнено');
    }
  }
  const [y, m, d, h, mi, s] = args.map((x) => (x === undefined ? 0 : int(x)));
  return BslDate.of(y!, m!, d!, h ?? 0, mi ?? 0, s ?? 0);
}

function isFilled(v: BslValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (v instanceof Decimal) return !v.isZero();
  if (v instanceof BslDate) return v.seconds !== 0;
  if (typeof v === 'boolean') return true;
  return !(v.isEmpty?.() ?? false);
}

function xmlString(v: BslValue): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Decimal) return v.toFixed();
  if (v instanceof BslDate) return v.toIso();
  if (v.xmlString) return v.xmlString();
  throw new BslError(`Неверный тип параметра XMLСтрока (${v.bslType.ru})`);
}

function minMax(args: BslValue[], sign: number): BslValue {
  let best = args[0];
  for (const a of args.slice(1)) if (bslCompare(a, best) * sign > 0) best = a;
  return best;
}

// ---------- Символы ----------

const SYMBOLS: Record<string, [string, string]> = {
  ВК: ['CR', '\r'],
  ВТаб: ['VTab', '\v'],
  НПП: ['NBSp', '\u00a0'],
  ПС: ['LF', '\n'],
  ПФ: ['FF', '\f'],
  Таб: ['Tab', '\t'],
};

const SYMBOLS_CLASS = defineClass<SymbolsObject>({
  ru: 'Символы',
  en: 'Chars',
  properties: Object.fromEntries(Object.entries(SYMBOLS).map(([ru, [en, ch]]) => [ru, { en, get: () => ch }])),
});

class SymbolsObject extends PlatformObject {
  readonly cls = SYMBOLS_CLASS;
}

// ---------- СистемнаяИнформация ----------

const SYSINFO = defineClass<SystemInfo>({
  ru: 'СистемнаяИнформация',
  en: 'SystemInfo',
  properties: {
    ВерсияПриложения: { en: 'AppVersion', get: (s) => s.version },
    ВерсияОС: { en: 'OSVersion', get: () => 'Linux' },
    ОперативнаяПамять: { en: 'RAM', get: () => n(8192) },
    Процессор: { en: 'Processor', get: () => '' },
    ИнформацияПрограммыПросмотра: { en: 'UserAgentInformation', get: () => '' },
    ИдентификаторКлиента: { en: 'ClientID', get: () => undefined },
    ТипПлатформы: { en: 'PlatformType', get: () => systemEnumValue('ТипПлатформы', 'Linux_x86_64') },
  },
});

export class SystemInfo extends PlatformObject {
  readonly cls = SYSINFO;
  constructor(readonly version: string) {
    super();
  }
}

/** `Новый СистемнаяИнформация`: ВерсияПриложения is the runtime's configured platform version. */
export const SYSTEM_INFO_TYPE: ConstructorDef = {
  ru: 'СистемнаяИнформация',
  en: 'SystemInfo',
  min: 0,
  max: 0,
  construct: (_a, ctx) => new SystemInfo(ctx.runtime.platformVersion.text),
};

// ---------- the list ----------

export const GLOBAL_FUNCTIONS: GlobalFunctionDef[] = [
  pure('Строка', 'String', 1, 1, ([v]) => toBslString(v)),
  pure('Число', 'Number', 1, 1, ([v]) => toNumber(v)),
  pure('Булево', 'Boolean', 1, 1, ([v]) => toBoolean(v)),
  pure('Дата', 'Date', 1, 6, (args) => makeDate(args)),
  pure('Формат', 'Format', 1, 2, ([v, f]) => formatValue(v, f === undefined ? '' : str(f))),
  pure('XMLСтрока', 'XMLString', 1, 1, ([v]) => xmlString(v)),
  pure('ЗначениеЗаполнено', 'ValueIsFilled', 1, 1, ([v]) => isFilled(v)),
  pure('ТипЗнч', 'TypeOf', 1, 1, ([v]) => new BslType(typeNameOf(v))),
  pure('Тип', 'Type', 1, 1, ([v]) => typeFromName(str(v))),
  pure('Макс', 'Max', 1, Infinity, (args) => minMax(args, 1)),
  pure('Мин', 'Min', 1, Infinity, (args) => minMax(args, -1)),
  pure('Цел', 'Int', 1, 1, ([v]) => number(v).trunc()),
  pure('Окр', 'Round', 1, 3, ([v, d, m]) => round(v, d, m)),
  pure('Pow', 'Pow', 2, 2, ([a, b]) => power(number(a), number(b))),
  pure('Sqrt', 'Sqrt', 1, 1, ([a]) => real(Math.sqrt, a)),
  pure('Exp', 'Exp', 1, 1, ([a]) => real(Math.exp, a)),
  pure('Log', 'Log', 1, 1, ([a]) => real(Math.log, a)),
  pure('Log10', 'Log10', 1, 1, ([a]) => real(Math.log10, a)),
  pure('Sin', 'Sin', 1, 1, ([a]) => real(Math.sin, a)),
  pure('Cos', 'Cos', 1, 1, ([a]) => real(Math.cos, a)),
  pure('Tan', 'Tan', 1, 1, ([a]) => real(Math.tan, a)),
  pure('ASin', 'ASin', 1, 1, ([a]) => real(Math.asin, a)),
  pure('ACos', 'ACos', 1, 1, ([a]) => real(Math.acos, a)),
  pure('ATan', 'ATan', 1, 1, ([a]) => real(Math.atan, a)),
  pure('Год', 'Year', 1, 1, ([d]) => n(date(d).parts().year)),
  pure('Месяц', 'Month', 1, 1, ([d]) => n(date(d).parts().month)),
  pure('День', 'Day', 1, 1, ([d]) => n(date(d).parts().day)),
  pure('Час', 'Hour', 1, 1, ([d]) => n(date(d).parts().hour)),
  pure('Минута', 'Minute', 1, 1, ([d]) => n(date(d).parts().minute)),
  pure('Секунда', 'Second', 1, 1, ([d]) => n(date(d).parts().second)),
  pure('ДеньНедели', 'WeekDay', 1, 1, ([d]) => n(date(d).parts().dayOfWeek)),
  pure('НачалоДня', 'BegOfDay', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, p.day, 0, 0, 0])),
  pure('КонецДня', 'EndOfDay', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, p.day, 23, 59, 59])),
  pure('НачалоЧаса', 'BegOfHour', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, p.day, p.hour, 0, 0])),
  pure('КонецЧаса', 'EndOfHour', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, p.day, p.hour, 59, 59])),
  pure('НачалоМесяца', 'BegOfMonth', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, 1, 0, 0, 0])),
  pure('КонецМесяца', 'EndOfMonth', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, p.month, daysInMonth(p.year, p.month), 23, 59, 59])),
  pure('НачалоГода', 'BegOfYear', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, 1, 1, 0, 0, 0])),
  pure('КонецГода', 'EndOfYear', 1, 1, ([d]) => withParts(date(d), (p) => [p.year, 12, 31, 23, 59, 59])),
  pure('ДобавитьМесяц', 'AddMonth', 2, 2, ([d, m]) => addMonths(date(d), int(m))),
  fn('ТекущаяДата', 'CurrentDate', 0, 0, (_a, ctx) => localNow(ctx)),
  fn('ТекущаяДатаСеанса', 'CurrentSessionDate', 0, 0, (_a, ctx) => localNow(ctx)),
  fn('ТекущаяУниверсальнаяДата', 'CurrentUniversalDate', 0, 0, (_a, ctx) => utcNow(ctx)),
  fn('ТекущаяУниверсальнаяДатаВМиллисекундах', 'CurrentUniversalDateInMilliseconds', 0, 0, (_a, ctx) => n(ctx.runtime.clock.nowUtcMs() + MS_FROM_YEAR_ONE)),
  fn('ЗаписьЖурналаРегистрации', 'WriteLogEvent', 1, 6, ([event, level, metadata, data, comment], ctx) => {
    const lv = isObject(level) && level.bslType.ru === 'УровеньЖурналаРегистрации' ? toBslString(level) : EventLogLevel.value('Информация').ru;
    ctx.runtime.eventLog.push({ event: str(event), level: lv, metadata, data, comment: comment === undefined ? '' : str(comment), at: localNow(ctx) });
    return undefined;
  }),
  fn('НачатьТранзакцию', 'BeginTransaction', 0, 1, async (_a, ctx) => {
    await ctx.runtime.transactions.begin();
    return undefined;
  }),
  fn('ЗафиксироватьТранзакцию', 'CommitTransaction', 0, 0, async (_a, ctx) => {
    await ctx.runtime.transactions.commit();
    return undefined;
  }),
  fn('ОтменитьТранзакцию', 'RollbackTransaction', 0, 0, async (_a, ctx) => {
    await ctx.runtime.transactions.rollback();
    return undefined;
  }),
  fn('ТранзакцияАктивна', 'TransactionActive', 0, 0, (_a, ctx) => ctx.runtime.transactions.active()),
  // Privileged mode only widens rights; the model has no rights to widen.
  fn('УстановитьПривилегированныйРежим', 'SetPrivilegedMode', 1, 1, () => undefined),
  fn('ПривилегированныйРежим', 'PrivilegedMode', 0, 0, () => true),
  fn('КраткоеПредставлениеОшибки', 'BriefErrorDescription', 1, 1, ([e]) => (isObject(e) ? toBslString(e) : '')),
  fn('ПодробноеПредставлениеОшибки', 'DetailErrorDescription', 1, 1, ([e]) => detailed(e)),
  fn('Сообщить', 'Message', 1, 2, () => undefined),
];

function detailed(e: BslValue): string {
  const info = e as BslObject & { error?: { position: { module: string; line: number }; description: string } };
  if (!isObject(e) || !info.error) return '';
  return `{${info.error.position.module}(${info.error.position.line})}: ${info.error.description}`;
}

const symbols = new SymbolsObject();

/** Global properties; the catalogue's system enumerations first, so the library's own win. */
export function globalProperties(): GlobalPropertyDef[] {
  return [...enumProperties(), { ru: 'Символы', en: 'Chars', get: () => symbols }];
}

export type { TypeName };
