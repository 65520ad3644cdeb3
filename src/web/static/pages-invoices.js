// @ts-check
// Прихідні накладні / Вихідні рахунки: the lists and one invoice with its history.
import { t } from './i18n.js';
import { eventsTable, versionsSection } from './pages-events.js';
/** @typedef {import('./api-types.js').Invoice} Invoice */
/** @typedef {import('./api-types.js').Position} Position */
import {
  api,
  check,
  dateInput,
  el,
  exportButtons,
  field,
  filterForm,
  go,
  hashParams,
  localDate,
  money,
  number,
  pager,
  qs,
  table,
  truncatedNote,
  yesNo,
} from './ui.js';

/**
 * The invoice columns shared by the lists and a client's page.
 * @returns {import('./ui.js').Column<import('./api-types.js').InvoiceSummary>[]}
 */
export function invoiceColumns() {
  return [
    { label: t('invoice.date'), cell: (i) => localDate(i.localDate), class: 'nowrap' },
    { label: t('invoice.number'), cell: (i) => el('a', { href: `#/invoice/${encodeURIComponent(i.id)}`, 'data-testid': 'invoice-link' }, i.number) },
    { label: t('invoice.counterparty'), cell: (i) => i.counterparty.name ?? '—' },
    { label: t('invoice.edrpou'), cell: (i) => i.counterparty.edrpou ?? i.counterparty.code ?? '—', class: 'nowrap' },
    { label: t('invoice.total'), cell: (i) => money(i.total, i.currency), class: 'num' },
    {
      label: t('invoice.posted'),
      cell: (i) => (i.posted ? el('span', { class: 'badge ok' }, t('invoice.isPosted')) : el('span', { class: 'badge muted' }, t('invoice.notPosted'))),
    },
    {
      label: '',
      cell: (i) => [
        i.deleted ? el('span', { class: 'badge bad' }, t('invoice.deleted')) : null,
        i.deletionMark && !i.deleted ? el('span', { class: 'badge warn' }, t('invoice.deletionMark')) : null,
        i.warnings.length ? el('span', { class: 'badge warn', title: i.warnings.map((w) => w.message).join('\n') }, `⚠ ${i.warnings.length}`) : null,
      ],
    },
  ];
}

