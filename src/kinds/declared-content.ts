/**
 * A declared kind's content as the service keeps and presents it, whatever the kind: each
 * attribute's value normalised by its 1C type, each tabular section's rows.
 */
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
