/**
 * The three kinds of 1C object onec-sync keeps, and every name each goes by — one table, so the
 * endpoints, the read API, the changes feed, the 1C module generator, the emulator, the dashboard's
 * statistics, the bench and the tests all say the same thing. Pure data, no I/O.
 *
 * The names differ on purpose where a wire format fixes them:
 * - `endpoint` — the last segment of the path 1C posts to. The classic modules post incoming
 *   invoices to `/api/webhook/1c/invoices` and outgoing ones to `.../outgoing-invoices`; ERPs built
 *   for them rely on those paths, so they stay.
 * - `bsl` — the `Вид` the generated modules write into their outbox register (`Строка (10)`) and
 *   pass between procedures: "receipt", "invoice", "client". Bases already running the generated
 *   modules have such records queued, so they stay.
 * - `stats` — the key of `GET /api/v1/stats` (`clients`, plural, for clients).
 */

/** The kind as the read API, the changes feed and subscriptions name it. */
export const OBJECT_KINDS = ['incoming', 'outgoing', 'client'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** An invoice is incoming (ПоступлениеТоваровУслуг) or outgoing (СчетНаОплатуПокупателю). */
export const INVOICE_KINDS = ['incoming', 'outgoing'] as const satisfies readonly ObjectKind[];
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** Where 1C posts: every webhook path is `WEBHOOK_PATH_PREFIX` + an endpoint name. */
export const WEBHOOK_PATH_PREFIX = '/api/webhook/1c/';
export const ENDPOINT_NAMES = ['invoices', 'outgoing-invoices', 'clients'] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/**
 * The stored row an object becomes: the `invoices` or the `clients` table (the classic
 * modules' kinds), or the `objects` store of every declared kind (src/kinds/).
 */
export const OBJECT_TYPES = ['invoice', 'client', 'object'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** The generated modules' `Вид` of a queued record. */
export type BslKind = 'receipt' | 'invoice' | 'client';

export interface KindInfo<K extends ObjectKind = ObjectKind> {
  kind: K;
  endpoint: EndpointName;
  /** `/api/webhook/1c/<endpoint>` */
  webhookPath: string;
  objectType: Exclude<ObjectType, 'object'>;
  /** The 1C metadata class and the standard configurations' object name (BAS Бухгалтерія, БП 3.0). */
  metaClass: 'Документ' | 'Справочник';
  oneCName: string;
  /** The key of the webhook body that carries the object: `{"action": …, "invoiceData": {…}}`. */
  payloadKey: 'invoiceData' | 'clientData';
  bsl: BslKind;
  stats: 'incoming' | 'outgoing' | 'clients';
  label: { uk: string; en: string };
}

const info = <K extends ObjectKind>(kind: K, rest: Omit<KindInfo<K>, 'kind' | 'webhookPath'>): KindInfo<K> => ({
  kind,
  webhookPath: WEBHOOK_PATH_PREFIX + rest.endpoint,
  ...rest,
});

export const KINDS = {
  incoming: info('incoming', {
    endpoint: 'invoices',
    objectType: 'invoice',
    metaClass: 'Документ',
    oneCName: 'ПоступлениеТоваровУслуг',
    payloadKey: 'invoiceData',
    bsl: 'receipt',
    stats: 'incoming',
    label: { uk: 'Прихідні накладні', en: 'Incoming invoices' },
  }),
  outgoing: info('outgoing', {
    endpoint: 'outgoing-invoices',
    objectType: 'invoice',
    metaClass: 'Документ',
    oneCName: 'СчетНаОплатуПокупателю',
    payloadKey: 'invoiceData',
    bsl: 'invoice',
    stats: 'outgoing',
    label: { uk: 'Вихідні рахунки', en: 'Outgoing invoices' },
  }),
  client: info('client', {
    endpoint: 'clients',
    objectType: 'client',
    metaClass: 'Справочник',
    oneCName: 'Контрагенты',
    payloadKey: 'clientData',
    bsl: 'client',
    stats: 'clients',
    label: { uk: 'Контрагенти', en: 'Clients' },
  }),
} as const satisfies { [K in ObjectKind]: KindInfo<K> };

/** The table as a list, in `OBJECT_KINDS` order. */
export const KIND_LIST: readonly KindInfo[] = OBJECT_KINDS.map((k) => KINDS[k]);

/** The path 1C posts a kind to, e.g. `webhookPath('incoming')` → `/api/webhook/1c/invoices`. */
export function webhookPath(kind: ObjectKind): string {
  return KINDS[kind].webhookPath;
}
