// @ts-check
// Журнал / Event journal: every webhook request, its raw body, and replays of the rejected.
import { allEndpoints, endpointWord, kindOfEndpoint } from './declared-kinds.js';
import { getLang, t } from './i18n.js';
/** @typedef {import('./api-types.js').EventSummary} EventSummary */
/** @typedef {import('./api-types.js').EventDetail} EventDetail */
import {
  api,
  dateInput,
  el,
  errorText,
  field,
  filterForm,
  go,
  hashParams,
  instant,
  message,
  pager,
  prettyJson,
  qs,
  session,
  statusBadge,
  table,
  zonedInstant,
} from './ui.js';

import { ENDPOINT_NAMES as ENDPOINTS, EVENT_STATUSES as STATUSES } from './vocabulary.js';

/** @param {EventSummary} e */
export function eventObjectLink(e) {
  if (!e.objectId) return '—';
  const declared = e.objectType === 'object' ? kindOfEndpoint(e.endpoint) : undefined;
  const href =
    e.objectType === 'client'
      ? `#/client/${encodeURIComponent(e.objectId)}`
      : e.objectType === 'invoice'
        ? `#/invoice/${encodeURIComponent(e.objectId)}`
        : declared
          ? `#/object/${encodeURIComponent(declared.kind)}/${encodeURIComponent(e.objectId)}`
          : null;
  const text = `${declared ? (getLang() === 'en' ? declared.label.en : declared.label.uk) : t(`objectType.${e.objectType}`)}${e.objectVersion ? ` · v${e.objectVersion}` : ''}`;
  return href ? el('a', { href }, text) : text;
}

/** @param {string} id @param {HTMLElement} out */
async function replayOne(id, out) {
  out.replaceChildren(message('info', t('replay.running')));
  try {
    /** @type {import('./api-types.js').ReplayResult} */
    const r = await api(`/api/v1/events/${encodeURIComponent(id)}/replay`, { method: 'POST', body: {} });
    const ok = r.httpStatus < 300;
    // The API's schema leaves the body open: it is the webhook's own answer, a result or an error.
    const body = /** @type {{ result?: string, error?: { code: string, message: string } } | null} */ (r.body);
    out.replaceChildren(
      el(
        'div',
        { class: `msg ${ok ? 'ok' : 'error'}`, 'data-testid': 'replay-result' },
        `${ok ? t('replay.ok') : t('replay.failed')} (HTTP ${r.httpStatus}${body?.result ? `, ${t(`result.${body.result}`)}` : ''}${body?.error ? `, ${body.error.code}: ${body.error.message}` : ''}) `,
        r.eventId ? el('a', { href: `#/event/${encodeURIComponent(r.eventId)}` }, t('replay.newEvent')) : null,
      ),
    );
  } catch (error) {
    out.replaceChildren(message('error', errorText(error)));
  }
}

/** @param {EventSummary} e @param {HTMLElement} out */
function replayButton(e, out) {
  if (e.status !== 'rejected') return null;
  return el(
    'button',
    {
      type: 'button',
      class: 'danger',
      'data-testid': 'replay',
      disabled: !session.admin,
      title: session.admin ? undefined : t('error.needAdmin'),
      onclick: () => replayOne(e.id, out),
    },
    t('replay.one'),
  );
}

/**
 * @param {EventSummary[]} items
 * @param {{ replayOut?: HTMLElement }} [options]
 */
export function eventsTable(items, { replayOut } = {}) {
  return table(
    /** @type {import('./ui.js').Column<EventSummary>[]} */ ([
      { label: t('event.time'), cell: (e) => el('a', { href: `#/event/${encodeURIComponent(e.id)}` }, instant(e.receivedAt)), class: 'nowrap' },
      { label: t('event.status'), cell: (e) => statusBadge(e.status) },
      { label: t('event.source'), cell: (e) => e.sourceId ?? '—' },
      { label: t('event.endpoint'), cell: (e) => endpointWord(e.endpoint) },
      { label: t('event.action'), cell: (e) => e.action ?? '—' },
      {
        label: t('event.outcome'),
        cell: (e) => (e.error ? `${e.error.code}${e.error.message ? `: ${e.error.message}` : ''}` : e.result ? t(`result.${e.result}`) : '—'),
      },
      { label: t('event.object'), cell: eventObjectLink },
      { label: 'HTTP', cell: (e) => String(e.httpStatus), class: 'num' },
      ...(replayOut ? [{ label: '', cell: (/** @type {EventSummary} */ e) => replayButton(e, replayOut) }] : []),
    ]),
    items,
    { testid: 'event-list', onRow: (e) => go(`/event/${encodeURIComponent(e.id)}`) },
  );
}

