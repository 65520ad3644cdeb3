// @ts-check
// Formatting for the dashboard: always uk-UA numbers, as the accountants read them; dates as 1C shows them.
import { ISO } from './date-text.js';

/** @type {Map<string, Intl.NumberFormat>} */
const moneyFormats = new Map();
/**
 * @param {string | number | null | undefined} amount
 * @param {string | null | undefined} currency
 */
export function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '—';
  const code = currency || 'UAH';
  let fmt = moneyFormats.get(code);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat('uk-UA', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' });
    } catch {
      fmt = new Intl.NumberFormat('uk-UA', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(code, fmt);
  }
  return fmt.format(Number(amount));
}

const numberFormat = new Intl.NumberFormat('uk-UA', { maximumFractionDigits: 6 });
/** @param {string | number | null | undefined} value */
export function number(value) {
  if (value === null || value === undefined || value === '') return '—';
  return numberFormat.format(Number(value));
}

/** A 1C local wall time "2024-01-15T10:30:00" as "15.01.2024 10:30" (no zone arithmetic: it is what 1C shows). */
/**
 * @param {string | null | undefined} local
 * @param {boolean} [withTime]
 */
export function localDate(local, withTime = true) {
  if (!local) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(local);
  if (!m) return local;
  const day = `${m[3]}.${m[2]}.${m[1]}`;
  return withTime && m[4] ? `${day} ${m[4]}:${m[5]}` : day;
}

/** @type {string | undefined} */
let zone;
/** @param {string} timezone */
export function setZone(timezone) {
  zone = timezone;
}
/** @type {Map<string, Intl.DateTimeFormat>} */
const instantFormats = new Map();
/**
 * An instant (ISO UTC) as "15.01.2024 10:30" in the 1C zone.
 * @param {string | null | undefined} iso
 */
export function instant(iso) {
  if (!iso) return '—';
  const key = zone ?? '';
  let fmt = instantFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('uk-UA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    instantFormats.set(key, fmt);
  }
  return fmt.format(new Date(iso)).replace(',', '');
}

/**
 * Pretty JSON from the raw text without parsing numbers: re-indenting token by token keeps
 * 1C's digits exactly (numbers wider than a double) and its Cyrillic as written.
 */
/** @param {string} text */
export function prettyJson(text) {
  let out = '';
  let depth = 0;
  let inString = false;
  const pad = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[++i] ?? '';
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      // Empty containers stay on one line.
      let j = i + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      if (text[j] === (ch === '{' ? '}' : ']')) {
        out += ch + text[j];
        i = j;
        continue;
      }
      depth++;
      out += ch + pad();
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += pad() + ch;
    } else if (ch === ',') out += `,${pad()}`;
    else if (ch === ':') out += ': ';
    else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** A local wall time of the 1C zone ("2026-12-31T23:59") as an instant (ISO UTC), as the journal's filters take it. */
/** @param {string | null | undefined} local */
export function zonedInstant(local) {
  const m = ISO.exec(local ?? '');
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0));
  if (!zone) return new Date(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0)).toISOString();
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  // Two passes: the zone's offset at the guessed instant, then at the corrected one (DST edges).
  let offset = 0;
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(asUtc - offset)).map((x) => [x.type, x.value]));
    offset = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - (asUtc - offset);
  }
  return new Date(asUtc - offset).toISOString();
}
