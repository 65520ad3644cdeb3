import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { InvoiceContent } from '../../domain/invoice-content.js';
import { INVOICE_KINDS } from '../../domain/kinds.js';
import type { Database, InvoicesTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { DEFAULT_SEARCH_CAPS, type SearchCaps, searchList } from './capped-search.js';
import { bodyFrom, sharedBodyColumns } from './events-repository.js';

export type InvoiceRow = Selectable<InvoicesTable>;

/** What a list shows: bookkeeping (hashes, search text, identity) stays in the table. */
const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'source_id',
  'uuid',
  'source_ref',
  'number',
  'date',
  'counterparty_name',
  'counterparty_edrpou',
  'counterparty_code',
  'counterparty_tax_id',
  'total',
  'currency_code',
  'posted',
  'deletion_mark',
  'deleted',
  'comment',
  'payment_due',
  'position_count',
  'warnings',
  'version',
  'event_number',
  'data_version',
  'created_at',
  'updated_at',
] as const;
export type InvoiceSummaryRow = Pick<InvoiceRow, (typeof SUMMARY_COLUMNS)[number]>;

/** An invoice's own columns, from its decoded content (the bookkeeping ones are common to every object). */
export function invoiceColumns(c: InvoiceContent) {
  return {
    number: c.number,
    date: c.date,
    counterparty_name: c.counterparty.name,
    counterparty_edrpou: c.counterparty.edrpou,
    counterparty_code: c.counterparty.code,
    counterparty_tax_id: c.counterparty.taxId,
    total: c.total,
    total_value: c.total === null ? null : Number(c.total),
    currency_code: c.currencyCode,
    posted: c.posted ? 1 : 0,
    deletion_mark: c.deletionMark ? 1 : 0,
    comment: c.comment,
    payment_due: c.paymentDue,
    position_count: c.positions.length,
    search_text: [c.number, c.counterparty.name, c.counterparty.edrpou, c.counterparty.code].filter(Boolean).join(' ').toLowerCase(),
  };
}

