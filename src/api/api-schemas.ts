import { type Static, Type } from '@sinclair/typebox';
import { EVENT_STATUSES, WEBHOOK_RESULTS } from '../domain/event-outcomes.js';
import { INVOICE_KINDS } from '../domain/kinds.js';
import { WARNING_CODES } from '../domain/warning.js';
import { literalUnion, nullableStringEnum, stringEnum } from './literal-union.js';

/**
 * The read API's shapes (English camelCase). They generate /openapi.json and the types
 * below (never written twice); responses are written by JSON.stringify, not compiled from
 * them (src/http/build-app.ts says why), so a shape documents the answer, it does not filter it.
 */
/**
 * A nullable scalar as OpenAPI 3.0 spells it (`nullable: true`), not as `anyOf`, so the
 * document reads as one type per field and generated ERP clients get a plain optional.
 */
export const NullableText = (description?: string) => Type.Unsafe<string | null>({ type: 'string', nullable: true, ...(description ? { description } : {}) });
const NullableInteger = (description?: string) => Type.Unsafe<number | null>({ type: 'integer', nullable: true, ...(description ? { description } : {}) });
const Decimal = (description: string) => NullableText(`${description}; exact decimal string, e.g. "1234.56"`);

export const WarningSchema = Type.Object({
  code: stringEnum(WARNING_CODES, { description: 'See docs/errors.md' }),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const PositionSchema = Type.Object({
  line: Type.Integer(),
  name: NullableText(),
  code: NullableText(),
  quantity: Decimal('Quantity'),
  price: Decimal('Price'),
  amount: Decimal('Amount'),
  unit: NullableText(),
  vatRate: NullableText(),
  vatAmount: Decimal('VAT amount'),
  extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const CounterpartySchema = Type.Object({
  name: NullableText(),
  edrpou: NullableText('ЄДРПОУ'),
  code: NullableText('Код контрагента (outgoing invoices)'),
  taxId: NullableText('ІПН (outgoing invoices)'),
});

const invoiceHeader = {
  id: Type.String(),
  kind: literalUnion(INVOICE_KINDS),
  sourceId: Type.String(),
  uuid: NullableText('The 1C object GUID, when the sender sends it'),
  sourceRef: Type.String({ description: 'Строка(Ссылка) as 1C sent it' }),
  number: Type.String(),
  date: NullableText('Document date with the 1C server zone offset, e.g. 2024-01-15T10:30:00+02:00'),
  localDate: NullableText('Document date as 1C wrote it (local wall time)'),
  counterparty: CounterpartySchema,
  total: Decimal('СуммаДокумента'),
  currencyCode: NullableText('ISO 4217 numeric, e.g. "980"'),
  currency: NullableText('ISO 4217 alphabetic, e.g. "UAH"'),
  posted: Type.Boolean(),
  deletionMark: Type.Boolean(),
  deleted: Type.Boolean(),
  comment: NullableText(),
  paymentDue: NullableText(),
  positionCount: Type.Integer(),
  warnings: Type.Array(WarningSchema),
  version: Type.Integer(),
  eventNumber: NullableText('Last НомерСобытия applied'),
  dataVersion: NullableText('Last ВерсияДанных'),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const InvoiceSummarySchema = Type.Object(invoiceHeader, { $id: 'InvoiceSummary' });
export const InvoiceSchema = Type.Object(
  { ...invoiceHeader, positions: Type.Array(PositionSchema), extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { $id: 'Invoice' },
);

const clientFields = {
  id: Type.String(),
  sourceId: Type.String(),
  uuid: NullableText(),
  sourceRef: Type.String(),
  code: NullableText(),
  name: Type.String(),
  fullName: NullableText(),
  edrpou: NullableText(),
  taxId: NullableText(),
  phone: NullableText(),
  email: NullableText(),
  address: NullableText(),
  comment: NullableText(),
  deletionMark: Type.Boolean(),
  deleted: Type.Boolean(),
  warnings: Type.Array(WarningSchema),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const ClientSchema = Type.Object(clientFields, { $id: 'Client' });

export const FieldChangeSchema = Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() });
export const VersionSchema = Type.Object({
  version: Type.Integer(),
  eventId: Type.String(),
  createdAt: Type.String(),
  deleted: Type.Boolean(),
  contentHash: Type.String(),
  content: Type.Unknown({ description: 'The object as of this version' }),
  changes: Type.Array(FieldChangeSchema, { description: 'What changed since the previous version' }),
});

export const EventSummarySchema = Type.Object({
  id: Type.String(),
  receivedAt: Type.String(),
  sourceId: NullableText(),
  endpoint: Type.String(),
  action: NullableText(),
  webhookId: NullableText(),
  status: stringEnum(EVENT_STATUSES),
  result: nullableStringEnum(WEBHOOK_RESULTS),
  httpStatus: Type.Integer(),
  error: Type.Unsafe<{ code: string; message: string | null; path: string | null } | null>({
    ...Type.Object({ code: Type.String(), message: NullableText(), path: NullableText() }),
    nullable: true,
  }),
  objectType: NullableText(),
  objectId: NullableText(),
  objectVersion: NullableInteger(),
  bodySize: Type.Integer(),
  remoteAddr: NullableText(),
  replayOf: NullableText(),
  replayedBy: NullableText('The event that replayed this one'),
  requestId: NullableText('The HTTP request that brought it: its X-Request-Id, and the reqId of its log lines'),
  headers: Type.Record(Type.String(), Type.String()),
});
export const EventSchema = Type.Object({
  ...EventSummarySchema.properties,
  body: NullableText('The raw body as UTF-8 text, BOM removed; only its first bytes when bodyTruncated'),
  bodyBase64: NullableText('The raw bytes exactly as received; only the first ones when bodyTruncated'),
  bodyHasBom: Type.Boolean(),
  bodyTruncated: Type.Boolean({ description: 'body and bodyBase64 hold only the first bytes of the request' }),
  bodyStored: Type.Union([Type.Literal('full'), Type.Literal('prefix'), Type.Literal('none'), Type.Literal('pruned')], {
    description:
      'What the journal kept: every byte, a prefix (a request from no known source), nothing (over the size limit), or nothing any more (pruned: an entry that changed nothing, older than the retention)',
  }),
  bodyPrunedAt: NullableText('When prune removed the body (bodyStored "pruned")'),
  bodySha256: NullableText('SHA-256 of the whole body, when only a prefix was kept'),
  bodyUrl: NullableText('Where to download every byte (application/octet-stream), when they were kept'),
});

export const ListOf = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NullableText() });

/** A list with substring search (`q`), whose work is bounded (docs/ARCHITECTURE.md, "Search"). */
export const SearchListOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: NullableText(),
    truncated: Type.Boolean({
      description: 'The search matched more rows than matchLimit: only that many were sorted, so this page may miss some. Refine the search.',
    }),
    matchLimit: Type.Integer({ minimum: 1, description: 'Most matches a search sorts for one page' }),
  });

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    path: Type.Optional(Type.String()),
    retry: Type.Boolean(),
    requestId: Type.Optional(Type.String({ description: "The request's id (also its X-Request-Id header): quote it to the operator" })),
  }),
  eventId: Type.Optional(Type.String()),
});

export const WebhookAcceptedSchema = Type.Object({
  status: Type.Literal('ok'),
  result: stringEnum(WEBHOOK_RESULTS),
  id: NullableText(),
  eventId: Type.String(),
});

export type Invoice = Static<typeof InvoiceSchema>;
export type InvoiceSummary = Static<typeof InvoiceSummarySchema>;
export type Client = Static<typeof ClientSchema>;
export type EventSummary = Static<typeof EventSummarySchema>;
export type ApiEvent = Static<typeof EventSchema>;
