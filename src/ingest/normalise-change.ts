import type { ChangeAction } from '../domain/change-action.js';
import type { ClientContent } from '../domain/client-content.js';
import type { InvoiceContent, InvoicePosition } from '../domain/invoice-content.js';
import { clientWarnings, invoiceWarnings } from '../domain/invoice-warnings.js';
import type { EndpointName, InvoiceKind } from '../domain/kinds.js';
import { objectIdentity } from '../domain/object-identity.js';
import type { Warning } from '../domain/warning.js';
import { decimalValue, extraFields, flagValue, integerText, optionalDateValue, optionalText, requiredDateValue, textValue } from './normalise-values.js';
import type { ClientChange, InvoiceChange, ObjectChange } from './object-change.js';
import { ClientData, IncomingInvoiceData, knownKeys, OutgoingInvoiceData, Position } from './webhook-schemas.js';

type Json = Record<string, unknown>;

const INCOMING_KEYS = knownKeys(IncomingInvoiceData);
const OUTGOING_KEYS = knownKeys(OutgoingInvoiceData);
const POSITION_KEYS = knownKeys(Position);
const CLIENT_KEYS = knownKeys(ClientData);

/** What every change carries besides its content: identity, ordering, warnings. */
function changeMeta<C>(action: ChangeAction, data: Json, refField: string, content: C, warnings: Warning[]) {
  const uuid = typeof data.УникальныйИдентификатор === 'string' ? data.УникальныйИдентификатор.toLowerCase() : null;
  const sourceRef = String(data[refField]);
  return {
    action,
    identity: objectIdentity(uuid, sourceRef),
    uuid,
    sourceRef,
    eventNumber: integerText(data.НомерСобытия),
    dataVersion: optionalText(data.ВерсияДанных),
    content,
    warnings,
  };
}

function position(raw: Json, index: number): InvoicePosition {
  const extra = extraFields(raw, POSITION_KEYS);
  return {
    line: index + 1,
    name: textValue(raw.НаименованиеТовара),
    code: optionalText(raw.КодТовара),
    quantity: decimalValue(raw.Количество),
    price: decimalValue(raw.Цена),
    amount: decimalValue(raw.Сумма),
    unit: optionalText(raw.ЕдиницаИзмерения),
    vatRate: optionalText(raw.СтавкаНДС),
    vatAmount: decimalValue(raw.СуммаНДС),
    ...(extra ? { extra } : {}),
  };
}

function invoiceChange(kind: InvoiceKind, action: ChangeAction, data: Json, stored: boolean): InvoiceChange {
  const outgoing = kind === 'outgoing';
  const extra = extraFields(data, outgoing ? OUTGOING_KEYS : INCOMING_KEYS);
  const dateWarnings: Warning[] = [];
  const content: InvoiceContent = {
    number: textValue(data.НомерДокумента) ?? '',
    date: stored ? optionalDateValue(data.ДатаДокумента, 'ДатаДокумента', dateWarnings) : requiredDateValue(data.ДатаДокумента, 'invoiceData.ДатаДокумента'),
    counterparty: {
      name: textValue(outgoing ? data.Клиент : data.Постачальник),
      edrpou: optionalText(data.ЄДРПОУ),
      code: outgoing ? optionalText(data.КодКлиента) : null,
      taxId: outgoing ? optionalText(data.ИННКлиента) : null,
    },
    total: decimalValue(data.СуммаДокумента),
    currencyCode: optionalText(data.КодВалюты),
    posted: flagValue(data.Проведен),
    deletionMark: flagValue(data.ПометкаУдаления),
    comment: optionalText(data.Комментарий),
    paymentDue: outgoing ? optionalDateValue(data.ДатаОплаты, 'ДатаОплаты', dateWarnings) : null,
    positions: ((data.positions as Json[] | undefined) ?? []).map(position),
    ...(extra ? { extra } : {}),
  };
  return { objectType: 'invoice', kind, ...changeMeta(action, data, 'СсылкаДокумента', content, [...dateWarnings, ...invoiceWarnings(content)]) };
}

function clientChange(action: ChangeAction, data: Json): ClientChange {
  const extra = extraFields(data, CLIENT_KEYS);
  const content: ClientContent = {
    code: optionalText(data.Код),
    name: textValue(data.Наименование) ?? '',
    fullName: optionalText(data.НаименованиеПолное),
    edrpou: optionalText(data.ЄДРПОУ),
    taxId: optionalText(data.ИНН),
    phone: optionalText(data.Телефон),
    email: optionalText(data.Email),
    address: optionalText(data.Адрес),
    comment: optionalText(data.Комментарий),
    deletionMark: flagValue(data.ПометкаУдаления),
    ...(extra ? { extra } : {}),
  };
  return { objectType: 'client', ...changeMeta(action, data, 'СсылкаКлиента', content, clientWarnings(content)) };
}

/** A validated webhook body → the change it asks for. Throws PrecisionSignal on over-long numbers. */
export function normaliseChange(endpoint: EndpointName, body: Json, options: { stored?: boolean } = {}): ObjectChange {
  const stored = options.stored === true;
  const action = body.action as ChangeAction;
  switch (endpoint) {
    case 'invoices':
      return invoiceChange('incoming', action, body.invoiceData as Json, stored);
    case 'outgoing-invoices':
      return invoiceChange('outgoing', action, body.invoiceData as Json, stored);
    case 'clients':
      return clientChange(action, body.clientData as Json);
  }
}
