/**
 * Values of enumerations: the configuration's (СтавкиНДС, ТипыКонтактнойИнформации, reached as
 * Перечисления.X.Y) and the platform's that the base itself hands to handlers
 * (РежимЗаписиДокумента, РежимПроведенияДокумента). `Строка()` gives the presentation ("20%"),
 * `XMLСтрока()` the value's name ("НДС20"), as 1C does.
 */

import { NameMap } from '../class-def.js';
import { MemberNotFound } from '../errors.js';
import type { BslObject, CallContext, TypeName } from '../host-api.js';
import type { BslValue } from '../values.js';

export class EnumValue implements BslObject {
  readonly bslType: TypeName;

  constructor(
    readonly enumeration: EnumDef,
    readonly name: string,
    private readonly shown: string,
  ) {
    this.bslType = enumeration.refType;
  }

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, _args: BslValue[], _ctx: CallContext): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  presentation(): string {
    return this.shown;
  }

  /** What XMLСтрока writes for an enumeration value: its name; the empty value writes "". */
  xmlString(): string {
    return this.name;
  }

  isEmpty(): boolean {
    return this.name === '';
  }

  hashKey(): string {
    return `${this.enumeration.name}.${this.name}`;
  }

  equals(other: BslValue): boolean {
    return other instanceof EnumValue && other.enumeration === this.enumeration && other.name === this.name;
  }
}

/** An enumeration: its values by name, and the manager object `Перечисления.X` / `РежимЗаписиДокумента`. */
export class EnumDef implements BslObject {
  readonly bslType: TypeName;
  readonly refType: TypeName;
  readonly empty: EnumValue;
  private readonly values = new NameMap<EnumValue>();
  private readonly order: EnumValue[] = [];

  constructor(
    readonly name: string,
    items: Array<[string, string]>,
    platform: { en: string } | undefined = undefined,
  ) {
    this.bslType = platform ? { ru: name, en: platform.en } : { ru: `ПеречислениеМенеджер.${name}`, en: `EnumManager.${name}` };
    this.refType = platform ? { ru: name, en: platform.en } : { ru: `ПеречислениеСсылка.${name}`, en: `EnumRef.${name}` };
    this.empty = new EnumValue(this, '', '');
    for (const [value, shown] of items) {
      const v = new EnumValue(this, value, shown);
      this.values.set([value], v);
      this.order.push(v);
    }
  }

  value(name: string): EnumValue {
    const v = this.values.get(name);
    if (!v) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return v;
  }

  /** Every value but the empty one, in the order the enumeration declares them. */
  all(): EnumValue[] {
    return [...this.order];
  }

  getProperty(name: string): BslValue {
    return this.value(name);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  hasProperty(name: string): boolean {
    return this.values.has(name);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    if (/^(ПустаяСсылка|EmptyRef)$/i.test(name) && args.length === 0) return this.empty;
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

/** The configuration's enumerations the simulated base uses. */
export function configurationEnums(): EnumDef[] {
  return [
    new EnumDef('СтавкиНДС', [
      ['НДС20', '20%'],
      ['НДС14', '14%'],
      ['НДС7', '7%'],
      ['НДС0', '0%'],
      ['БезНДС', 'Без НДС'],
      ['НеНДС', 'Не НДС'],
    ]),
    new EnumDef('ТипыКонтактнойИнформации', [
      ['Адрес', 'Адрес'],
      ['Телефон', 'Телефон'],
      ['АдресЭлектроннойПочты', 'Адрес электронной почты'],
      ['ВебСтраница', 'Веб страница'],
      ['Другое', 'Другое'],
    ]),
  ];
}

/** Platform enumerations the base passes to ПередЗаписью of a document. */
export const WRITE_MODE = new EnumDef(
  'РежимЗаписиДокумента',
  [
    ['Запись', 'Запись'],
    ['Проведение', 'Проведение'],
    ['ОтменаПроведения', 'Отмена проведения'],
  ],
  { en: 'DocumentWriteMode' },
);
export const POSTING_MODE = new EnumDef(
  'РежимПроведенияДокумента',
  [
    ['Оперативный', 'Оперативный'],
    ['Неоперативный', 'Неоперативный'],
  ],
  { en: 'DocumentPostingMode' },
);
