// @ts-check
// Shared helpers of the dashboard: DOM building (text only), the API client, formatting.
// Everything that came from 1C goes into the page as a text node, never as HTML.
import { getLang, t } from './i18n.js';

/** @typedef {Node | string | number | boolean | null | undefined} Leaf */
/** @typedef {Leaf | Leaf[] | (Leaf | Leaf[])[]} Child What `el` appends: nested lists are flattened, empty values skipped. */
/** @typedef {Record<string, any>} Attrs `on…` are listeners, `dataset` an object, `value`/`checked` properties, the rest attributes. */

/**
 * el('td', {class: 'num'}, 'text', otherNode): strings become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'value') /** @type {HTMLInputElement} */ (node).value = value;
    else if (key === 'checked') /** @type {HTMLInputElement} */ (node).checked = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * @param {Element} node
 * @param {Child[]} children
 */
function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {...(Node | string | number)} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// ---- session ----------------------------------------------------------------------------
const KEY = 'onec-sync.apiKey';
const SCOPE = 'onec-sync.scope';
export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  get admin() {
    return sessionStorage.getItem(SCOPE) === 'admin';
  },
  /** @param {string} key @param {string} scope */
  set(key, scope) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(SCOPE, scope);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(SCOPE);
  },
};

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ error?: { code?: string, message?: string } } | null} body
   */
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.body = body;
  }
}

/**
 * The JSON API with the logged-in key; a 401 ends the session. The answer is what the route's
 * schema says (api-types.js): callers declare the type they read.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, key?: string | null }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, { method = 'GET', body, key = session.key } = {}) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: { message: text } };
  }
  if (!res.ok) {
    if (res.status === 401 && key === session.key) {
      session.clear();
      location.hash = '#/login';
    }
    throw new ApiError(res.status, json);
  }
  return json;
}

/**
 * "?a=1&b=2" from an object, skipping empty values.
 * @param {Record<string, unknown>} params
 */
export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}

// ---- formatting (always uk-UA numbers, as the accountants read them) --------------------
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

/** @param {string} status */
export function statusBadge(status) {
  const cls =
    /** @type {Record<string, string | undefined>} */ ({
      applied: 'ok',
      unchanged: 'muted',
      duplicate: 'muted',
      stale: 'warn',
      rejected: 'bad',
      active: 'ok',
      disabled: 'bad',
    })[status] ?? '';
  return el('span', { class: `badge ${cls}`, 'data-status': status }, t(`status.${status}`));
}

/** @param {unknown} value */
export function yesNo(value) {
  return value ? t('yes') : t('no');
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

/**
 * @template Row
 * @typedef {{ label: string, cell: (row: Row) => Child, class?: string }} Column
 */

/**
 * A table: columns [{label, cell(row) → node|string, class}], rows, optional onclick per row.
 * @template Row
 * @param {Column<Row>[]} columns
 * @param {Row[]} rows
 * @param {{ onRow?: (row: Row) => void, empty?: string, foot?: Node, testid?: string }} [options]
 */
export function table(columns, rows, { onRow, empty, foot, testid } = {}) {
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      columns.map((c) => el('th', { class: c.class }, c.label)),
    ),
  );
  const body = el(
    'tbody',
    {},
    rows.length === 0
      ? el('tr', {}, el('td', { class: 'empty', colspan: columns.length }, empty ?? t('empty')))
      : rows.map((row) =>
          el(
            'tr',
            {
              class: onRow ? 'clickable' : undefined,
              onclick: onRow
                ? (/** @type {MouseEvent} */ e) => {
                    if (!(/** @type {Element} */ (e.target).closest('a,button'))) onRow(row);
                  }
                : undefined,
            },
            columns.map((c) => el('td', { class: c.class }, c.cell(row))),
          ),
        ),
  );
  return el('div', { class: 'table-wrap' }, el('table', { 'data-testid': testid }, head, body, foot ?? null));
}

/**
 * @param {'info' | 'ok' | 'error'} kind
 * @param {Child} text
 */
export function message(kind, text) {
  return el('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A search that matched more rows than the server sorts for a page: say so, ask to refine. */
/** @param {{ truncated?: boolean, matchLimit?: number }} data */
export function truncatedNote(data) {
  if (!data.truncated) return null;
  const note = message('info', t('search.truncated').replaceAll('{n}', number(data.matchLimit)));
  note.dataset.testid = 'search-truncated';
  return note;
}

/** @param {unknown} error */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('error.forbidden');
    return `${error.code ?? error.status}: ${error.message}`;
  }
  return String(error instanceof Error ? error.message : error);
}

/**
 * Hash routes carry their filters: "#/events?status=rejected".
 * @returns {Record<string, string | undefined>}
 */
export function hashParams() {
  const q = location.hash.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(q));
}
/**
 * @param {string} path
 * @param {Record<string, unknown>} [params]
 */
export function go(path, params = {}) {
  location.hash = `#${path}${qs(params)}`;
}

/** Form fields → object of non-empty values (checkboxes as "true", typed dates as ISO). */
/**
 * @param {HTMLFormElement} form
 * @returns {Record<string, string>}
 */
