import type { InvoicePosition } from '../../domain/invoice-content.js';
import type { Client, InvoiceSummary } from '../api-schemas.js';

/**
 * The columns of the CSV/XLSX exports (docs/ARCHITECTURE.md, "Exports for Excel"). A cell
 * is a string as the API has it — exact decimals ("1234.56"), 1C's local dates
 * ("2024-01-15T10:30:00") — and its column's type tells each writer what to make of it:
 * a number, a date, or text kept exactly (codes such as "000000042" keep their zeros).
 */
export type ExportLang = 'uk' | 'en';
export type CellType = 'text' | 'money' | 'number' | 'date';

export interface ExportColumn<R> {
  title: Record<ExportLang, string>;
  type: CellType;
  /** Column width in characters (XLSX). */
  width: number;
  value(row: R, lang: ExportLang): string | null;
}

/** One row of the invoice export: an invoice with one of its positions (or none). */
export interface InvoiceExportRow {
  invoice: InvoiceSummary;
  position: InvoicePosition | null;
  /** The invoice's first row: the only one that carries the document total. */
  first: boolean;
}

const YES_NO: Record<ExportLang, [string, string]> = { uk: ['так', 'ні'], en: ['yes', 'no'] };
const yesNo = (value: boolean, lang: ExportLang) => YES_NO[lang][value ? 0 : 1];
const KIND: Record<ExportLang, Record<InvoiceSummary['kind'], string>> = {
  uk: { incoming: 'Прихідна накладна', outgoing: 'Вихідний рахунок' },
  en: { incoming: 'Incoming invoice', outgoing: 'Outgoing invoice' },
};

const col = <R>(uk: string, en: string, type: CellType, width: number, value: ExportColumn<R>['value']): ExportColumn<R> => ({
  title: { uk, en },
  type,
  width,
  value,
});

/**
 * One row per position, the invoice's columns repeated on each so that any filter or sort in
 * Excel keeps whole rows meaningful; the document total only on the invoice's first row, so
 * that summing the column gives the total of the documents, not a multiple of it. An invoice
 * without positions still has its one row.
 */
export const INVOICE_COLUMNS: ReadonlyArray<ExportColumn<InvoiceExportRow>> = [
  col('Вид', 'Kind', 'text', 18, (r, lang) => KIND[lang][r.invoice.kind]),
  col('Номер', 'Number', 'text', 14, (r) => r.invoice.number),
  col('Дата', 'Date', 'date', 11, (r) => r.invoice.localDate),
  col('Контрагент', 'Counterparty', 'text', 32, (r) => r.invoice.counterparty.name),
  col('ЄДРПОУ', 'EDRPOU', 'text', 11, (r) => r.invoice.counterparty.edrpou),
  col('Код контрагента', 'Counterparty code', 'text', 12, (r) => r.invoice.counterparty.code),
  col('ІПН', 'Tax ID', 'text', 13, (r) => r.invoice.counterparty.taxId),
  col('Валюта', 'Currency', 'text', 8, (r) => r.invoice.currency ?? r.invoice.currencyCode),
  col('Сума документа', 'Document total', 'money', 15, (r) => (r.first ? r.invoice.total : null)),
  col('Проведено', 'Posted', 'text', 10, (r, lang) => yesNo(r.invoice.posted, lang)),
  col('Позначка видалення', 'Deletion mark', 'text', 10, (r, lang) => yesNo(r.invoice.deletionMark, lang)),
  col('Сплатити до', 'Payment due', 'date', 11, (r) => r.invoice.paymentDue?.slice(0, 19) ?? null),
  col('Коментар', 'Comment', 'text', 24, (r) => r.invoice.comment),
  col('Джерело', 'Source', 'text', 12, (r) => r.invoice.sourceId),
  col('№ рядка', 'Line', 'number', 7, (r) => (r.position ? String(r.position.line) : null)),
  col('Найменування', 'Item', 'text', 32, (r) => r.position?.name ?? null),
  col('Код', 'Item code', 'text', 12, (r) => r.position?.code ?? null),
  col('Од.', 'Unit', 'text', 6, (r) => r.position?.unit ?? null),
  col('Кількість', 'Quantity', 'number', 10, (r) => r.position?.quantity ?? null),
  col('Ціна', 'Price', 'money', 12, (r) => r.position?.price ?? null),
  col('Сума', 'Amount', 'money', 14, (r) => r.position?.amount ?? null),
  col('Ставка ПДВ', 'VAT rate', 'text', 9, (r) => r.position?.vatRate ?? null),
  col('ПДВ', 'VAT', 'money', 12, (r) => r.position?.vatAmount ?? null),
];

export const CLIENT_COLUMNS: ReadonlyArray<ExportColumn<Client>> = [
  col('Найменування', 'Name', 'text', 32, (c) => c.name),
  col('Повне найменування', 'Full name', 'text', 40, (c) => c.fullName),
  col('Код', 'Code', 'text', 12, (c) => c.code),
  col('ЄДРПОУ', 'EDRPOU', 'text', 11, (c) => c.edrpou),
  col('ІПН', 'Tax ID', 'text', 13, (c) => c.taxId),
  col('Телефон', 'Phone', 'text', 16, (c) => c.phone),
  col('Ел. пошта', 'Email', 'text', 24, (c) => c.email),
  col('Адреса', 'Address', 'text', 40, (c) => c.address),
  col('Коментар', 'Comment', 'text', 24, (c) => c.comment),
  col('Позначка видалення', 'Deletion mark', 'text', 10, (c, lang) => yesNo(c.deletionMark, lang)),
  col('Джерело', 'Source', 'text', 12, (c) => c.sourceId),
  col('Версія', 'Version', 'number', 8, (c) => String(c.version)),
];

/** The rows of one invoice: one per position, or one alone. */
export function invoiceExportRows(invoice: InvoiceSummary, positions: readonly InvoicePosition[]): InvoiceExportRow[] {
  if (positions.length === 0) return [{ invoice, position: null, first: true }];
  return positions.map((position, i) => ({ invoice, position, first: i === 0 }));
}
