/**
 * Metadata of the simulated 1C base: which documents, catalogs and information registers exist
 * and what attributes they carry. A small slice of a standard accounting configuration (БУ for
 * Ukraine / BAS): the two documents and the counterparty catalog the generated modules sync,
 * the catalogs their references point to, and the outbox register.
 */

import { NUMBER_FIELDS, REGISTER_FIELDS, type RegisterField } from '../../generator/register-fields.js';
import { DEFAULT_NAMES } from '../../generator/resolve-options.js';
import type { BslNames } from '../../generator/types.js';

/** The type of an attribute; a reference names its table as 1C does ("Справочник.Контрагенты"). */
export type AttributeType =
  | { kind: 'string'; length?: number }
  | { kind: 'number'; digits?: number; scale?: number }
  | { kind: 'date' }
  | { kind: 'boolean' }
  | { kind: 'ref'; table: string }
  /** A value of a platform enumeration (ТипыКонтактнойИнформации, СтавкиНДС): its name. */
  | { kind: 'enum'; enumeration: string };

export interface AttributeDef {
  name: string;
  type: AttributeType;
}

export interface TabularSectionDef {
  name: string;
  attributes: AttributeDef[];
}

export type ObjectClass = 'Документ' | 'Справочник';

export interface ObjectTableDef {
  cls: ObjectClass;
  name: string;
  /** The document's or catalog's own presentation (Представление объекта), e.g. "Поступление товаров и услуг". */
  synonym: string;
  attributes: AttributeDef[];
  tabularSections: TabularSectionDef[];
  /** Catalogs: hierarchical with groups (ЭтоГруппа). */
  hierarchical?: boolean;
  /** Length of Номер (documents) or Код (catalogs); numbers are zero-padded to it. */
  numberLength: number;
}

export interface RegisterDef {
  name: string;
  dimensions: AttributeDef[];
  /** Resources and attributes together: the record's other fields. */
  fields: AttributeDef[];
}

export interface BaseMetadata {
  tables: ObjectTableDef[];
  registers: RegisterDef[];
}

const str = (length?: number): AttributeType => ({ kind: 'string', length });
const numT = (digits = 15, scale = 2): AttributeType => ({ kind: 'number', digits, scale });
const ref = (table: string): AttributeType => ({ kind: 'ref', table });

/** Register field types, read from the designer's type text the guides print. */
function registerFieldType(text: string): AttributeType {
  if (text.startsWith('Булево')) return { kind: 'boolean' };
  if (text.startsWith('Дата')) return { kind: 'date' };
  if (text.startsWith('Число')) return { kind: 'number', digits: 20, scale: 0 };
  const length = /Строка \((\d+)/.exec(text);
  return str(length ? Number(length[1]) : undefined);
}

/**
 * The configuration the end-to-end tests and the emulator run: named as the generator's options
 * name them, so a base can be made for renamed objects too.
 */
export function standardMetadata(names: Partial<BslNames> = {}): BaseMetadata {
  const n = { ...DEFAULT_NAMES, ...names };
  const positions = (): AttributeDef[] => [
    { name: 'Номенклатура', type: ref('Справочник.Номенклатура') },
    { name: 'ЕдиницаИзмерения', type: ref('Справочник.КлассификаторЕдиницИзмерения') },
    { name: 'Количество', type: numT(15, 3) },
    { name: 'Цена', type: numT(15, 2) },
    { name: 'Сумма', type: numT(15, 2) },
    { name: 'СтавкаНДС', type: { kind: 'enum', enumeration: 'СтавкиНДС' } },
    { name: 'СуммаНДС', type: numT(15, 2) },
  ];
  const documentAttributes = (): AttributeDef[] => [
    { name: n.counterparty, type: ref(`Справочник.${n.client}`) },
    { name: 'ВалютаДокумента', type: ref('Справочник.Валюты') },
    { name: 'СуммаДокумента', type: numT(15, 2) },
    { name: 'Комментарий', type: str() },
  ];
  const simpleCatalog = (name: string, synonym: string): ObjectTableDef => ({
    cls: 'Справочник',
    name,
    synonym,
    attributes: [],
    tabularSections: [],
    numberLength: 9,
  });
  return {
    tables: [
      {
        cls: 'Документ',
        name: n.receipt,
        synonym: 'Поступление товаров и услуг',
        numberLength: 11,
        attributes: documentAttributes(),
        tabularSections: [
          { name: n.goodsTable, attributes: positions() },
          { name: n.servicesTable, attributes: positions() },
        ],
      },
      {
        cls: 'Документ',
        name: n.invoice,
        synonym: 'Счет на оплату покупателю',
        numberLength: 11,
        attributes: [...documentAttributes(), { name: 'ДатаОплаты', type: { kind: 'date' } }],
        tabularSections: [
          { name: n.goodsTable, attributes: positions() },
          { name: n.servicesTable, attributes: positions() },
        ],
      },
      {
        cls: 'Справочник',
        name: n.client,
        synonym: 'Контрагенты',
        numberLength: 9,
        hierarchical: true,
        attributes: [
          { name: 'НаименованиеПолное', type: str() },
          { name: n.edrpou, type: str(10) },
          { name: n.taxId, type: str(12) },
          { name: 'Комментарий', type: str() },
        ],
        tabularSections: [
          {
            name: 'КонтактнаяИнформация',
            attributes: [
              { name: 'Тип', type: { kind: 'enum', enumeration: 'ТипыКонтактнойИнформации' } },
              { name: 'Представление', type: str() },
            ],
          },
        ],
      },
      simpleCatalog('Номенклатура', 'Номенклатура'),
      simpleCatalog('КлассификаторЕдиницИзмерения', 'Классификатор единиц измерения'),
      { ...simpleCatalog('Валюты', 'Валюты'), numberLength: 3 },
    ],
    // The registers exactly as the guides tell the 1C developer to create them.
    registers: [registerDef(n.queueRegister, REGISTER_FIELDS), registerDef(n.numbersRegister, NUMBER_FIELDS)],
  };
}

function registerDef(name: string, fields: readonly RegisterField[]): RegisterDef {
  return {
    name,
    dimensions: fields.filter((f) => f.role === 'dimension').map((f) => ({ name: f.name, type: registerFieldType(f.type) })),
    fields: fields.filter((f) => f.role !== 'dimension').map((f) => ({ name: f.name, type: registerFieldType(f.type) })),
  };
}
