/** The ERP's view of an invoice, derived from what 1C sent. Pure types, no I/O. */

export type { InvoiceKind } from './kinds.js';
/** The `action` 1C sends; `create` is never trusted (the classic modules always send `update`). */
export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;
export type ChangeAction = (typeof WEBHOOK_ACTIONS)[number];

/** What a warning can say: the document is kept, the operator is told (docs/errors.md). */
export const WARNING_CODES = ['SUM_MISMATCH', 'EDRPOU_INVALID', 'TAX_ID_INVALID', 'CURRENCY_UNKNOWN', 'DATE_INVALID'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
  field?: string;
}

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

export interface ClientContent {
  code: string | null;
  name: string;
  fullName: string | null;
  edrpou: string | null;
  taxId: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  comment: string | null;
  deletionMark: boolean;
  extra?: Record<string, unknown>;
}
