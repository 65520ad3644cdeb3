// @ts-check
// Shared widgets of the dashboard (tables, messages, pager, exports, routing). The helpers they are
// built from live in dom.js, api-client.js, format.js, date-text.js and form-fields.js; they are
// re-exported here so a page imports from one place.
import { ApiError, qs, session } from './api-client.js';
import { el } from './dom.js';
import { formValues } from './form-fields.js';
import { number } from './format.js';
import { getLang, t } from './i18n.js';

export * from './api-client.js';
export * from './date-text.js';
export * from './dom.js';
export * from './form-fields.js';
export * from './format.js';

/** @typedef {import('./dom.js').Child} Child */

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

/**
 * A list's filter form: submitting it goes to `path` with the fields' values, so the filters
 * live in the hash and a filtered list is a link.
 * @param {string} path
 * @param {Record<string, string>} attributes more attributes of the form (a data-testid)
 * @param {...import('./dom.js').Child} fields
 */
export function filterForm(path, attributes, ...fields) {
  const form = el(
    'form',
    {
      class: 'filters',
      ...attributes,
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        go(path, formValues(/** @type {HTMLFormElement} */ (form)));
      },
    },
    ...fields,
  );
  return form;
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
