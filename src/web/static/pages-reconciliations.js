// @ts-check
// Звірка з 1С / Reconciliation: the runs of `onec-sync reconcile` (the store compared with 1C's
// standard OData interface), each run's counts per kind and the first objects that differ, as
// links to the objects' pages where the object is stored.
import { kindWord, loadKinds } from './declared-kinds.js';
import { t } from './i18n.js';
import { api, el, field, filterForm, go, hashParams, instant, message, number, qs, table } from './ui.js';
import { RECONCILE_DIFFERENCES as DIFFERENCES } from './vocabulary.js';

/** @typedef {import('./api-types.js').Reconciliation} Reconciliation */
/** @typedef {import('./api-types.js').ReconciliationDetail} ReconciliationDetail */
/** @typedef {import('./api-types.js').ReconciledKind} ReconciledKind */

/** @param {string} status */
function runBadge(status) {
  const cls = /** @type {Record<string, string | undefined>} */ ({ ok: 'ok', failed: 'bad', running: 'warn' })[status] ?? '';
  return el('span', { class: `badge ${cls}`, 'data-status': status }, t(`recon.status.${status}`));
}

/** @param {ReconciledKind} k */
const driftOf = (k) => DIFFERENCES.reduce((sum, d) => sum + k.counts[d], 0);

const MODE_WORDS = { report: 'recon.check', repair: 'recon.repair', load: 'recon.load' };

/** "перевірка", "з виправленням" or "завантаження", and the window when it had one. */
/** @param {Reconciliation} r */
function mode(r) {
  return [t(MODE_WORDS[r.mode]), r.report.since ? ` ${t('recon.since')} ${r.report.since}` : ''].join('');
}

/** One kind's differences in a line: "Реалізації: відсутні 1 · зайві 1"; "—" when there are none. */
/** @param {ReconciledKind} k */
function countsLine(k) {
  const parts = DIFFERENCES.filter((d) => k.counts[d] > 0).map((d) => `${t(`recon.diff.${d}`)} ${number(k.counts[d])}`);
  return el(
    'div',
    { 'data-kind': k.kind },
    el('strong', {}, kindWord(k.kind)),
    ': ',
    parts.length ? parts.join(' · ') : t('recon.none'),
    k.complete ? null : el('span', { class: 'badge warn' }, t('recon.incomplete')),
  );
}