export async function eventListPage() {
  const path = '/events';
  const p = hashParams();
  // "until" is a wall time in the 1C zone, as the journal shows times; the API takes an instant.
  const receivedBefore = p.until ? zonedInstant(p.until) : undefined;
  /** @type {[import('./api-types.js').EventPage, import('./api-types.js').SourceList]} */
  const [data, sources] = await Promise.all([
    api(`/api/v1/events${qs({ status: p.status, endpoint: p.endpoint, source: p.source, cursor: p.cursor, receivedBefore, limit: 50 })}`),
    api('/api/v1/sources'),
  ]);
  const out = el('div', { 'data-testid': 'replay-out' });
  const form = filterForm(
    path,
    {},
    field(
      t('event.status'),
      el(
        'select',
        { name: 'status', 'data-testid': 'filter-status' },
        el('option', { value: '' }, t('filter.any')),
        STATUSES.map((s) => el('option', { value: s, selected: p.status === s }, t(`status.${s}`))),
      ),
    ),
    field(
      t('event.source'),
      el(
        'select',
        { name: 'source' },
        el('option', { value: '' }, t('filter.any')),
        sources.items.map((s) => el('option', { value: s.id, selected: p.source === s.id }, s.name)),
      ),
    ),
    field(
      t('event.endpoint'),
      el(
        'select',
        { name: 'endpoint' },
        el('option', { value: '' }, t('filter.any')),
        allEndpoints(ENDPOINTS).map((s) => el('option', { value: s, selected: p.endpoint === s }, endpointWord(s))),
      ),
    ),
    field(t('filter.until'), dateInput('until', p.until, { time: true })),
    el('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
    el('button', { type: 'button', onclick: () => go(path) }, t('filter.reset')),
  );
  const bulk = el(
    'button',
    {
      type: 'button',
      class: 'danger',
      'data-testid': 'replay-all',
      disabled: !session.admin,
      title: session.admin ? undefined : t('error.needAdmin'),
      onclick: async () => {
        if (!confirm(t('replay.confirmAll'))) return;
        out.replaceChildren(message('info', t('replay.running')));
        try {
          /** @type {{ items: import('./api-types.js').ReplayResult[] }} */
          const r = await api('/api/v1/events/replay', { method: 'POST', body: { endpoint: p.endpoint, source: p.source, limit: 100 } });
          const ok = r.items.filter((i) => i.httpStatus < 300).length;
          out.replaceChildren(
            message(ok === r.items.length ? 'ok' : 'error', t('replay.summary').replace('{ok}', String(ok)).replace('{all}', String(r.items.length))),
          );
        } catch (error) {
          out.replaceChildren(message('error', errorText(error)));
        }
      },
    },
    t('replay.all'),
  );
  return {
    title: t('nav.events'),
    node: el(
      'div',
      {},
      form,
      el('div', { class: 'row below' }, bulk, el('span', { class: 'muted' }, t('replay.allHint'))),
      out,
      eventsTable(data.items, { replayOut: out }),
      pager(p, data.nextCursor, path),
    ),
  };
}

/** Every byte of a large body, fetched with the session's key and saved as a file. */
/** @param {EventDetail} e */
async function downloadBody(e) {
  if (!e.bodyUrl) return;
  const res = await fetch(e.bodyUrl, { headers: { authorization: `Bearer ${session.key}` } });
  if (!res.ok) return;
  const a = el('a', { href: URL.createObjectURL(await res.blob()), download: `event-${e.id}.json` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** @param {string} id */
export async function eventPage(id) {
  /** @type {EventDetail} */
  const e = await api(`/api/v1/events/${encodeURIComponent(id)}`);
  const out = el('div');
  let body = e.body;
  if (body !== null) {
    try {
      JSON.parse(body);
      body = prettyJson(body);
    } catch {
      /* not JSON: shown as received */
    }
  }
  /** @type {[string, import('./ui.js').Child][]} */
  const pairs = [
    [t('event.time'), instant(e.receivedAt)],
    [t('event.status'), statusBadge(e.status)],
    [t('event.source'), e.sourceId],
    [t('event.endpoint'), endpointWord(e.endpoint)],
    [t('event.action'), e.action],
    [t('event.result'), e.result ? t(`result.${e.result}`) : null],
    ['HTTP', String(e.httpStatus)],
    [t('event.error'), e.error ? `${e.error.code}${e.error.message ? `: ${e.error.message}` : ''}${e.error.path ? ` (${e.error.path})` : ''}` : null],
    [t('event.object'), eventObjectLink(e)],
    ['webhook-id', e.webhookId],
    [t('event.size'), `${e.bodySize} B${e.bodyHasBom ? ' · BOM' : ''}`],
    [t('event.remote'), e.remoteAddr],
    [t('event.replayOf'), e.replayOf ? el('a', { href: `#/event/${encodeURIComponent(e.replayOf)}` }, e.replayOf) : null],
    ['ID', e.id],
    [t('event.requestId'), e.requestId],
  ];
  return {
    title: `${t('event.title')} ${instant(e.receivedAt)}`,
    node: el(
      'div',
      {},
      el('p', {}, el('a', { href: '#/events' }, `← ${t('nav.events')}`)),
      e.status === 'rejected' ? el('div', { class: 'row below' }, replayButton(e, out), el('span', { class: 'muted' }, t('replay.hint'))) : null,
      out,
      el(
        'div',
        { class: 'panel' },
        el(
          'dl',
          { class: 'fields' },
          pairs.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]),
        ),
      ),
      el('h2', {}, t('event.headers')),
      el(
        'pre',
        { class: 'body' },
        Object.entries(e.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n') || '—',
      ),
      el('h2', {}, t('event.body')),
      e.bodyTruncated
        ? message(
            'info',
            `${t('event.truncated')
              .replace('{shown}', String(e.bodyBase64 ? atob(e.bodyBase64).length : 0))
              .replace('{size}', String(e.bodySize))}${e.bodySha256 ? ` SHA-256: ${e.bodySha256}` : ''}`,
          )
        : null,
      e.bodyTruncated && e.bodyUrl
        ? el('button', { type: 'button', 'data-testid': 'event-download', onclick: () => downloadBody(e) }, t('event.download'))
        : null,
      el(
        'pre',
        { class: 'body', 'data-testid': 'event-body' },
        body ?? (e.bodyStored === 'pruned' ? `${t('event.pruned')} (${instant(e.bodyPrunedAt)})` : t('event.noBody')),
      ),
    ),
  };
}

/** Version history with what changed between versions (shared by invoices and clients). */
/** @param {import('./api-types.js').Version[]} versions */
export function versionsSection(versions) {
  const show = (/** @type {unknown} */ v) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return el(
    'div',
    {},
    el('h2', {}, `${t('version.history')} (${versions.length})`),
    table(
      [
        { label: t('version.n'), cell: (v) => `v${v.version}`, class: 'nowrap' },
        { label: t('version.at'), cell: (v) => el('a', { href: `#/event/${encodeURIComponent(v.eventId)}` }, instant(v.createdAt)), class: 'nowrap' },
        {
          label: t('version.changes'),
          cell: (v) =>
            v.version === 1
              ? t('version.created')
              : v.changes.length === 0
                ? v.deleted
                  ? t('invoice.deleted')
                  : '—'
                : el(
                    'ul',
                    { class: 'changes' },
                    v.changes
                      .slice(0, 30)
                      .map((c) =>
                        el(
                          'li',
                          {},
                          el('span', { class: 'mono' }, c.field),
                          ': ',
                          el('span', { class: 'from' }, show(c.from)),
                          ' → ',
                          el('span', { class: 'to' }, show(c.to)),
                        ),
                      ),
                    v.changes.length > 30 ? el('li', {}, `… +${v.changes.length - 30}`) : null,
                  ),
        },
        { label: '', cell: (v) => (v.deleted ? el('span', { class: 'badge bad' }, t('invoice.deleted')) : '') },
      ],
      [...versions].reverse(),
      { testid: 'versions' },
    ),
  );
}
