/**
 * 1C writes dates as ISO local time without a zone, e.g. "2024-01-15T10:30:00", in the
 * 1C server's zone; the empty date is "0001-01-01T00:00:00" (`Дата(1, 1, 1)`). We keep the
 * local wall time as 1C has it (that is what an accountant sees on the document) and
 * give the offset of the configured zone when presenting it.
 */

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

export const EMPTY_ONEC_DATE = '0001-01-01T00:00:00';

/** "YYYY-MM-DDTHH:MM:SS", or null for the empty date; undefined when the text is no date. */
export function parseOneCDate(text: string): string | null | undefined {
  const m = LOCAL_DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  if (local === EMPTY_ONEC_DATE || y === '0001') return null;
  const date = new Date(`${local}Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== local) return undefined;
  return local;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

const offsetCache = new Map<string, string>();

/**
 * Offset of `timezone` at the local wall time `local`, as "+02:00". Zone offsets change
 * on whole hours (DST, in every zone 1C bases run in), so the answer is cached per local
 * hour: listing a page of invoices costs no Intl calls after the first.
 */
export function zoneOffset(local: string, timezone: string): string {
  const key = `${timezone}|${local.slice(0, 13)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 50_000) offsetCache.clear();
    offset = computeZoneOffset(`${local.slice(0, 13)}:00:00`, timezone);
    offsetCache.set(key, offset);
  }
  return offset;
}

function computeZoneOffset(local: string, timezone: string): string {
  let fmt = offsetFormatters.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timezone, fmt);
  }
  const asUtc = Date.parse(`${local}Z`);
  // Two passes: the offset at the guessed instant, then at the corrected one (DST edges).
  let offsetMs = 0;
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(fmt.formatToParts(new Date(asUtc - offsetMs)).map((p) => [p.type, p.value]));
    const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
    offsetMs = wall - (asUtc - offsetMs);
  }
  const minutes = Math.round(offsetMs / 60000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2024-01-15T10:30:00+02:00" for presentation in the API. */
export function withZoneOffset(local: string | null, timezone: string): string | null {
  return local === null ? null : `${local}${zoneOffset(local, timezone)}`;
}
