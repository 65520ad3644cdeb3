import type { ObjectIdentity } from '../domain/identity.js';
import type { ChangeAction, ClientContent, InvoiceContent, InvoiceKind, Warning } from '../domain/invoice.js';

/** One decoded, validated, normalised change, ready to apply. */
interface ChangeBase {
  action: ChangeAction;
  /** `uuid:<guid>` when 1C sent УникальныйИдентификатор, else `ref:<Строка(Ссылка)>`. */
  identity: ObjectIdentity;
  uuid: string | null;
  sourceRef: string;
  /** НомерСобытия as a decimal integer string, or null when the sender has none (the classic modules). */
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Warning[];
}

export interface InvoiceChange extends ChangeBase {
  objectType: 'invoice';
  kind: InvoiceKind;
  content: InvoiceContent;
}

export interface ClientChange extends ChangeBase {
  objectType: 'client';
  content: ClientContent;
}

export type ObjectChange = InvoiceChange | ClientChange;
