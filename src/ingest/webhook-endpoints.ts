import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type EndpointName, KIND_LIST, type KindInfo } from '../domain/kinds.js';
import { normaliseChange } from './normalise-change.js';
import type { ObjectChange } from './object-change.js';
import { ClientWebhook, IncomingInvoiceWebhook, OutgoingInvoiceWebhook } from './webhook-schemas.js';

/** The paths 1C posts to — exactly the classic modules', plus the clients endpoint it implies. */
export type { EndpointName } from '../domain/kinds.js';
export type ObjectType = KindInfo['objectType'];

/** An endpoint 1C posts to: its kind (names, path, 1C object) and the schema its body must meet. */
export interface WebhookEndpoint {
  name: EndpointName;
  path: string;
  schema: TSchema;
  objectType: ObjectType;
  kind: KindInfo;
  /** The 1C object it carries, for documentation. */
  oneCObject: string;
  check: TypeCheck<TSchema>;
  normalise(body: Record<string, unknown>, options: { stored?: boolean }): ObjectChange;
}

const SCHEMAS: Record<EndpointName, TSchema> = {
  invoices: IncomingInvoiceWebhook,
  'outgoing-invoices': OutgoingInvoiceWebhook,
  clients: ClientWebhook,
};

/** The paths 1C posts to — exactly the classic modules', plus the clients endpoint they imply. */
export const WEBHOOK_ENDPOINTS: readonly WebhookEndpoint[] = KIND_LIST.map((kind) => ({
  name: kind.endpoint,
  path: kind.webhookPath,
  schema: SCHEMAS[kind.endpoint],
  objectType: kind.objectType,
  kind,
  oneCObject: `${kind.metaClass}.${kind.oneCName}`,
  check: TypeCompiler.Compile(SCHEMAS[kind.endpoint]),
  normalise: (body: Record<string, unknown>, options: { stored?: boolean }) => normaliseChange(kind.endpoint, body, options),
}));
