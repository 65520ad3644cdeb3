import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { WEBHOOK_ACTIONS } from '../domain/change-action.js';

/**
 * The three webhook bodies, field names exactly as the classic 1C modules (the original setup
 * guide's) write them, plus the optional fields our generated modules add. These schemas
 * validate at the edge, give the TypeScript types (Static<>) and feed /openapi.json.
 * Unknown extra fields are allowed and kept, so no additionalProperties: false.
 */

/** A 1C string attribute; `Неопределено` is written as null, an empty ref's name as "". */
const Text = (description?: string) => Type.Optional(Type.Union([Type.String(), Type.Null()], { description }));

/** 1C numbers arrive as JSON numbers; numeric strings are tolerated (some exports quote them). */
const DecimalValue = (description?: string) =>
  Type.Optional(Type.Union([Type.Number(), Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*$' }), Type.Null()], { description }));

/** ISO local date without zone ("2024-01-15T10:30:00"); "0001-01-01T00:00:00" is the empty date. */
const LOCAL_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$';
const LocalDate = (description: string) => Type.String({ pattern: LOCAL_DATE_PATTERN, description });
const OptionalLocalDate = (description: string) => Type.Optional(Type.Union([Type.String({ pattern: LOCAL_DATE_PATTERN }), Type.Null()], { description }));

const Flag = (description?: string) => Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description }));

export const Action = Type.Union(
  WEBHOOK_ACTIONS.map((a) => Type.Literal(a)),
  {
    description: 'Never trusted to tell create from update: the classic modules always send "update" (ЭтоНовый() is false in ПриЗаписи).',
  },
);

/** Fields our generated modules add to every object. */
export const ObjectMeta = {
  УникальныйИдентификатор: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      description: 'Строка(Ссылка.УникальныйИдентификатор()): the stable identity',
    }),
  ),
  ПометкаУдаления: Flag('Deletion mark (an ordinary write in 1C)'),
  ВерсияДанных: Text('Ссылка.ВерсияДанных, opaque'),
  НомерСобытия: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\d{1,30}$' })], {
      description: 'Grows with every change in the 1C base: an older one is not applied (result "stale")',
    }),
  ),
};

export const Position = Type.Object({
  НаименованиеТовара: Text('Номенклатура.Наименование'),
  КодТовара: Text('Номенклатура.Код'),
  Количество: DecimalValue('Quantity, Number(15,3)'),
  Цена: DecimalValue('Price'),
  Сумма: DecimalValue('Amount, Number(15,2)'),
  ЕдиницаИзмерения: Text('Unit name'),
  СтавкаНДС: Text('VAT rate presentation, e.g. "20%"'),
  СуммаНДС: DecimalValue('VAT amount'),
});

const InvoiceCommon = {
  СсылкаДокумента: Type.String({ minLength: 1, description: 'Строка(Ссылка): a presentation, used as identity only without УникальныйИдентификатор' }),
  НомерДокумента: Type.Union([Type.String(), Type.Number()], { description: 'Номер' }),
  ДатаДокумента: LocalDate('Дата, local time of the 1C server'),
  ЄДРПОУ: Text('Контрагент.КодПоЕДРПОУ'),
  СуммаДокумента: DecimalValue('СуммаДокумента'),
  КодВалюты: Text('ВалютаДокумента.Код, ISO 4217 numeric'),
  Проведен: Flag('Posted'),
  Комментарий: Text(),
  positions: Type.Optional(Type.Array(Position)),
  ...ObjectMeta,
};

export const IncomingInvoiceData = Type.Object({ ...InvoiceCommon, Постачальник: Text('Контрагент.Наименование') });
export const OutgoingInvoiceData = Type.Object({
  ...InvoiceCommon,
  Клиент: Text('Контрагент.Наименование'),
  ДатаОплаты: OptionalLocalDate('Payment due; the empty date means none'),
  КодКлиента: Text('Контрагент.Код'),
  ИННКлиента: Text('Контрагент.ИНН'),
});
export const ClientData = Type.Object({
  СсылкаКлиента: Type.String({ minLength: 1 }),
  Код: Text(),
  Наименование: Type.String(),
  НаименованиеПолное: Text(),
  ЄДРПОУ: Text(),
  ИНН: Text(),
  Телефон: Text(),
  Email: Text(),
  Адрес: Text(),
  Комментарий: Text(),
  ...ObjectMeta,
});

export const IncomingInvoiceWebhook = Type.Object({ action: Action, invoiceData: IncomingInvoiceData }, { $id: 'IncomingInvoiceWebhook' });
export const OutgoingInvoiceWebhook = Type.Object({ action: Action, invoiceData: OutgoingInvoiceData }, { $id: 'OutgoingInvoiceWebhook' });
export const ClientWebhook = Type.Object({ action: Action, clientData: ClientData }, { $id: 'ClientWebhook' });

export type IncomingInvoiceWebhook = Static<typeof IncomingInvoiceWebhook>;
export type OutgoingInvoiceWebhook = Static<typeof OutgoingInvoiceWebhook>;
export type ClientWebhook = Static<typeof ClientWebhook>;

/** Known keys per object, so everything else 1C sends is kept as `extra`. */
export function knownKeys(schema: TSchema): ReadonlySet<string> {
  return new Set(Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {}));
}
