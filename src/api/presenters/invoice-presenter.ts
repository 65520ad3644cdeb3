import { currencyAlpha } from '../../domain/currency.js';
import type { InvoiceContent } from '../../domain/invoice-content.js';
import { withZoneOffset } from '../../domain/local-date.js';
import type { InvoiceSummaryRow } from '../../storage/repositories/invoices-repository.js';
import type { Invoice, InvoiceSummary } from '../api-schemas.js';

export function presentInvoiceSummary(row: InvoiceSummaryRow, timezone: string): InvoiceSummary {
  return {
    id: row.id,
    kind: row.kind,
    sourceId: row.source_id,
    uuid: row.uuid,
    sourceRef: row.source_ref,
    number: row.number,
    date: withZoneOffset(row.date, timezone),
    localDate: row.date,
    counterparty: { name: row.counterparty_name, edrpou: row.counterparty_edrpou, code: row.counterparty_code, taxId: row.counterparty_tax_id },
    total: row.total,
    currencyCode: row.currency_code,
    currency: currencyAlpha(row.currency_code),
    posted: row.posted === 1,
    deletionMark: row.deletion_mark === 1,
    deleted: row.deleted === 1,
    comment: row.comment,
    paymentDue: withZoneOffset(row.payment_due, timezone),
    positionCount: row.position_count,
    warnings: JSON.parse(row.warnings),
    version: row.version,
    eventNumber: row.event_number,
    dataVersion: row.data_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The full invoice: header columns plus positions re-read from the current event's body
 * (`content`: what the stored body holds beyond the columns — positions, unmapped fields).
 */
export function presentInvoice(row: InvoiceSummaryRow, content: Pick<InvoiceContent, 'positions' | 'extra'>, timezone: string): Invoice {
  return Object.assign(presentInvoiceSummary(row, timezone), { positions: content.positions }, content.extra ? { extra: content.extra } : {});
}
