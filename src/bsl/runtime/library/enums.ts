/**
 * System enumerations (КодировкаТекста, ХешФункция, УровеньЖурналаРегистрации, …): a global
 * property whose properties are the values. A value compares by identity, shows its Russian
 * name, and XMLСтрока gives its English name as 1C serialises system enums.
 */
import { platformCatalogue } from '../../platform/index.js';
import { NameMap } from '../class-def.js';
import { MemberNotFound } from '../errors.js';
import type { BslObject, GlobalPropertyDef, TypeName } from '../host-api.js';
import type { BslValue } from '../values.js';

export class EnumValue implements BslObject {
  constructor(
    readonly bslType: TypeName,
    readonly ru: string,
    readonly en: string,
  ) {}

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }
  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }
  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
  presentation(): string {
    return this.ru;
  }
  xmlString(): string {
    return this.en;
  }
}

export class SystemEnum implements BslObject {
  readonly bslType: TypeName;
  private readonly values = new NameMap<EnumValue>();
  readonly list: EnumValue[] = [];

  constructor(ru: string, en: string, values: Array<[string, string]>) {
    this.bslType = { ru: `ПеречислениеМенеджер${ru}`, en: `EnumManager${en}` };
    const valueType = { ru, en };
    for (const [vru, ven] of values) {
      const v = new EnumValue(valueType, vru, ven);
      this.values.set([vru, ven], v);
      this.list.push(v);
    }
  }

  value(name: string): EnumValue {
    const v = this.values.get(name);
    if (!v) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return v;
  }

  getProperty(name: string): BslValue {
    return this.value(name);
  }
  hasProperty(name: string): boolean {
    return this.values.has(name);
  }
  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }
  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

function def(ru: string, en: string, values: Array<[string, string]>): SystemEnum {
  return new SystemEnum(ru, en, values);
}

export const TextEncoding = def('КодировкаТекста', 'TextEncoding', [
  ['ANSI', 'ANSI'],
  ['OEM', 'OEM'],
  ['UTF16', 'UTF16'],
  ['UTF8', 'UTF8'],
  ['Системная', 'System'],
]);
export const ByteOrderMarkUsage = def('ИспользованиеByteOrderMark', 'ByteOrderMarkUsage', [
  ['Авто', 'Auto'],
  ['Использовать', 'Use'],
  ['НеИспользовать', 'DontUse'],
]);
export const HashFunction = def('ХешФункция', 'HashFunction', [
  ['CRC32', 'CRC32'],
  ['MD5', 'MD5'],
  ['SHA1', 'SHA1'],
  ['SHA256', 'SHA256'],
]);
export const EventLogLevel = def('УровеньЖурналаРегистрации', 'EventLogLevel', [
  ['Информация', 'Information'],
  ['Ошибка', 'Error'],
  ['Предупреждение', 'Warning'],
  ['Примечание', 'Note'],
]);
export const JsonLineBreak = def('ПереносСтрокJSON', 'JSONLineBreak', [
  ['Авто', 'Auto'],
  ['Нет', 'None'],
  ['Unix', 'Unix'],
  ['Windows', 'Windows'],
]);
export const JsonDateFormat = def('ФорматДатыJSON', 'JSONDateFormat', [
  ['ISO', 'ISO'],
  ['JavaScript', 'JavaScript'],
  ['Microsoft', 'Microsoft'],
]);
export const JsonDateWritingVariant = def('ВариантЗаписиДатыJSON', 'JSONDateWritingVariant', [
  ['ЛокальнаяДата', 'LocalDate'],
  ['ЛокальнаяДатаСоСмещением', 'LocalDateWithOffset'],
  ['УниверсальнаяДата', 'UniversalDate'],
]);
export const JsonCharactersEscapeMode = def('ЭкранированиеСимволовJSON', 'JSONCharactersEscapeMode', [
  ['Нет', 'None'],
  ['СимволыВнеASCII', 'NotASCIISymbols'],
  ['СимволыВнеBMP', 'SymbolsNotInBMP'],
]);
export const ByteOrder = def('ПорядокБайтов', 'ByteOrder', [
  ['BigEndian', 'BigEndian'],
  ['LittleEndian', 'LittleEndian'],
]);
export const SearchDirection = def('НаправлениеПоиска', 'SearchDirection', [
  ['СНачала', 'FromBegin'],
  ['СКонца', 'FromEnd'],
]);
export const RoundMode = def('РежимОкругления', 'RoundMode', [
  ['Окр15как10', 'Round15as10'],
  ['Окр15как20', 'Round15as20'],
]);
export const SortDirection = def('НаправлениеСортировки', 'SortDirection', [
  ['Возр', 'Asc'],
  ['Убыв', 'Desc'],
]);

export const SYSTEM_ENUMS: SystemEnum[] = [
  TextEncoding,
  ByteOrderMarkUsage,
  HashFunction,
  EventLogLevel,
  JsonLineBreak,
  JsonDateFormat,
  JsonDateWritingVariant,
  JsonCharactersEscapeMode,
  ByteOrder,
  SearchDirection,
  RoundMode,
  SortDirection,
];

let catalogueEnums: SystemEnum[] | undefined;

/**
 * Every system enumeration of the platform catalogue as a global property; the ones the
 * library itself inspects (above) are those same objects, so `=` with them works.
 */
export function enumProperties(): GlobalPropertyDef[] {
  if (!catalogueEnums) {
    const own = new Map(SYSTEM_ENUMS.map((e) => [e.bslType.ru.replace(/^ПеречислениеМенеджер/, '').toLowerCase(), e]));
    catalogueEnums = [...SYSTEM_ENUMS];
    for (const info of platformCatalogue().systemEnums()) {
      if (own.has(info.name.toLowerCase())) continue;
      catalogueEnums.push(
        new SystemEnum(
          info.name,
          info.en ?? info.name,
          info.values.map((v) => [v.name, v.en ?? v.name]),
        ),
      );
    }
  }
  return catalogueEnums.map((e) => {
    const ru = e.bslType.ru.replace(/^ПеречислениеМенеджер/, '');
    const en = e.bslType.en.replace(/^EnumManager/, '');
    return { ru, en, get: () => e };
  });
}

/** A value of any system enumeration (those built from the catalogue included). */
export function systemEnumValue(enumName: string, value: string): EnumValue {
  enumProperties();
  const e = catalogueEnums!.find((x) => x.bslType.ru.toLowerCase() === `перечислениеменеджер${enumName.toLowerCase()}`);
  if (!e) throw new Error(`no system enumeration ${enumName}`);
  return e.value(value);
}

/** The value `name` of `e` when `v` is it (any language). */
export function isEnumValue(v: BslValue, e: SystemEnum, name: string): boolean {
  return v === e.value(name);
}