export function formValues(form) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const element of form.elements) {
    const field = /** @type {HTMLInputElement} */ (element);
    if (!field.name) continue;
    if (field.type === 'checkbox') {
      if (field.checked) out[field.name] = 'true';
    } else if (field.dataset.date) {
      const iso = parseDateText(field.value, field.dataset.date === 'datetime');
      if (iso) out[field.name] = iso;
    } else if (field.value !== '') out[field.name] = field.value;
  }
  return out;
}

// ---- dates typed as accountants write them ----------------------------------------------
// <input type=date> shows the browser's locale, not the page's: an en-US Chromium asks for
// mm/dd/yyyy however the page is labelled. The filters are text fields in the dashboard's
// own format, dd.mm.yyyy [HH:mm], as 1C and every table here show dates; the URL and the API
// get ISO dates.
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2}))?$/;
const DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
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

/** A date (or date and time) filter: a text field in dd.mm.yyyy, refused by the form until it reads. */
/**
 * @param {string} name
 * @param {string | null | undefined} iso
 * @param {{ time?: boolean }} [options]
 */
export function dateInput(name, iso, { time = false } = {}) {
  const input = el('input', {
    type: 'text',
    name,
    value: formatDateText(iso),
    inputmode: 'numeric',
    autocomplete: 'off',
    size: time ? 16 : 10,
    placeholder: t(time ? 'date.formatTime' : 'date.format'),
    title: t(time ? 'date.hintTime' : 'date.hint'),
    'data-date': time ? 'datetime' : 'date',
    'data-testid': `date-${name}`,
  });
  const check = () => {
    const iso = parseDateText(input.value, time);
    input.setCustomValidity(iso === null ? t(time ? 'date.hintTime' : 'date.hint') : '');
    return iso;
  };
  input.addEventListener('input', check);
  input.addEventListener('change', () => {
    const iso = check();
    if (iso) input.value = formatDateText(iso);
  });
  check();
  return input;
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

// ---- exports ----------------------------------------------------------------------------
/**
 * CSV and XLSX of the list as filtered now. The API needs the key in the Authorization header,
 * which a plain link cannot send (and a key in the URL would end up in history and logs):
 * the file is fetched with the key, then handed to the browser as a Blob download.
 */
/**
 * @param {string} path
 * @param {Record<string, unknown>} params
 */
export function exportButtons(path, params) {
  const status = el('div', { class: 'muted', 'data-testid': 'export-status', role: 'status' });
  /** @param {string} format @param {HTMLButtonElement} button */
  const run = async (format, button) => {
    button.disabled = true;
    status.replaceChildren(t('export.running'));
    try {
      const res = await fetch(`${path}${qs({ ...params, cursor: undefined, format, lang: getLang() })}`, {
        headers: { authorization: `Bearer ${session.key}` },
      });
      if (!res.ok) {
        let body = null;
        try {
          body = await res.json();
        } catch {
          /* not JSON */
        }
        throw new ApiError(res.status, body);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
      const url = URL.createObjectURL(await res.blob());
      const a = el('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.replaceChildren();
    } catch (error) {
      status.replaceChildren(message('error', errorText(error)));
    } finally {
      button.disabled = false;
    }
  };
  /** @param {string} format @param {string} label */
  const button = (format, label) => {
    const b = el('button', { type: 'button', 'data-testid': `export-${format}`, onclick: () => run(format, b) }, label);
    return b;
  };
  return el(
    'div',
    { class: 'row below exports' },
    el('span', { class: 'muted' }, t('export.label')),
    button('csv', 'CSV'),
    button('xlsx', 'Excel (XLSX)'),
    status,
  );
}

/** @param {string} label @param {Child} input */
export function field(label, input) {
  return el('label', {}, label, input);
}
/** @param {string} label @param {string} name @param {boolean} checked */
export function check(label, name, checked) {
  return el('label', { class: 'check' }, el('input', { type: 'checkbox', name, checked }), label);
}

/** A "next page" pager for keyset cursors: forward only, plus back to the first page. */
/**
 * @param {Record<string, unknown>} params
 * @param {string | null | undefined} nextCursor
 * @param {string} path
 */
export function pager(params, nextCursor, path) {
  return el(
    'div',
    { class: 'pager' },
    params.cursor ? el('button', { type: 'button', onclick: () => go(path, { ...params, cursor: undefined }) }, t('page.first')) : null,
    nextCursor
      ? el('button', { type: 'button', 'data-testid': 'next-page', onclick: () => go(path, { ...params, cursor: nextCursor }) }, t('page.next'))
      : null,
    !nextCursor && !params.cursor ? null : el('span', {}, nextCursor ? '' : t('page.last')),
  );
}

/** Offer text as a file download (Blob URL). */
/**
 * @param {string} name
 * @param {string} content
 * @param {string} [type]
 */
export function downloadLink(name, content, type = 'text/plain;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  return el('a', { href: url, download: name.split('/').pop() }, name);
}
