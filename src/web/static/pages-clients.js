// @ts-check
// Контрагенти / Clients: the list and one client with its invoices (by ЄДРПОУ, and by code).
import { t } from './i18n.js';
import { eventsTable, versionsSection } from './pages-events.js';
import { invoiceColumns } from './pages-invoices.js';
/** @typedef {import('./api-types.js').Client} Client */
import { api, check, el, exportButtons, field, filterForm, go, hashParams, pager, qs, table, truncatedNote, yesNo } from './ui.js';

export async function clientListPage() {
  const path = '/clients';
  const p = hashParams();
  /** @type {import('./api-types.js').ClientPage} */
  const data = await api(`/api/v1/clients${qs({ ...p, limit: 50 })}`);
  const form = filterForm(
    path,
    {},
    field(t('filter.q'), el('input', { type: 'search', name: 'q', value: p.q ?? '', size: 28 })),
    field(t('invoice.edrpou'), el('input', { type: 'text', name: 'edrpou', value: p.edrpou ?? '', size: 10 })),
    field(t('client.code'), el('input', { type: 'text', name: 'code', value: p.code ?? '', size: 10 })),
    check(t('filter.deleted'), 'deleted', p.deleted === 'true'),
    el('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
    el('button', { type: 'button', onclick: () => go(path) }, t('filter.reset')),
  );
  return {
    title: t('nav.clients'),
    node: el(
      'div',
      {},
      form,
      exportButtons('/api/v1/clients/export', p),
      truncatedNote(data),
      table(
        [
          { label: t('client.name'), cell: (c) => el('a', { href: `#/client/${encodeURIComponent(c.id)}`, 'data-testid': 'client-link' }, c.name) },
          { label: t('client.code'), cell: (c) => c.code ?? '—', class: 'nowrap' },
          { label: t('invoice.edrpou'), cell: (c) => c.edrpou ?? '—', class: 'nowrap' },
          { label: t('client.taxId'), cell: (c) => c.taxId ?? '—', class: 'nowrap' },
          { label: t('client.phone'), cell: (c) => c.phone ?? '—', class: 'nowrap' },
          { label: t('client.email'), cell: (c) => c.email ?? '—' },
          {
            label: '',
            cell: (c) => [
              c.deleted ? el('span', { class: 'badge bad' }, t('invoice.deleted')) : null,
              c.warnings.length ? el('span', { class: 'badge warn', title: c.warnings.map((w) => w.message).join('\n') }, `⚠ ${c.warnings.length}`) : null,
            ],
          },
        ],
        data.items,
        { testid: 'client-list', onRow: (c) => go(`/client/${encodeURIComponent(c.id)}`) },
      ),
      pager(p, data.nextCursor, path),
    ),
  };
}

/** @param {string} id */
export async function clientPage(id) {
  /** @type {[Client, import('./api-types.js').VersionPage, import('./api-types.js').EventPage]} */
  const [c, versions, events] = await Promise.all([
    api(`/api/v1/clients/${encodeURIComponent(id)}`),
    api(`/api/v1/clients/${encodeURIComponent(id)}/versions`),
    api(`/api/v1/events${qs({ objectId: id, limit: 50 })}`),
  ]);
  // One page (≤ 50) of each: by ЄДРПОУ across both kinds, by client code for outgoing invoices.
  /** @type {import('./api-types.js').InvoicePage[]} */
  const [byEdrpou, byCode] = await Promise.all([
    c.edrpou ? api(`/api/v1/invoices${qs({ edrpou: c.edrpou, limit: 50 })}`) : { items: [], nextCursor: null },
    c.code ? api(`/api/v1/invoices${qs({ kind: 'outgoing', counterpartyCode: c.code, limit: 50 })}`) : { items: [], nextCursor: null },
  ]);
  /** @type {Set<string>} */
  const seen = new Set();
  const invoices = [...byEdrpou.items, ...byCode.items]
    .filter((i) => !seen.has(i.id) && seen.add(i.id))
    .sort((a, b) => (b.localDate ?? '').localeCompare(a.localDate ?? ''));
  /** @type {[string, import('./ui.js').Child][]} */
  const pairs = [
    [t('client.name'), c.name],
    [t('client.fullName'), c.fullName],
    [t('client.code'), c.code],
    [t('invoice.edrpou'), c.edrpou],
    [t('client.taxId'), c.taxId],
    [t('client.phone'), c.phone],
    [t('client.email'), c.email],
    [t('client.address'), c.address],
    [t('invoice.comment'), c.comment],
    [t('invoice.deletionMark'), yesNo(c.deletionMark)],
    [t('invoice.deleted'), yesNo(c.deleted)],
    [t('invoice.version'), String(c.version)],
    [t('invoice.source'), c.sourceId],
  ];
  return {
    title: c.name,
    node: el(
      'div',
      {},
      el('p', {}, el('a', { href: '#/clients' }, `← ${t('nav.clients')}`)),
      c.warnings.length
        ? el(
            'ul',
            { class: 'warnings' },
            c.warnings.map((w) => el('li', {}, `${t(`warning.${w.code}`)}: ${w.message}`)),
          )
        : null,
      el(
        'div',
        { class: 'panel' },
        el(
          'dl',
          { class: 'fields', 'data-testid': 'client-fields' },
          pairs.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]),
        ),
      ),
      el('h2', {}, `${t('client.invoices')} (${invoices.length}${byEdrpou.nextCursor || byCode.nextCursor ? '+' : ''})`),
      table(invoiceColumns(), invoices, { testid: 'client-invoices', onRow: (i) => go(`/invoice/${encodeURIComponent(i.id)}`) }),
      c.edrpou && byEdrpou.nextCursor ? el('p', {}, el('a', { href: `#/invoices/incoming?edrpou=${encodeURIComponent(c.edrpou)}` }, t('client.more'))) : null,
      versionsSection(versions.items),
      el('h2', {}, t('invoice.events')),
      eventsTable(events.items),
    ),
  };
}
