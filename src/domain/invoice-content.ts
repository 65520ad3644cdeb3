/** The ERP's view of an invoice, derived from what 1C sent. Pure types, no I/O. */

export interface Counterparty {
  name: string | null;
  edrpou: string | null;
  code: string | null;
  taxId: string | null;
}

export interface InvoicePosition {
  line: number;
  name: string | null;
  code: string | null;
  /** Exact decimal strings (never floats). */
  quantity: string | null;
  price: string | null;
  amount: string | null;
  unit: string | null;
  vatRate: string | null;
  vatAmount: string | null;
  /** Fields 1C sent that we do not map; kept, not dropped. */
  extra?: Record<string, unknown>;
}

export interface InvoiceContent {
  number: string;
  /** Local wall time as 1C wrote it, "YYYY-MM-DDTHH:MM:SS". */
  date: string | null;
  counterparty: Counterparty;
  total: string | null;
  currencyCode: string | null;
  posted: boolean;
  deletionMark: boolean;
  comment: string | null;
  paymentDue: string | null;
  positions: InvoicePosition[];
  extra?: Record<string, unknown>;
}