export async function reconciliationListPage() {
  const p = hashParams();
  await loadKinds();
  /** @type {{ items: Reconciliation[] }} */
  const data = await api(`/api/v1/reconciliations${qs({ source: p.source, limit: 100 })}`);
  const path = '/reconciliations';
  const form = filterForm(
    path,
    {},
    field(t('recon.source'), el('input', { type: 'search', name: 'source', value: p.source ?? '', size: 20 })),
    el('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
    el('button', { type: 'button', onclick: () => go(path) }, t('filter.reset')),
  );
  /** @param {Reconciliation} r */
  const href = (r) => `#/reconciliation/${encodeURIComponent(r.id)}`;
  return {
    title: t('nav.reconciliations'),
    node: el(
      'div',
      {},
      el('p', { class: 'muted' }, t('recon.intro')),
      form,
      table(
        [
          { label: t('recon.started'), cell: (r) => el('a', { href: href(r), 'data-testid': 'run-link' }, instant(r.startedAt)), class: 'nowrap' },
          { label: t('recon.source'), cell: (r) => el('span', { class: 'mono' }, r.sourceId) },
          { label: t('recon.mode'), cell: mode },
          { label: t('recon.finished'), cell: (r) => instant(r.finishedAt), class: 'nowrap' },
          { label: t('recon.status'), cell: (r) => [runBadge(r.status), r.error ? el('div', { class: 'muted', 'data-testid': 'run-error' }, r.error) : null] },
          { label: t('recon.differences'), cell: (r) => (r.report.kinds.length ? r.report.kinds.map(countsLine) : '—') },
        ],
        data.items,
        { testid: 'runs', empty: t('recon.noRuns'), onRow: (r) => go(`/reconciliation/${encodeURIComponent(r.id)}`) },
      ),
    ),
  };
}

/**
 * Where a stored object's page is: a declared kind's object page, or the classic invoice and
 * client pages.
 * @param {{ kind: string, store: string, id: string }} o
 */
function objectHref(o) {
  if (o.store === 'clients') return `#/client/${encodeURIComponent(o.id)}`;
  if (o.store === 'invoices') return `#/invoice/${encodeURIComponent(o.id)}`;
  return `#/object/${encodeURIComponent(o.kind)}/${encodeURIComponent(o.id)}`;
}

/** @param {string} id */
export async function reconciliationPage(id) {
  await loadKinds();
  /** @type {ReconciliationDetail} */
  const r = await api(`/api/v1/reconciliations/${encodeURIComponent(id)}`);
  const stored = new Map(r.objects.map((o) => [`${o.kind}\u0000${o.uuid}`, o]));
  /** @type {[string, import('./ui.js').Child][]} */
  const pairs = [
    [t('recon.source'), r.sourceId],
    [t('recon.mode'), mode(r)],
    [t('recon.started'), instant(r.startedAt)],
    [t('recon.finished'), instant(r.finishedAt)],
    [t('recon.status'), runBadge(r.status)],
    [t('recon.requests'), r.report.requests === undefined ? '—' : number(r.report.requests)],
  ];
  /** A count to look at stands out. */
  /** @param {number} n */
  const cell = (n) => (n > 0 ? el('strong', {}, number(n)) : number(n));
  return {
    title: `${t('nav.reconciliations')}: ${instant(r.startedAt)}`,
    node: el(
      'div',
      {},
      el('p', {}, el('a', { href: '#/reconciliations' }, `← ${t('nav.reconciliations')}`)),
      r.error ? el('div', { 'data-testid': 'run-error' }, message('error', `${t('recon.failed')}: ${r.error}`)) : null,
      el(
        'div',
        { class: 'panel' },
        el(
          'dl',
          { class: 'fields', 'data-testid': 'run-fields' },
          pairs.map(([key, v]) => [el('dt', {}, key), el('dd', {}, v)]),
        ),
      ),
      el('h2', {}, t('recon.byKind')),
      table(
        [
          { label: t('recon.kind'), cell: (k) => [kindWord(k.kind), k.complete ? null : [' ', el('span', { class: 'badge warn' }, t('recon.incomplete'))]] },
          { label: t('recon.inOneC'), cell: (k) => number(k.inOneC), class: 'num' },
          { label: t('recon.inStore'), cell: (k) => number(k.inStore), class: 'num' },
          ...DIFFERENCES.map((d) => ({ label: t(`recon.diff.${d}`), cell: (/** @type {ReconciledKind} */ k) => cell(k.counts[d]), class: 'num' })),
          { label: t('recon.versionOnly'), cell: (k) => number(k.versionOnly), class: 'num' },
          { label: t('recon.withoutGuid'), cell: (k) => number(k.withoutGuid), class: 'num' },
          ...(r.repair
            ? [{ label: t('recon.repaired'), cell: (/** @type {ReconciledKind} */ k) => `${number(k.repaired)} / ${number(k.skippedNewer)}`, class: 'num' }]
            : []),
        ],
        r.report.kinds,
        { testid: 'run-kinds' },
      ),
      r.repair ? el('p', { class: 'muted' }, t('recon.repairedHint')) : null,
      r.report.kinds
        .filter((k) => k.samples.length > 0)
        .map((k) => [
          el('h2', {}, `${kindWord(k.kind)}: ${t('recon.samples')} (${number(k.samples.length)} ${t('recon.of')} ${number(driftOf(k))})`),
          table(
            [
              { label: t('recon.difference'), cell: (s) => el('span', { class: 'badge warn' }, t(`recon.diff.${s.difference}`)), class: 'nowrap' },
              {
                label: t('recon.object'),
                cell: (s) => {
                  const found = s.uuid ? stored.get(`${k.kind}\u0000${s.uuid}`) : undefined;
                  if (found) return el('a', { href: objectHref(found), class: 'mono', 'data-testid': 'sample-link' }, s.uuid);
                  return el('span', { class: 'mono', title: s.difference === 'missing' ? t('recon.notStored') : undefined }, s.uuid ?? '—');
                },
              },
              { label: t('recon.detail'), cell: (s) => s.detail ?? '' },
            ],
            k.samples,
            { testid: `samples-${k.kind}` },
          ),
        ]),
    ),
  };
}
