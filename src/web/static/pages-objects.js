// @ts-check
// Every declared kind (sales, bank documents, items, contracts, a company's own objects): the list and one
// object, both drawn from the kind's declaration (GET /api/v1/kinds) — its list columns, filters, sort
// orders, attributes and tabular sections, with references as links to the objects they point to.
import { loadKinds } from './declared-kinds.js';
import { getLang, t } from './i18n.js';
import { eventsTable, versionsSection } from './pages-events.js';
import { api, check, dateInput, el, exportButtons, field, filterForm, go, hashParams, localDate, number, pager, qs, table, yesNo } from './ui.js';

/** @typedef {import('./declared-kinds.js').Label} Label */
/** @typedef {import('./declared-kinds.js').AttributeInfo} AttributeInfo */
/** @typedef {{ uuid: string | null, name?: string, presentation: string, type: string | null, kind?: string, id?: string | null }} Reference */
/**
 * @typedef {{ id: string, kind: string, sourceId: string, uuid: string | null, sourceRef: string, deletionMark: boolean,
 *   deleted: boolean, version: number, eventNumber: string | null, warnings: { code: string, message: string }[],
 *   attributes: Record<string, unknown>, sections?: Record<string, Record<string, unknown>[]> }} DeclaredObject
 */

/** @param {Label} label */
export const word = (label) => (getLang() === 'en' ? label.en : label.uk);

/** @param {string} kind */
async function kindOf(kind) {
  const found = (await loadKinds()).find((k) => k.kind === kind);
  if (!found) throw new Error(`${t('object.unknownKind')}: ${kind}`);
  return found;
}

/** Where a reference leads: a declared object's page, a client's or an invoice's. */
/** @param {Reference} ref */
function referenceHref(ref) {
  if (!ref.id || !ref.kind) return null;
  if (ref.kind === 'client') return `#/client/${encodeURIComponent(ref.id)}`;
  if (ref.kind === 'incoming' || ref.kind === 'outgoing') return `#/invoice/${encodeURIComponent(ref.id)}`;
  return `#/object/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.id)}`;
}

/**
 * A value as text (1C's data reaches the page as text nodes only).
 * @param {AttributeInfo} attribute
 * @param {unknown} value
 * @returns {import('./ui.js').Child}
 */
function show(attribute, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'object') {
    const ref = /** @type {Reference} */ (value);
    const href = referenceHref(ref);
    return href ? el('a', { href, 'data-testid': 'reference' }, ref.presentation) : el('span', { title: ref.uuid ?? '' }, ref.presentation);
  }
  if (attribute.type.startsWith('Число')) return number(String(value));
  if (attribute.type.startsWith('Дата') || attribute.type === 'Время') return localDate(String(value), attribute.type !== 'Дата');
  return String(value);
}

/** @param {string} role */
const roleWord = (role) => t(`object.role.${role}`);

