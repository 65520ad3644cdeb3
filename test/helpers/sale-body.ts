import { date, num, type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';

/** The shipped declared kind `sale` (Документ.РеализацияТоваровУслуг) posts here. */
export const SALES = '/api/webhook/1c/sales';

export const CLIENT_GUID = '5b4f7a2e-0c1d-4e8f-9a3b-111111111111';
export const ITEM_GUID = '5b4f7a2e-0c1d-4e8f-9a3b-222222222222';

const ref = (uuid: string, presentation: string, type: string): OneCValue => ({ УникальныйИдентификатор: uuid, Представление: presentation, Тип: type });
const enumValue = (name: string, presentation: string, type: string): OneCValue => ({ Имя: name, Представление: presentation, Тип: type });

export interface SaleLine {
  item: string;
  quantity: string;
  price: string;
  amount: string;
  vat: string;
}

export interface SaleSpec {
  uuid: string;
  number: string;
  date: string;
  total: string;
  lines?: SaleLine[];
  counterparty?: string;
  comment?: string;
  posted?: boolean;
  eventNumber?: number;
  action?: string;
}

/** A sale as the generated modules write it (1C's bytes: BOM, CR LF, tabs). */
export function saleBody(s: SaleSpec): Buffer {
  return writeOneCJson(
    {
      action: s.action ?? 'update',
      data: {
        Ссылка: `Реалізація товарів і послуг ${s.number} від ${s.date}`,
        Номер: s.number,
        Дата: date(s.date),
        Проведен: s.posted ?? true,
        Организация: ref('5b4f7a2e-0c1d-4e8f-9a3b-444444444444', 'ТОВ «Наша фірма»', 'Справочник.Организации'),
        Контрагент: ref(CLIENT_GUID, s.counterparty ?? 'ТОВ «Ромашка»', 'Справочник.Контрагенты'),
        ДоговорКонтрагента: null,
        ВидОперации: enumValue('ПродажаКомиссия', 'Продаж, комісія', 'Перечисление.ВидыОперацийРеализацияТоваров'),
        Склад: ref('5b4f7a2e-0c1d-4e8f-9a3b-555555555555', 'Основний склад', 'Справочник.Склады'),
        ВалютаДокумента: ref('5b4f7a2e-0c1d-4e8f-9a3b-666666666666', 'грн', 'Справочник.Валюты'),
        КурсВзаиморасчетов: num('1'),
        СуммаВключаетНДС: true,
        СуммаДокумента: num(s.total),
        Комментарий: s.comment ?? '',
        Ответственный: null,
        Товары: (s.lines ?? []).map((l) => ({
          Номенклатура: ref(ITEM_GUID, l.item, 'Справочник.Номенклатура'),
          Количество: num(l.quantity),
          Цена: num(l.price),
          Сумма: num(l.amount),
          СтавкаНДС: enumValue('НДС20', '20%', 'Перечисление.СтавкиНДС'),
          СуммаНДС: num(l.vat),
        })),
        Услуги: [],
        УникальныйИдентификатор: s.uuid,
        ПометкаУдаления: false,
        ВерсияДанных: 'AAAAAQAAAAA=',
        НомерСобытия: num(String(s.eventNumber ?? 10)),
      },
    },
    { bom: true },
  );
}
