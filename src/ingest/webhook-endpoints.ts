import type { TSchema } from '@sinclair/typebox';
import { ClientWebhook, IncomingInvoiceWebhook, OutgoingInvoiceWebhook } from './webhook-schemas.js';

/** The paths 1C posts to — exactly the classic modules', plus the clients endpoint it implies. */
export type EndpointName = 'invoices' | 'outgoing-invoices' | 'clients';
export type ObjectType = 'invoice' | 'client';

export interface WebhookEndpoint {
  name: EndpointName;
  path: string;
  schema: TSchema;
  objectType: ObjectType;
  /** The 1C object it carries, for documentation. */
  oneCObject: string;
}

export const WEBHOOK_ENDPOINTS: readonly WebhookEndpoint[] = [
  { name: 'invoices', path: '/api/webhook/1c/invoices', schema: IncomingInvoiceWebhook, objectType: 'invoice', oneCObject: 'Документ.ПоступлениеТоваровУслуг' },
  { name: 'outgoing-invoices', path: '/api/webhook/1c/outgoing-invoices', schema: OutgoingInvoiceWebhook, objectType: 'invoice', oneCObject: 'Документ.СчетНаОплатуПокупателю' },
  { name: 'clients', path: '/api/webhook/1c/clients', schema: ClientWebhook, objectType: 'client', oneCObject: 'Справочник.Контрагенты' },
];
