import type { ActivityStatus } from '../domain/activity-status.js';
import type { ApiScope } from '../domain/api-scope.js';
import type { DeliveryStatus } from '../domain/delivery-status.js';
import type { ChangeActionResult, EventStatus, WebhookResult } from '../domain/event-outcomes.js';
import type { InvoiceKind, ObjectType } from '../domain/kinds.js';

/**
 * Kysely's view of the tables (migrations/ creates them). Portable choices, so both
 * dialects map to the same TypeScript types: timestamps are ISO-8601 UTC text (sortable),
 * booleans are 0/1 integers, money is decimal text, bodies are bytes (BLOB / bytea).
 * docs/ARCHITECTURE.md explains why.
 */
export interface SourcesTable {
  id: string;
  name: string;
  status: ActivityStatus;
  created_at: string;
  updated_at: string;
}

export interface SourceCredentialsTable {
  id: string;
  source_id: string;
  /** 'token': sha256 of a bearer token; 'secret': a whsec_ key (needed in clear to verify HMACs). */
  kind: 'token' | 'secret';
  value: string;
  created_at: string;
  /** Set when rotated out: the credential still works until then. */
  expires_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  scope: ApiScope;
  /** sha256 of the key: API keys only need checking, never showing again. */
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export type { EventStatus } from '../domain/event-outcomes.js';

export interface EventsTable {
  id: string;
  received_at: string;
  source_id: string | null;
  endpoint: string;
  action: string | null;
  webhook_id: string | null;
  status: EventStatus;
  /** For accepted ones. */
  result: WebhookResult | null;
  http_status: number;
  error_code: string | null;
  error_message: string | null;
  error_path: string | null;
  object_type: ObjectType | null;
  object_id: string | null;
  object_version: number | null;
  /** JSON of the relevant request headers; never Authorization or webhook-signature. */
  headers: string;
  /** The raw bytes exactly as received (BOM included); null only when over the size limit. */
  body: Buffer | null;
  body_size: number;
  /** Set instead of `body` when the bytes are identical to that event's (a re-post). */
  body_event_id: string | null;
  remote_addr: string | null;
  replay_of: string | null;
  /**
   * SHA-256 (hex) of the whole body when only a prefix of it is kept in `body` (a request
   * from no known source): then `body` is shorter than `body_size`.
   */
  body_sha256: string | null;
  /** The event that replayed this one (an operator's replay); set once. */
  replayed_by: string | null;
  /** How `body` is stored: null as received, 'deflate-raw' (migration 013, storage/body-codec.ts). */
  body_encoding: string | null;
  /** When prune removed the body of an entry that changed nothing (migration 013). */
  body_pruned_at: string | null;
  /** The HTTP request that brought it (X-Request-Id, log lines' reqId); migration 014. */
  request_id: string | null;
}

export interface DeliveriesTable {
  source_id: string;
  webhook_id: string;
  event_id: string;
  received_at: string;
}

/** The columns every synced object has, whatever its kind. */
export interface ObjectColumns {
  id: string;
  source_id: string;
  identity: string;
  uuid: string | null;
  source_ref: string;
  deletion_mark: number;
  deleted: number;
  warnings: string;
  version: number;
  event_number: string | null;
  data_version: string | null;
  content_hash: string;
  /** The event whose body holds the current content (bodies are stored once, in events). */
  current_event_id: string;
  /** sha256 of the current event's raw body: an identical re-post shares it. */
  current_body_hash: string | null;
  /** Lower-cased number, names and codes: a portable case-insensitive search for Cyrillic. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

/**
 * Every column of a table, checked by the compiler both ways: a name the table lacks and a
 * column left out are errors. A search joins the trigram index and so names each column it
 * reads; a column added by a migration and missing from that list would read as undefined.
 */
export function everyColumn<T>() {
  return <const K extends readonly (keyof T)[]>(
    columns: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): K => columns;
}

/** The bookkeeping columns of every object table, in their order. */
export const OBJECT_COLUMNS = everyColumn<ObjectColumns>()([
  'id',
  'source_id',
  'identity',
  'uuid',
  'source_ref',
  'deletion_mark',
  'deleted',
  'warnings',
  'version',
  'event_number',
  'data_version',
  'content_hash',
  'current_event_id',
  'current_body_hash',
  'search_text',
  'created_at',
  'updated_at',
]);

export interface InvoicesTable extends ObjectColumns {
  kind: InvoiceKind;
  number: string;
  date: string | null;
  counterparty_name: string | null;
  counterparty_edrpou: string | null;
  counterparty_code: string | null;
  counterparty_tax_id: string | null;
  total: string | null;
  /** Only for ordering by total (migration 002); `total` is the exact value. */
  total_value: number | null;
  currency_code: string | null;
  posted: number;
  comment: string | null;
  payment_due: string | null;
  position_count: number;
}

export interface ClientsTable extends ObjectColumns {
  code: string | null;
  name: string;
  full_name: string | null;
  edrpou: string | null;
  tax_id: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  comment: string | null;
}

/** The objects of every declared kind (migration 017): one indexed column per role. */
export interface ObjectsTable extends ObjectColumns {
  kind: string;
  number: string | null;
  date: string | null;
  counterparty_uuid: string | null;
  counterparty_name: string | null;
  amount: string | null;
  /** Only for ordering by amount; `amount` is the exact value. */
  amount_value: number | null;
  code: string | null;
  name: string | null;
  posted: number | null;
  /** JSON of the listed attributes, as the read API presents them. */
  fields: string;
}

export interface VersionsTable {
  object_id: string;
  version: number;
  object_type: ObjectType;
  event_id: string;
  content_hash: string;
  deleted: number;
  created_at: string;
}

/** One applied change, in commit order (migration 010; docs/decisions/changes-feed.md, "The changes feed"). */
export interface ChangesTable {
  /** Commit order; PostgreSQL's bigint arrives as text, the repository makes it a number. */
  seq: number | string;
  /** The event (journal entry) that made the change: unique, the change's id everywhere. */
  id: string;
  object_type: ObjectType;
  /** The kind as the feed names it: a classic one or a declared one (src/kinds/). */
  kind: string;
  action: ChangeActionResult;
  object_id: string;
  version: number;
  source_id: string;
  committed_at: string;
}

export interface FeedCounterTable {
  id: number;
  last: number | string;
}

export interface FeedCursorsTable {
  name: string;
  seq: number | string;
  updated_at: string;
}

export interface Database {
  sources: SourcesTable;
  source_credentials: SourceCredentialsTable;
  api_keys: ApiKeysTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  invoices: InvoicesTable;
  clients: ClientsTable;
  objects: ObjectsTable;
  versions: VersionsTable;
  changes: ChangesTable;
  feed_counter: FeedCounterTable;
  feed_cursors: FeedCursorsTable;
  subscriptions: SubscriptionsTable;
  subscription_deliveries: SubscriptionDeliveriesTable;
  subscription_attempts: SubscriptionAttemptsTable;
  object_counts: ObjectCountsTable;
  event_counts: EventCountsTable;
  maintenance_tasks: MaintenanceTasksTable;
  reconciliations: ReconciliationsTable;
  source_odata: SourceODataTable;
}

/** One run of `onec-sync reconcile` (migration 018). */
export interface ReconciliationsTable {
  id: string;
  source_id: string;
  started_at: string;
  finished_at: string | null;
  /** running | ok | failed */
  status: string;
  repair: number;
  error: string | null;
  /** The report as JSON. */
  report: string;
}

/** A source's OData publication (migration 018); the password sealed when a secret key is set. */
export interface SourceODataTable {
  source_id: string;
  url: string;
  username: string | null;
  password: string | null;
  updated_at: string;
}

/** Maintained counts (migration 012): objects per kind and source, live and deleted. */
export interface ObjectCountsTable {
  /** incoming | outgoing | clients */
  kind: string;
  source_id: string;
  live: number | string;
  deleted: number | string;
}

/** Maintained counts (migration 012): journal rows per UTC hour ("YYYY-MM-DDTHH") or "all". */
export interface EventCountsTable {
  period: string;
  endpoint: string;
  status: EventStatus;
  /** '' when the request named no source. */
  source_id: string;
  n: number | string;
}

/** Resumable background work (migration 013): how far it got, and when it finished. */
export interface MaintenanceTasksTable {
  name: string;
  cursor: string | null;
  until_id: string | null;
  updated_at: string;
  done_at: string | null;
}

/** Pushed deliveries (migration 011, src/deliveries/). */
export type SubscriptionFormat = 'onec-sync' | 'classic';
export type DeliveryKind = string;

export interface SubscriptionsTable {
  id: string;
  url: string;
  format: SubscriptionFormat;
  /** Comma-separated change kinds; null = every kind. */
  kinds: string | null;
  source_id: string | null;
  description: string | null;
  /** whsec_…, needed in clear to sign. */
  secret: string;
  /** After a rotation the previous secret also signs, until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  concurrency: number;
  status: ActivityStatus;
  /** Why it is disabled: by an operator, or automatically after failing too long. */
  disabled_reason: string | null;
  cursor: string | null;
  failing_since: string | null;
  last_success_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionDeliveriesTable {
  id: string;
  subscription_id: string;
  change_id: string;
  kind: DeliveryKind;
  action: string;
  object_id: string;
  object_version: number;
  event_id: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_http_status: number | null;
  last_error: string | null;
  retry_until: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SubscriptionAttemptsTable {
  id: string;
  subscription_id: string;
  delivery_id: string | null;
  attempted_at: string;
  worker: string | null;
  url: string;
  http_status: number | null;
  latency_ms: number;
  outcome: 'ok' | 'retry' | 'dead' | 'test';
  error: string | null;
  response_snippet: string | null;
}
