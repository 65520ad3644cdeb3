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

/** A reference as stored and presented: the GUID (enumerations have none), the value's name for an enumeration, the presentation. */
export interface DeclaredRef {
  uuid: string | null;
  name?: string;
  presentation: string;
  /** The referenced object's full name (Справочник.Контрагенты). */
  type: string | null;
}

/** A declared attribute's value: text, an exact decimal string, a local date, a flag, a reference. */
export type DeclaredValue = string | boolean | null | DeclaredRef;

export interface DeclaredContent {
  attributes: Record<string, DeclaredValue>;
  sections: Record<string, Record<string, unknown>[]>;
  deletionMark: boolean;
  extra?: Record<string, unknown>;
}

/** A change of a declared kind (kept in the `objects` store). */
export interface DeclaredChange extends ChangeBase {
  objectType: 'object';
  kind: string;
  content: DeclaredContent;
}

export type ObjectChange = InvoiceChange | ClientChange | DeclaredChange;
