/**
 * The outbox register's fields, in one place: both guides print this table and the
 * test checks that the common module touches no other field.
 */
export interface RegisterField {
  name: string;
  role: 'dimension' | 'attribute' | 'resource';
  /** The type as the designer's type dialog names it. */
  type: string;
  uk: string;
  en: string;
}

export const REGISTER_FIELDS: readonly RegisterField[] = [
  {
    name: 'ИдентификаторСообщения',
    role: 'dimension',
    type: 'Строка (36), Основной отбор',
    uk: 'ключ запису; стає заголовком webhook-id (повтор упізнається як дублікат)',
    en: 'record key; becomes the webhook-id header (a retry is recognised as a duplicate)',
  },
  {
    name: 'УникальныйИдентификаторОбъекта',
    role: 'attribute',
    type: 'Строка (36), Индексировать',
    uk: "GUID об'єкта; за ним відправка групує й стримує записи одного об'єкта",
    en: "the object's GUID; the sender groups and holds back one object's records by it",
  },
  {
    name: 'Вид',
    role: 'resource',
    type: 'Строка (10)',
    uk: 'вид об\'єкта ("receipt", "invoice", "client", …: стовпчик «Вид у черзі» розділу «Що надсилається»)',
    en: 'the object\'s kind ("receipt", "invoice", "client", …: the «Вид in the queue» column of «What is sent»)',
  },
  { name: 'Ссылка', role: 'resource', type: 'Строка (255)', uk: "представлення об'єкта для людини", en: "the object's presentation, for humans" },
  { name: 'Действие', role: 'resource', type: 'Строка (10)', uk: '"upsert" або "delete"', en: '"upsert" or "delete"' },
  {
    name: 'НовыйОбъект',
    role: 'resource',
    type: 'Булево',
    uk: 'ЭтоНовый(), збережений у ПередЗаписью → action "create"',
    en: 'ЭтоНовый() captured in ПередЗаписью → action "create"',
  },
  {
    name: 'НомерСобытия',
    role: 'resource',
    type: 'Число (20, 0), неотрицательное',
    uk: "для кожного об'єкта лише зростає; порядок відправки",
    en: 'only grows for each object; the sending order',
  },
  { name: 'ДатаСоздания', role: 'resource', type: 'Дата (Дата и время)', uk: 'коли зміну поставлено в чергу', en: 'when the change was queued' },
  { name: 'Попыток', role: 'resource', type: 'Число (10, 0), неотрицательное', uk: 'скільки спроб уже було', en: 'attempts made so far' },
  {
    name: 'СледующаяПопытка',
    role: 'resource',
    type: 'Дата (Дата и время)',
    uk: 'не надсилати раніше (порожня — одразу)',
    en: 'do not send before (empty: at once)',
  },
  { name: 'ПоследняяОшибка', role: 'resource', type: 'Строка (неограниченная)', uk: 'остання відповідь або помилка', en: 'the last response or error' },
  { name: 'Состояние', role: 'resource', type: 'Строка (10)', uk: '"queued" або "parked" (чекає на людину)', en: '"queued" or "parked" (waits for a person)' },
  {
    name: 'ТелоУдаления',
    role: 'resource',
    type: 'Строка (неограниченная)',
    uk: 'JSON видалення, побудований у ПередУдалением',
    en: "the delete's JSON, built in ПередУдалением",
  },
];

/** The second register: the last event number given to each object, so numbers keep growing after a delivery. */
export const NUMBER_FIELDS: readonly RegisterField[] = [
  {
    name: 'Вид',
    role: 'dimension',
    type: 'Строка (10)',
    uk: 'вид об\'єкта ("receipt", "invoice", "client", …: стовпчик «Вид у черзі» розділу «Що надсилається»)',
    en: 'the object\'s kind ("receipt", "invoice", "client", …: the «Вид in the queue» column of «What is sent»)',
  },
  { name: 'УникальныйИдентификаторОбъекта', role: 'dimension', type: 'Строка (36)', uk: "GUID об'єкта", en: "the object's GUID" },
  {
    name: 'НомерСобытия',
    role: 'resource',
    type: 'Число (20, 0), неотрицательное',
    uk: "останній номер події, виданий об'єкту (і тоді, коли запис уже надіслано й видалено з черги)",
    en: 'the last event number given to the object (also after its record was sent and left the queue)',
  },
];

export const ROLE_UK = { dimension: 'Измерение', attribute: 'Реквизит', resource: 'Ресурс' } as const;
