// Shared helpers of the dashboard: DOM building (text only), the API client, formatting.
// Everything that came from 1C goes into the page as a text node, never as HTML.
import { t } from './i18n.js';

/** el('td', {class: 'num'}, 'text', otherNode): strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'value') node.value = value;
    else if (key === 'checked') node.checked = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
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
  get key() { return sessionStorage.getItem(KEY); },
  get admin() { return sessionStorage.getItem(SCOPE) === 'admin'; },
  set(key, scope) { sessionStorage.setItem(KEY, key); sessionStorage.setItem(SCOPE, scope); },
  clear() { sessionStorage.removeItem(KEY); sessionStorage.removeItem(SCOPE); },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.body = body;
  }
}

/** The JSON API with the logged-in key; a 401 ends the session. */
export async function api(path, { method = 'GET', body, key = session.key } = {}) {
  const headers = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { error: { message: text } }; }
  if (!res.ok) {
    if (res.status === 401 && key === session.key) { session.clear(); location.hash = '#/login'; }
    throw new ApiError(res.status, json);
  }
  return json;
}

/** "?a=1&b=2" from an object, skipping empty values. */
export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}

// ---- formatting (always uk-UA numbers, as the accountants read them) --------------------
const moneyFormats = new Map();
export function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '—';
  const code = currency || 'UAH';
  let fmt = moneyFormats.get(code);
  if (!fmt) {
    try { fmt = new Intl.NumberFormat('uk-UA', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' }); }
    catch { fmt = new Intl.NumberFormat('uk-UA', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
    moneyFormats.set(code, fmt);
  }
  return fmt.format(Number(amount));
}

const numberFormat = new Intl.NumberFormat('uk-UA', { maximumFractionDigits: 6 });
export function number(value) {
  if (value === null || value === undefined || value === '') return '—';
  return numberFormat.format(Number(value));
}

/** A 1C local wall time "2024-01-15T10:30:00" as "15.01.2024 10:30" (no zone arithmetic: it is what 1C shows). */
export function localDate(local, withTime = true) {
  if (!local) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(local);
  if (!m) return local;
  const day = `${m[3]}.${m[2]}.${m[1]}`;
  return withTime && m[4] ? `${day} ${m[4]}:${m[5]}` : day;
}

let zone;
export function setZone(timezone) { zone = timezone; }
const instantFormats = new Map();
/** An instant (ISO UTC) as "15.01.2024 10:30" in the 1C zone. */
export function instant(iso) {
  if (!iso) return '—';
  const key = zone ?? '';
  let fmt = instantFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('uk-UA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    instantFormats.set(key, fmt);
  }
  return fmt.format(new Date(iso)).replace(',', '');
}

export function statusBadge(status) {
  const cls = { applied: 'ok', unchanged: 'muted', duplicate: 'muted', stale: 'warn', rejected: 'bad', active: 'ok', disabled: 'bad' }[status] ?? '';
  return el('span', { class: `badge ${cls}`, 'data-status': status }, t(`status.${status}`));
}

export function yesNo(value) { return value ? t('yes') : t('no'); }

/**
 * Pretty JSON from the raw text without parsing numbers: re-indenting token by token keeps
 * 1C's digits exactly (numbers wider than a double) and its Cyrillic as written.
 */
export function prettyJson(text) {
  let out = '';
  let depth = 0;
  let inString = false;
  const pad = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') { out += text[++i] ?? ''; } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') { inString = true; out += ch; }
    else if (ch === '{' || ch === '[') {
      // Empty containers stay on one line.
      let j = i + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      if (text[j] === (ch === '{' ? '}' : ']')) { out += ch + text[j]; i = j; continue; }
      depth++; out += ch + pad();
    } else if (ch === '}' || ch === ']') { depth--; out += pad() + ch; }
    else if (ch === ',') out += ',' + pad();
    else if (ch === ':') out += ': ';
    else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** A table: columns [{label, cell(row) → node|string, class}], rows, optional onclick per row. */
export function table(columns, rows, { onRow, empty, foot, testid } = {}) {
  const head = el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.class }, c.label))));
  const body = el('tbody', {}, rows.length === 0
    ? el('tr', {}, el('td', { class: 'empty', colspan: columns.length }, empty ?? t('empty')))
    : rows.map((row) => el('tr', { class: onRow ? 'clickable' : undefined, onclick: onRow ? (e) => { if (!e.target.closest('a,button')) onRow(row); } : undefined },
      columns.map((c) => el('td', { class: c.class }, c.cell(row))))));
  return el('div', { class: 'table-wrap' }, el('table', { 'data-testid': testid }, head, body, foot ?? null));
}

export function message(kind, text) { return el('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text); }

/** A search that matched more rows than the server sorts for a page: say so, ask to refine. */
export function truncatedNote(data) {
  if (!data.truncated) return null;
  const note = message('info', t('search.truncated').replaceAll('{n}', number(data.matchLimit)));
  note.dataset.testid = 'search-truncated';
  return note;
}

export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('error.forbidden');
    return `${error.code ?? error.status}: ${error.message}`;
  }
  return String(error?.message ?? error);
}

/** Hash routes carry their filters: "#/events?status=rejected". */
export function hashParams() {
  const q = location.hash.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(q));
}
export function go(path, params = {}) { location.hash = `#${path}${qs(params)}`; }

/** Form fields → object of non-empty values (checkboxes as "true"). */
export function formValues(form) {
  const out = {};
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === 'checkbox') { if (field.checked) out[field.name] = 'true'; }
    else if (field.value !== '') out[field.name] = field.value;
  }
  return out;
}

export function field(label, input) { return el('label', {}, label, input); }
export function check(label, name, checked) {
  return el('label', { class: 'check' }, el('input', { type: 'checkbox', name, checked }), label);
}

/** A "next page" pager for keyset cursors: forward only, plus back to the first page. */
export function pager(params, nextCursor, path) {
  return el('div', { class: 'pager' },
    params.cursor ? el('button', { type: 'button', onclick: () => go(path, { ...params, cursor: undefined }) }, t('page.first')) : null,
    nextCursor ? el('button', { type: 'button', 'data-testid': 'next-page', onclick: () => go(path, { ...params, cursor: nextCursor }) }, t('page.next')) : null,
    !nextCursor && !params.cursor ? null : el('span', {}, nextCursor ? '' : t('page.last')));
}

/** Offer text as a file download (Blob URL). */
export function downloadLink(name, content, type = 'text/plain;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  return el('a', { href: url, download: name.split('/').pop() }, name);
}
