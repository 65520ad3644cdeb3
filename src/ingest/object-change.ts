import type { ChangeAction } from '../domain/change-action.js';
import type { ClientContent } from '../domain/client-content.js';
import type { InvoiceContent } from '../domain/invoice-content.js';
import type { InvoiceKind } from '../domain/kinds.js';
import type { ObjectIdentity } from '../domain/object-identity.js';
import type { Warning } from '../domain/warning.js';
import type { DeclaredContent } from '../kinds/declared-content.js';

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

/** A change of a declared kind (kept in the `objects` store). */
export interface DeclaredChange extends ChangeBase {
  objectType: 'object';
  kind: string;
  content: DeclaredContent;
}

export type ObjectChange = InvoiceChange | ClientChange | DeclaredChange;
