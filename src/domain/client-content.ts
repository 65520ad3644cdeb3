/** The ERP's view of a client (a counterparty from 1C's Контрагенты), derived from what 1C sent. Pure types, no I/O. */

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
