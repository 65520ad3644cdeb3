/**
 * Metadata of the simulated 1C base: which documents, catalogs, enumerations and information
 * registers exist and what attributes they carry. A small slice of a standard accounting
 * configuration (БУ for Ukraine / BAS): the two documents and the counterparty catalog of the
 * classic modules, every other declared kind's object built from its declaration, the catalogs
 * and enumerations their references point to, and the outbox registers.
 */

import type { KindDefinition } from '../../../kinds/kind-definition.js';
import type { OneCType } from '../../../kinds/one-c-type.js';
import { shippedKinds } from '../../generator/kind-plans.js';
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

/** A configuration enumeration: its values' names and presentations. */
export interface EnumSpec {
  name: string;
  values: Array<[string, string]>;
}

export interface BaseMetadata {
  tables: ObjectTableDef[];
  registers: RegisterDef[];
  /** The configuration's enumerations besides СтавкиНДС and ТипыКонтактнойИнформации. */
  enums?: EnumSpec[];
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
export function standardMetadata(names: Partial<BslNames> = {}, kinds: readonly KindDefinition[] = shippedKinds()): BaseMetadata {
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
  const classic: BaseMetadata = {
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
  return withDeclaredKinds(classic, kinds);
}

/** Presentations of the shipped kinds' documents, as 1C shows a reference to one. */
const SYNONYMS: Record<string, string> = {
  РеализацияТоваровУслуг: 'Реализация товаров и услуг',
  ПоступлениеНаРасчетныйСчет: 'Поступление на расчетный счет',
  СписаниеСРасчетногоСчета: 'Списание с расчетного счета',
};

/** Values of the shipped kinds' enumerations (BAS Бухгалтерія's names); others get two placeholders. */
const ENUM_VALUES: Record<string, Array<[string, string]>> = {
  ВидыДоговоровКонтрагентов: [
    ['СПоставщиком', 'С поставщиком'],
    ['СПокупателем', 'С покупателем'],
    ['Прочее', 'Прочее'],
  ],
  ВидыОперацийРеализацияТоваров: [
    ['ПродажаКомиссия', 'Продажа, комиссия'],
    ['ПередачаНаКомиссию', 'Передача на комиссию'],
  ],
  ВидыОперацийПоступлениеДенежныхСредств: [
    ['ОплатаПокупателя', 'Оплата от покупателя'],
    ['ВозвратДенежныхСредствПоставщиком', 'Возврат денежных средств поставщиком'],
    ['ПрочееПоступление', 'Прочее поступление безналичных денежных средств'],
  ],
  ВидыОперацийСписаниеДенежныхСредств: [
    ['ОплатаПоставщику', 'Оплата поставщику'],
    ['ВозвратДенежныхСредствПокупателю', 'Возврат денежных средств покупателю'],
    ['ПрочееСписание', 'Прочее списание безналичных денежных средств'],
  ],
};

/** Enumerations the base always has (enum-value.ts `configurationEnums`). */
const PLATFORM_ENUMS = new Set(['СтавкиНДС', 'ТипыКонтактнойИнформации']);

const STANDARD = {
  Документ: new Set(['Номер', 'Дата', 'Проведен', 'ПометкаУдаления', 'ВерсияДанных']),
  Справочник: new Set(['Код', 'Наименование', 'ПометкаУдаления', 'ВерсияДанных', 'ЭтоГруппа']),
} as const;

/**
 * Adds every declared kind's object that the classic slice lacks, or the declared attributes an
 * existing object lacks (Номенклатура), and the catalogs and enumerations their references name.
 * An attribute read through a path (`Контрагент.Наименование`) says nothing of the object's own
 * attributes and is left out; so are the standard attributes every document or catalog has.
 */
function withDeclaredKinds(meta: BaseMetadata, kinds: readonly KindDefinition[]): BaseMetadata {
  const tables = new Map(meta.tables.map((t) => [`${t.cls}.${t.name}`, t]));
  const enums = new Map<string, EnumSpec>();
  const catalogs = new Set<string>();
  const typeOf = (t: OneCType): AttributeType => {
    switch (t.type) {
      case 'string':
        return str(t.length || undefined);
      case 'number':
        return numT(t.digits, t.scale);
      case 'date':
        return { kind: 'date' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'ref': {
        // A composite reference keeps its first target as the field's type (its default value);
        // every target's catalog exists, so a value of any of them can be stored.
        for (const x of t.targets) if (x.class !== 'Перечисление' && x.class !== 'Документ') catalogs.add(x.name);
        const target = t.targets[0]!;
        if (target.class === 'Перечисление') {
          if (!PLATFORM_ENUMS.has(target.name) && !enums.has(target.name)) {
            enums.set(target.name, {
              name: target.name,
              values: ENUM_VALUES[target.name] ?? [
                ['Значение1', 'Значение 1'],
                ['Значение2', 'Значение 2'],
              ],
            });
          }
          return { kind: 'enum', enumeration: target.name };
        }
        const cls = target.class === 'Документ' ? 'Документ' : 'Справочник';
        if (cls === 'Справочник') catalogs.add(target.name);
        return ref(`${cls}.${target.name}`);
      }
    }
  };
  const own = (attrs: KindDefinition['attributes'], standard: ReadonlySet<string>): AttributeDef[] =>
    attrs.filter((a) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(a.source) && !standard.has(a.source)).map((a) => ({ name: a.source, type: typeOf(a.type) }));
  // The classic kinds' objects are the slice above, named by the generator's options.
  for (const k of kinds.filter((d) => d.store === 'objects')) {
    const full = `${k.metaClass}.${k.oneCName}`;
    const attributes = own(k.attributes, STANDARD[k.metaClass]);
    const sections: TabularSectionDef[] = k.sections.flatMap((s) =>
      s.sources.map((source) => ({ name: source, attributes: own(s.attributes, new Set(['НомерСтроки'])) })),
    );
    const existing = tables.get(full);
    if (existing) {
      // The classic slice's object: add what the declaration reads and it lacks.
      for (const a of attributes) if (!existing.attributes.some((e) => e.name === a.name)) existing.attributes.push(a);
      for (const s of sections) if (!existing.tabularSections.some((e) => e.name === s.name)) existing.tabularSections.push(s);
      // A declared catalog has groups, as the standard configurations' catalogs do.
      if (existing.cls === 'Справочник') existing.hierarchical = true;
      continue;
    }
    const numbered = k.attributes.find((a) => a.source === (k.metaClass === 'Документ' ? 'Номер' : 'Код'));
    tables.set(full, {
      cls: k.metaClass,
      name: k.oneCName,
      synonym: SYNONYMS[k.oneCName] ?? k.label.uk,
      attributes,
      tabularSections: sections,
      hierarchical: k.metaClass === 'Справочник',
      numberLength: numbered?.type.type === 'string' && numbered.type.length > 0 ? numbered.type.length : 9,
    });
  }
  for (const name of catalogs) {
    if (!tables.has(`Справочник.${name}`))
      tables.set(`Справочник.${name}`, { cls: 'Справочник', name, synonym: name, attributes: [], tabularSections: [], numberLength: 9 });
  }
  return { ...meta, tables: [...tables.values()], enums: [...(meta.enums ?? []), ...enums.values()] };
}

function registerDef(name: string, fields: readonly RegisterField[]): RegisterDef {
  return {
    name,
    dimensions: fields.filter((f) => f.role === 'dimension').map((f) => ({ name: f.name, type: registerFieldType(f.type) })),
    fields: fields.filter((f) => f.role !== 'dimension').map((f) => ({ name: f.name, type: registerFieldType(f.type) })),
  };
}
