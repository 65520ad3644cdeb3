/**
 * НачалоНедели/КонецНедели (weeks start on Monday, as 1C's ДеньНедели counts 1 = Monday) and
 * the time-zone functions over Node's IANA data (Intl):
 * - ЧасовойПояс(): the clock's `timeZone` when it names one, the process's zone for the system
 *   clock, else `Etc/GMT±N` from the clock's current offset when that is whole hours, else the
 *   process's zone;
 * - СмещениеСтандартногоВремени(Пояс, УниверсальноеВремя) and СмещениеЛетнегоВремени(…): in
 *   seconds; the standard offset is the smaller of the zone's offsets on 1 January and 1 July
 *   of that year (IANA has no separate "standard" figure through Intl), the daylight offset
 *   what the moment adds to it. Without a zone they use the runtime's clock;
 * - МестноеВремя(УниверсальноеВремя, Пояс) / УниверсальноеВремя(МестноеВремя, Пояс): with a
 *   zone through Intl, without one by the runtime's clock (the session's zone). A local time
 *   that a DST change skips or repeats resolves with the offset in force one moment before;
 * - ПредставлениеЧасовогоПояса(Пояс): `GMT+02:00`, the zone's offset at the current moment.
 * An unknown zone name is "Недопустимое значение параметра (ЧасовойПояс)".
 */
import { systemClock } from '../clock.js';
import { BslError } from '../errors.js';
import type { CallContext, Clock, GlobalFunctionDef } from '../host-api.js';
import { BslDate, type BslValue, Decimal } from '../values.js';
import { date, fn, pure, str } from './args.js';

const DAY = 86_400;

function weekStart(d: BslDate): BslDate {
  const dayStart = d.seconds - (d.seconds % DAY);
  return new BslDate(dayStart - (d.parts().dayOfWeek - 1) * DAY);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      throw new BslError('Недопустимое значение параметра (ЧасовойПояс)');
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at a UTC moment, in minutes. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const name = zoneFormatter(zone)
    .formatToParts(new Date(utcMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? '');
  if (!m?.[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

type OffsetAt = (utcMs: number) => number;

function offsetFunction(zone: BslValue, clock: Clock): OffsetAt {
  if (zone === undefined) return (ms) => clock.offsetMinutes(ms);
  const z = str(zone);
  zoneFormatter(z);
  return (ms) => zoneOffsetMinutes(z, ms);
}

function standardOffset(offset: OffsetAt, utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  return Math.min(offset(Date.UTC(year, 0, 1)), offset(Date.UTC(year, 6, 1)));
}

function momentMs(v: BslValue, ctx: CallContext): number {
  return v === undefined ? ctx.runtime.clock.nowUtcMs() : date(v).toUnixMs();
}

/** ЧасовойПояс(): see the header. */
export function currentZone(clock: Clock): string {
  const named = (clock as { timeZone?: string }).timeZone;
  if (named) return named;
  if (clock === systemClock) return Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = clock.offsetMinutes(clock.nowUtcMs());
  if (offset % 60 === 0) return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset / 60)}`;
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function gmt(minutes: number): string {
  const a = Math.abs(minutes);
  return `GMT${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export const CALENDAR_FUNCTIONS: GlobalFunctionDef[] = [
  pure('НачалоНедели', 'BegOfWeek', 1, 1, ([d]) => weekStart(date(d))),
  pure('КонецНедели', 'EndOfWeek', 1, 1, ([d]) => new BslDate(weekStart(date(d)).seconds + 7 * DAY - 1)),
  fn('ЧасовойПояс', 'TimeZone', 0, 0, (_a, ctx) => currentZone(ctx.runtime.clock)),
  fn('СмещениеСтандартногоВремени', 'StandardTimeOffset', 0, 2, ([zone, at], ctx) => {
    const offset = offsetFunction(zone, ctx.runtime.clock);
    return new Decimal(standardOffset(offset, momentMs(at, ctx)) * 60);
  }),
  fn('СмещениеЛетнегоВремени', 'DaylightTimeOffset', 0, 2, ([zone, at], ctx) => {
    const offset = offsetFunction(zone, ctx.runtime.clock);
    const ms = momentMs(at, ctx);
    return new Decimal((offset(ms) - standardOffset(offset, ms)) * 60);
  }),
  fn('МестноеВремя', 'ToLocalTime', 1, 2, ([d, zone], ctx) => {
    const utc = date(d).toUnixMs();
    return BslDate.fromUnixMs(utc + offsetFunction(zone, ctx.runtime.clock)(utc) * 60_000);
  }),
  fn('УниверсальноеВремя', 'ToUniversalTime', 1, 2, ([d, zone], ctx) => {
    const local = date(d).toUnixMs();
    const offset = offsetFunction(zone, ctx.runtime.clock);
    // The offset at the moment the local time names: guess with the offset at local-as-UTC,
    // then correct once (enough for one DST step either way).
    const guess = local - offset(local) * 60_000;
    return BslDate.fromUnixMs(local - offset(guess) * 60_000);
  }),
  fn('ПредставлениеЧасовогоПояса', 'TimeZonePresentation', 1, 1, ([zone], ctx) => gmt(zoneOffsetMinutes(str(zone), ctx.runtime.clock.nowUtcMs()))),
];