export async function findInvoice(db: Kysely<Database>, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface InvoiceFilter {
  kind?: 'incoming' | 'outgoing';
  number?: string;
  edrpou?: string;
  /** Exact client code (outgoing invoices); no index of its own yet: pair it with kind. */
  counterpartyCode?: string;
  /** Local dates, inclusive: "2024-01-01" or full "2024-01-01T00:00:00". */
  from?: string;
  to?: string;
  posted?: boolean;
  deleted?: boolean;
  withWarnings?: boolean;
  q?: string;
  sourceId?: string;
  sort: 'date' | 'total';
  /** Keyset cursor: the (sort key, id) of the last row of the previous page. */
  after?: { key: string | null; id: string };
  limit: number;
  /** Bounds of a search's work (`q`); DEFAULT_SEARCH_CAPS when absent. */
  searchCaps?: SearchCaps;
  /**
   * Every match of `q`, never a truncated page (an export): the list's keyset walk with a test
   * of each row. Its cost grows with the list, so the interactive list does not use it.
   */
  exhaustive?: boolean;
}

export interface InvoicePage {
  rows: InvoiceSummaryRow[];
  /** A search (`q`) matched too many rows to sort them all: the page may miss some. */
  truncated: boolean;
}

/** Every filter but `q` and the cursor. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for a helper that refines any select of this table.
export function applyFilters<QB extends SelectQueryBuilder<any, any, any>>(q: QB, f: InvoiceFilter): QB {
  if (f.kind) q = q.where('invoices.kind', '=', f.kind) as QB;
  q = q.where('invoices.deleted', '=', f.deleted ? 1 : 0) as QB;
  if (f.number) q = q.where('invoices.number', '=', f.number) as QB;
  if (f.edrpou) q = q.where('invoices.counterparty_edrpou', '=', f.edrpou) as QB;
  if (f.counterpartyCode) q = q.where('invoices.counterparty_code', '=', f.counterpartyCode) as QB;
  if (f.from) q = q.where('invoices.date', '>=', f.from.length === 10 ? `${f.from}T00:00:00` : f.from) as QB;
  if (f.to) q = q.where('invoices.date', '<=', f.to.length === 10 ? `${f.to}T23:59:59` : f.to) as QB;
  if (f.posted !== undefined) q = q.where('invoices.posted', '=', f.posted ? 1 : 0) as QB;
  if (f.withWarnings) q = q.where('invoices.warnings', '<>', '[]') as QB;
  if (f.sourceId) q = q.where('invoices.source_id', '=', f.sourceId) as QB;
  return q;
}

/**
 * Newest (or largest) first by (date | total_value, id), keyset-paginated: every page
 * costs the same at a million rows, unlike OFFSET, and each sort has its index.
 * Rows whose key is NULL come last, in id order. A search (`q`) is bounded work
 * (capped-search.ts).
 */
export async function listInvoices(db: Kysely<Database>, support: DialectSupport, f: InvoiceFilter): Promise<InvoicePage> {
  const column = f.sort === 'date' ? 'date' : 'total_value';
  const key = f.after?.key == null ? null : f.sort === 'date' ? f.after.key : Number(f.after.key);
  if (f.q && !f.exhaustive) {
    return searchList<InvoiceSummaryRow>(db, support, {
      filters: (qb) => applyFilters(qb, f),
      columns: SUMMARY_COLUMNS.map((c) => `invoices.${c}`),
      order: { table: 'invoices', column, direction: 'desc' },
      text: f.q.toLowerCase(),
      after: f.after ? { key, id: f.after.id } : undefined,
      limit: f.limit,
      caps: f.searchCaps ?? DEFAULT_SEARCH_CAPS,
      // Every list has an index in its order carrying search_text: (kind, deleted, date|total_value, id)
      // with a kind, (deleted, date|total_value, id) without one (migration 015); an ЄДРПОУ or a
      // client code narrows the rows to one counterparty's, which its index serves.
      walkable: true,
    });
  }
  if (!f.kind && !f.q && (f.edrpou || f.counterpartyCode)) {
    // One counterparty's invoices of both kinds. Its indexes are (ЄДРПОУ | code, kind,
    // deleted, date | total_value, id): each kind is one walk in the list's order, so the
    // page is the two kinds' pages merged. As one query SQLite walked every invoice in the
    // list's order looking for the counterparty's, on the thread that answers webhooks
    // (docs/decisions/measured-costs.md).
    const pages = await Promise.all(INVOICE_KINDS.map((kind) => listInvoices(db, support, { ...f, kind })));
    return {
      rows: pages
        .flatMap((p) => p.rows)
        .sort(listOrder(f.sort))
        .slice(0, f.limit),
      truncated: false,
    };
  }
  const q = whereInvoices(db.selectFrom('invoices').select(SUMMARY_COLUMNS), support, f);
  // Rows with a key first, then rows without (a document with the empty date), each as
  // its own index range: a row-value comparison `(key, id) < (?, ?)` seeks straight to the
  // cursor on SQLite and PostgreSQL alike, where an OR with IS NULL would walk from the
  // start, and excluding NULLs lets PostgreSQL read its ascending index backwards (its
  // DESC puts NULLs first, SQLite's last).
  let rows: InvoiceSummaryRow[] = [];
  if (!f.after || key !== null) {
    let keyed = q.where(column, 'is not', null);
    if (f.after && key !== null) keyed = keyed.where(sql<boolean>`(${sql.ref(column)}, id) < (${key}, ${f.after.id})`);
    rows = await keyed.orderBy(column, 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    if (rows.length === f.limit) return { rows, truncated: false };
  }
  let unkeyed = q.where(column, 'is', null);
  if (f.after && key === null) unkeyed = unkeyed.where('id', '<', f.after.id);
  return {
    rows: rows.concat(
      await unkeyed
        .orderBy('id', 'desc')
        .limit(f.limit - rows.length)
        .execute(),
    ),
    truncated: false,
  };
}

/** The list's order: rows with a key (date | total) largest first, then rows without one (1C's empty date), each by id descending. */
function listOrder(sort: InvoiceFilter['sort']): (a: InvoiceSummaryRow, b: InvoiceSummaryRow) => number {
  const keyOf = (r: InvoiceSummaryRow) => (sort === 'date' ? r.date : r.total === null ? null : Number(r.total));
  return (a, b) => {
    const [x, y] = [keyOf(a), keyOf(b)];
    if ((x === null) !== (y === null)) return x === null ? 1 : -1;
    if (x !== y) return x! < y! ? 1 : -1;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  };
}

/** The list's filters, `q` as a test of each row (exhaustive): the export's count and pages. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for a helper that refines any select of this table.
export function whereInvoices<QB extends SelectQueryBuilder<any, any, any>>(
  q: QB,
  support: DialectSupport,
  f: Omit<InvoiceFilter, 'sort' | 'after' | 'limit'>,
): QB {
  q = applyFilters(q, f as InvoiceFilter);
  return f.q ? (q.where(support.scanContains('invoices.search_text', f.q.toLowerCase())) as QB) : q;
}

/**
 * The endpoint and bytes of the current version of several invoices at once (an export
 * page needs their positions, which live only in the bodies), following `body_event_id`
 * when an event shares an earlier one's bytes.
 */
export async function findCurrentBodies(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, { endpoint: string; body: Buffer | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('events as e', 'e.id', 'i.current_event_id')
    .leftJoin('events as shared', 'shared.id', 'e.body_event_id')
    .select(['i.id', 'e.endpoint', ...sharedBodyColumns()])
    .where('i.id', 'in', ids)
    .execute();
  // Through the journal's one read path: it follows the shared body and inflates a compressed one.
  return new Map(rows.map((r) => [r.id, { endpoint: r.endpoint, body: bodyFrom(r) }]));
}

/** How many invoices match a filter, and how many export rows they make (one per position, at least one each). */
export async function countInvoiceRows(
  db: Kysely<Database>,
  support: DialectSupport,
  f: Omit<InvoiceFilter, 'sort' | 'after' | 'limit'>,
): Promise<{ invoices: number; rows: number }> {
  const row = await whereInvoices(db.selectFrom('invoices'), support, f)
    .select((eb) => [
      eb.fn.countAll().as('invoices'),
      eb.fn.sum(eb.case().when('position_count', '>', 0).then(eb.ref('position_count')).else(1).end()).as('rows'),
    ])
    .executeTakeFirstOrThrow();
  return { invoices: Number(row.invoices), rows: Number(row.rows ?? 0) };
}
