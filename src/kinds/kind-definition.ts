import type { Role } from './declaration-schema.js';
import type { OneCType } from './one-c-type.js';

/**
 * A declaration after it was read and checked: every default filled in, every type parsed,
 * every name resolved. The rest of the service reads only this.
 */
export interface AttributeDefinition {
  /** The key in the webhook body. */
  name: string;
  /** The path the generated module reads from the object (`Контрагент.Наименование`). */
  source: string;
  type: OneCType;
  /** The type as declared, for people (`Число(15,2)`). */
  typeText: string;
  required: boolean;
  label: { uk: string; en: string };
}

export interface SectionDefinition {
  name: string;
  /** The object's tabular sections the rows come from. */
  sources: string[];
  discriminator: string | null;
  label: { uk: string; en: string };
  attributes: AttributeDefinition[];
}

export type MetaClass = 'Документ' | 'Справочник';
export type KindStore = 'objects' | 'invoices' | 'clients';

/** The roles a list may sort by and filter by: each is an indexed column of the store. */
export const SORT_ROLES = ['date', 'number', 'amount', 'code', 'name'] as const satisfies readonly Role[];
export type SortRole = (typeof SORT_ROLES)[number];
export const FILTER_ROLES = ['counterparty', 'date', 'posted'] as const satisfies readonly Role[];
export type FilterRole = (typeof FILTER_ROLES)[number];

export interface KindDefinition {
  kind: string;
  endpoint: string;
  /** `/api/webhook/1c/<endpoint>` */
  webhookPath: string;
  metaClass: MetaClass;
  /** The metadata object's name in the configuration. */
  oneCName: string;
  bslKind: string;
  payloadKey: string;
  refField: string;
  store: KindStore;
  /** The key of its counts in GET /api/v1/stats: the kind, or `clients` (plural) for the classic clients. */
  countedAs: string;
  label: { uk: string; en: string };
  attributes: AttributeDefinition[];
  sections: SectionDefinition[];
  roles: Partial<Record<Role, AttributeDefinition>>;
  list: AttributeDefinition[];
  filter: FilterRole[];
  sort: SortRole[];
  search: AttributeDefinition[];
  /** The file it was read from (shipped declarations: their path inside the package). */
  file: string;
}