/** @param {string} kind */
export async function objectListPage(kind) {
  const k = await kindOf(kind);
  const path = `/objects/${kind}`;
  const p = hashParams();
  /** @type {{ items: DeclaredObject[], nextCursor: string | null }} */
  const data = await api(`/api/v1/objects/${encodeURIComponent(kind)}${qs({ ...p, limit: 50 })}`);
  const columns = k.list.map((name) => /** @type {AttributeInfo} */ (k.attributes.find((a) => a.name === name)));
  const form = filterForm(
    path,
    {},
    k.search.length ? field(t('filter.q'), el('input', { type: 'search', name: 'q', value: p.q ?? '', size: 28, title: k.search.join(', ') })) : null,
    k.filter.includes('date') ? [field(t('filter.from'), dateInput('from', p.from)), field(t('filter.to'), dateInput('to', p.to))] : null,
    p.counterparty ? el('input', { type: 'hidden', name: 'counterparty', value: p.counterparty }) : null,
    k.sort.length > 1
      ? field(
          t('filter.sort'),
          el(
            'select',
            { name: 'sort' },
            k.sort.map((role) => el('option', { value: role, selected: p.sort === role ? true : undefined }, roleWord(role))),
          ),
        )
      : null,
    k.filter.includes('posted') ? check(t('object.postedOnly'), 'posted', p.posted === 'true') : null,
    check(t('filter.deleted'), 'deleted', p.deleted === 'true'),
    el('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
    el('button', { type: 'button', onclick: () => go(path) }, t('filter.reset')),
  );
  /** @param {DeclaredObject} o */
  const href = (o) => `#/object/${encodeURIComponent(kind)}/${encodeURIComponent(o.id)}`;
  return {
    title: word(k.label),
    node: el(
      'div',
      {},
      el('p', { class: 'muted' }, `${k.object} → ${k.webhookPath}`),
      form,
      exportButtons(`/api/v1/objects/${encodeURIComponent(kind)}/export`, p),
      table(
        [
          ...columns.map((a, i) => ({
            label: word(a.label),
            /** @param {DeclaredObject} o */
            cell: (o) => (i === 0 ? el('a', { href: href(o), 'data-testid': 'object-link' }, show(a, o.attributes[a.name])) : show(a, o.attributes[a.name])),
          })),
          {
            label: '',
            /** @param {DeclaredObject} o */
            cell: (o) => [
              o.deleted ? el('span', { class: 'badge bad' }, t('invoice.deleted')) : null,
              o.deletionMark && !o.deleted ? el('span', { class: 'badge warn' }, t('invoice.deletionMark')) : null,
            ],
          },
        ],
        data.items,
        { testid: 'object-list', onRow: (o) => go(`/object/${encodeURIComponent(kind)}/${encodeURIComponent(o.id)}`) },
      ),
      pager(p, data.nextCursor, path),
    ),
  };
}

/**
 * @param {string} kind
 * @param {string} id
 */
export async function objectPage(kind, id) {
  const k = await kindOf(kind);
  /** @type {[DeclaredObject, import('./api-types.js').VersionPage, import('./api-types.js').EventPage]} */
  const [o, versions, events] = await Promise.all([
    api(`/api/v1/objects/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`),
    api(`/api/v1/objects/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/versions`),
    api(`/api/v1/events${qs({ objectId: id, limit: 50 })}`),
  ]);
  const title = k.list.length ? String(show(k.attributes.find((a) => a.name === k.list[0]) ?? k.attributes[0], o.attributes[k.list[0]])) : o.sourceRef;
  /** @type {[string, import('./ui.js').Child][]} */
  const pairs = [
    ...k.attributes.map((a) => /** @type {[string, import('./ui.js').Child]} */ ([word(a.label), show(a, o.attributes[a.name])])),
    [t('invoice.deletionMark'), yesNo(o.deletionMark)],
    [t('invoice.deleted'), yesNo(o.deleted)],
    [t('invoice.version'), String(o.version)],
    [t('object.uuid'), o.uuid ?? '—'],
    [t('invoice.source'), o.sourceId],
  ];
  return {
    title: `${word(k.label)}: ${title}`,
    node: el(
      'div',
      {},
      el('p', {}, el('a', { href: `#/objects/${encodeURIComponent(kind)}` }, `← ${word(k.label)}`)),
      el(
        'div',
        { class: 'panel' },
        el(
          'dl',
          { class: 'fields', 'data-testid': 'object-fields' },
          pairs.map(([key, v]) => [el('dt', {}, key), el('dd', {}, v)]),
        ),
      ),
      k.sections.map((s) => {
        const rows = o.sections?.[s.name] ?? [];
        return [
          el('h2', {}, `${word(s.label)} (${rows.length})`),
          table(
            [
              { label: '№', cell: (/** @type {{ n: number }} */ r) => String(r.n), class: 'nowrap' },
              ...s.attributes.map((a) => ({ label: word(a.label), cell: (/** @type {{ row: Record<string, unknown> }} */ r) => show(a, r.row[a.name]) })),
            ],
            rows.map((row, i) => ({ n: i + 1, row })),
            { testid: `section-${s.name}` },
          ),
        ];
      }),
      versionsSection(versions.items),
      el('h2', {}, t('invoice.events')),
      eventsTable(events.items),
    ),
  };
}