/** @param {string} kind */
export async function invoiceListPage(kind) {
  const path = `/invoices/${kind}`;
  const p = hashParams();
  /** @type {import('./api-types.js').InvoicePage} */
  const data = await api(`/api/v1/invoices${qs({ ...p, kind, limit: 50 })}`);
  const form = filterForm(
    path,
    { 'data-testid': 'invoice-filters' },
    field(t('filter.q'), el('input', { type: 'search', name: 'q', value: p.q ?? '', placeholder: t('filter.qHint'), size: 28 })),
    field(t('invoice.number'), el('input', { type: 'text', name: 'number', value: p.number ?? '', size: 12 })),
    field(t('invoice.edrpou'), el('input', { type: 'text', name: 'edrpou', value: p.edrpou ?? '', size: 10, inputmode: 'numeric' })),
    field(t('filter.from'), dateInput('from', p.from)),
    field(t('filter.to'), dateInput('to', p.to)),
    field(
      t('invoice.posted'),
      el(
        'select',
        { name: 'posted' },
        el('option', { value: '' }, t('filter.any')),
        el('option', { value: 'true', selected: p.posted === 'true' }, t('invoice.isPosted')),
        el('option', { value: 'false', selected: p.posted === 'false' }, t('invoice.notPosted')),
      ),
    ),
    field(
      t('filter.sort'),
      el(
        'select',
        { name: 'sort' },
        el('option', { value: 'date' }, t('filter.byDate')),
        el('option', { value: 'total', selected: p.sort === 'total' }, t('filter.byTotal')),
      ),
    ),
    check(t('filter.deleted'), 'deleted', p.deleted === 'true'),
    check(t('filter.warnings'), 'warnings', p.warnings === 'true'),
    el('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
    el('button', { type: 'button', onclick: () => go(path) }, t('filter.reset')),
  );
  return {
    title: t(kind === 'incoming' ? 'nav.incoming' : 'nav.outgoing'),
    node: el(
      'div',
      {},
      form,
      exportButtons('/api/v1/invoices/export', { ...p, kind }),
      truncatedNote(data),
      table(invoiceColumns(), data.items, { testid: 'invoice-list', onRow: (i) => go(`/invoice/${encodeURIComponent(i.id)}`) }),
      pager(p, data.nextCursor, path),
    ),
  };
}

/** @param {([string, import('./ui.js').Child, string?] | null)[]} pairs */
function fields(pairs) {
  return el(
    'dl',
    { class: 'fields' },
    pairs.filter((pair) => pair !== null).map(([label, value, testid]) => [el('dt', {}, label), el('dd', { 'data-testid': testid }, value ?? '—')]),
  );
}

/** @param {string} id */
export async function invoicePage(id) {
  /** @type {[Invoice, import('./api-types.js').VersionPage, import('./api-types.js').EventPage]} */
  const [inv, versions, events] = await Promise.all([
    api(`/api/v1/invoices/${encodeURIComponent(id)}`),
    api(`/api/v1/invoices/${encodeURIComponent(id)}/versions`),
    api(`/api/v1/events${qs({ objectId: id, limit: 50 })}`),
  ]);
  const cur = inv.currency;
  const cp = inv.counterparty;
  const header = el(
    'div',
    { class: 'panel' },
    fields([
      [t('invoice.kind'), t(`kind.${inv.kind}`)],
      [t('invoice.number'), inv.number, 'invoice-number'],
      [t('invoice.date'), localDate(inv.localDate), 'invoice-date'],
      [t('invoice.counterparty'), cp.name, 'invoice-counterparty'],
      [t('invoice.edrpou'), cp.edrpou],
      [t('client.code'), cp.code],
      [t('client.taxId'), cp.taxId],
      [t('invoice.currency'), cur ?? inv.currencyCode],
      [t('invoice.total'), money(inv.total, cur), 'invoice-total'],
      [t('invoice.posted'), yesNo(inv.posted)],
      [t('invoice.deletionMark'), yesNo(inv.deletionMark)],
      [t('invoice.deleted'), yesNo(inv.deleted)],
      inv.kind === 'outgoing' ? [t('invoice.paymentDue'), localDate(inv.paymentDue?.slice(0, 19), false)] : null,
      [t('invoice.comment'), inv.comment],
      [t('invoice.version'), String(inv.version)],
      [t('invoice.source'), inv.sourceId],
      [t('invoice.ref'), inv.sourceRef],
    ]),
  );

  const positions = inv.positions;
  const sum = positions.reduce((/** @type {number} */ s, p) => s + Math.round(Number(p.amount ?? 0) * 100), 0) / 100;
  const vat = positions.reduce((/** @type {number} */ s, p) => s + Math.round(Number(p.vatAmount ?? 0) * 100), 0) / 100;
  const hasVat = positions.some((p) => p.vatAmount !== null || p.vatRate !== null);
  /** @type {import('./ui.js').Column<Position>[]} */
  const columns = [
    { label: '№', cell: (p) => String(p.line), class: 'num' },
    { label: t('position.name'), cell: (p) => p.name ?? '—' },
    { label: t('position.code'), cell: (p) => p.code ?? '—', class: 'nowrap' },
    { label: t('position.unit'), cell: (p) => p.unit ?? '—' },
    { label: t('position.quantity'), cell: (p) => number(p.quantity), class: 'num' },
    { label: t('position.price'), cell: (p) => money(p.price, cur), class: 'num' },
    { label: t('position.amount'), cell: (p) => money(p.amount, cur), class: 'num' },
    ...(hasVat
      ? [
          { label: t('position.vatRate'), cell: (/** @type {Position} */ p) => p.vatRate ?? '—' },
          { label: t('position.vatAmount'), cell: (/** @type {Position} */ p) => money(p.vatAmount, cur), class: 'num' },
        ]
      : []),
  ];
  const foot = el(
    'tfoot',
    {},
    el(
      'tr',
      {},
      el('td', { colspan: 6 }, t('position.sum')),
      el('td', { class: 'num', 'data-testid': 'positions-sum' }, money(sum, cur)),
      hasVat ? [el('td'), el('td', { class: 'num' }, money(vat, cur))] : null,
    ),
  );

  return {
    title: `${t(inv.kind === 'incoming' ? 'invoice.titleIncoming' : 'invoice.titleOutgoing')} ${inv.number}`,
    node: el(
      'div',
      {},
      el('p', {}, el('a', { href: `#/invoices/${inv.kind}` }, `← ${t(inv.kind === 'incoming' ? 'nav.incoming' : 'nav.outgoing')}`)),
      inv.warnings.length
        ? el(
            'ul',
            { class: 'warnings', 'data-testid': 'invoice-warnings' },
            inv.warnings.map((w) => el('li', {}, `${t(`warning.${w.code}`)}: ${w.message}`)),
          )
        : null,
      header,
      el('h2', {}, `${t('invoice.positions')} (${positions.length})`),
      table(columns, positions, { testid: 'positions', foot }),
      versionsSection(versions.items),
      el('h2', {}, t('invoice.events')),
      eventsTable(events.items),
    ),
  };
}
