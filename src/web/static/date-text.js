// @ts-check
// Dates typed as accountants write them: parseDateText reads a filter field, formatDateText writes one.
// <input type=date> shows the browser's locale, not the page's: an en-US Chromium asks for
// mm/dd/yyyy however the page is labelled. The filters are text fields in the dashboard's
// own format, dd.mm.yyyy [HH:mm], as 1C and every table here show dates; the URL and the API
// get ISO dates.
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2}))?$/;
const DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
export const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
const pad = (/** @type {string | number} */ n) => String(n).padStart(2, '0');

/**
 * "31.12.2026", "31.12.26", "31122026", "2026-12-31" (and with " 23:59" when `withTime`) →
 * "2026-12-31" or "2026-12-31T23:59"; "" for an empty field; null for anything else,
 * an impossible day (31.02) included.
 */
/**
 * @param {unknown} text
 * @param {boolean} [withTime]
 * @returns {string | null}
 */
export function parseDateText(text, withTime = false) {
  const s = String(text ?? '').trim();
  if (s === '') return '';
  const dayFirst = DAY_FIRST.exec(s) ?? DIGITS.exec(s);
  const iso = dayFirst ? null : ISO.exec(s);
  /** @type {string | undefined} */ let day;
  /** @type {string | undefined} */ let month;
  /** @type {string | undefined} */ let year;
  /** @type {string | undefined} */ let hour;
  /** @type {string | undefined} */ let minute;
  if (dayFirst) [, day, month, year, hour, minute] = dayFirst;
  else if (iso) [, year, month, day, hour, minute] = iso;
  else return null;
  if (year === undefined) return null;
  if (year.length === 2) year = `20${year}`;
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || y < 1000) return null;
  const date = `${year}-${pad(mo)}-${pad(d)}`;
  if (hour === undefined) return date;
  if (!withTime || Number(hour) > 23 || Number(minute) > 59) return null;
  return `${date}T${pad(hour)}:${minute}`;
}

/** "2026-12-31" → "31.12.2026"; "2026-12-31T23:59" → "31.12.2026 23:59". */
/** @param {string | null | undefined} iso */
export function formatDateText(iso) {
  const m = ISO.exec(iso ?? '');
  if (!m) return iso ?? '';
  return `${m[3]}.${m[2]}.${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}
