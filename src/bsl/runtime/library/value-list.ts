/**
 * СписокЗначений and ЭлементСпискаЗначений: an ordered list of values, each with a
 * presentation, a check mark and an identifier unique within the list. Строка(Элемент) is the
 * presentation, or the value's text when the presentation is empty. The client-only methods
 * (ВыбратьЭлемент, ОтметитьЭлементы, ПоказатьВыборЭлемента, ПоказатьОтметкуЭлементов) and
 * Картинка have no server meaning here.
 */
import { defineClass, PlatformObject } from '../class-def.js';
import { bslEquals, toBslString } from '../convert.js';
import { BslError } from '../errors.js';
import type { ConstructorDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { bool, int, n, str } from './args.js';
import { BslArray } from './collections.js';
import { SortDirection } from './enums.js';
import { compareText, compareValues } from './value-order.js';

const ITEM = defineClass<ValueListItem>({
  ru: 'ЭлементСпискаЗначений',
  en: 'ValueListItem',
  properties: {
    Значение: {
      en: 'Value',
      get: (s) => s.value,
      set: (s, v) => {
        s.value = v;
      },
    },
    Представление: {
      en: 'Presentation',
      get: (s) => s.text,
      set: (s, v) => {
        s.text = str(v);
      },
    },
    Пометка: {
      en: 'Check',
      get: (s) => s.check,
      set: (s, v) => {
        s.check = bool(v);
      },
    },
    Картинка: {
      en: 'Picture',
      get: (s) => s.picture,
      set: (s, v) => {
        s.picture = v;
      },
    },
  },
  methods: {
    ПолучитьИдентификатор: { en: 'GetID', call: (s) => n(s.id) },
  },
});

export class ValueListItem extends PlatformObject {
  readonly cls = ITEM;
  constructor(
    readonly id: number,
    public value: BslValue,
    public text = '',
    public check = false,
    public picture: BslValue = undefined,
  ) {
    super();
  }
  presentation(): string {
    return this.text !== '' ? this.text : toBslString(this.value);
  }
}

/** An element given as itself or by its index (Удалить, Сдвинуть, Индекс accept either). */
function position(s: ValueList, v: BslValue): number {
  if (v instanceof ValueListItem) {
    const i = s.items.indexOf(v);
    if (i < 0) throw new BslError('Элемент не принадлежит списку значений');
    return i;
  }
  const i = int(v);
  if (!Number.isInteger(i) || i < 0 || i >= s.items.length) throw new BslError('Индекс находится за границами коллекции');
  return i;
}

function descending(direction: BslValue): boolean {
  return direction === SortDirection.value('Убыв');
}

const LIST = defineClass<ValueList>({
  ru: 'СписокЗначений',
  en: 'ValueList',
  properties: {
    ТипЗначения: {
      en: 'ValueType',
      get: (s) => s.valueType,
      set: (s, v) => {
        s.valueType = v;
      },
    },
    ДоступныеЗначения: {
      en: 'AvailableValues',
      get: (s) => s.availableValues,
      set: (s, v) => {
        s.availableValues = v;
      },
    },
  },
  methods: {
    Добавить: {
      en: 'Add',
      min: 0,
      max: 4,
      call: (s, [v, text, check, picture]) => s.insert(s.items.length, v, text, check, picture),
    },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 5,
      call: (s, [i, v, text, check, picture]) => {
        const k = int(i);
        if (k < 0 || k > s.items.length) throw new BslError('Индекс находится за границами коллекции');
        return s.insert(k, v, text, check, picture);
      },
    },
    ВыгрузитьЗначения: { en: 'UnloadValues', call: (s) => new BslArray(s.items.map((x) => x.value)) },
    ЗагрузитьЗначения: {
      en: 'LoadValues',
      min: 1,
      max: 1,
      call: (s, [a]) => {
        if (!(a instanceof BslArray)) throw new BslError('Неверный тип параметра (Массив)');
        s.items.length = 0;
        for (const v of a.items) s.insert(s.items.length, v);
        return undefined;
      },
    },
    ЗаполнитьПометки: {
      en: 'FillChecks',
      min: 1,
      max: 1,
      call: (s, [v]) => {
        const check = bool(v);
        for (const x of s.items) x.check = check;
        return undefined;
      },
    },
    Индекс: {
      en: 'IndexOf',
      min: 1,
      max: 1,
      call: (s, [item]) => n(item instanceof ValueListItem ? s.items.indexOf(item) : -1),
    },
    Количество: { en: 'Count', call: (s) => n(s.items.length) },
    НайтиПоЗначению: { en: 'FindByValue', min: 1, max: 1, call: (s, [v]) => s.items.find((x) => bslEquals(x.value, v)) },
    НайтиПоИдентификатору: {
      en: 'FindByID',
      min: 1,
      max: 1,
      call: (s, [id]) => {
        const k = int(id);
        return s.items.find((x) => x.id === k);
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.items.length = 0;
        return undefined;
      },
    },
    Получить: {
      en: 'Get',
      min: 1,
      max: 1,
      call: (s, [i]) => s.getIndexed(i),
    },
    Сдвинуть: {
      en: 'Move',
      min: 2,
      max: 2,
      call: (s, [item, offset]) => {
        const from = position(s, item);
        const to = from + int(offset);
        if (to < 0 || to >= s.items.length) throw new BslError('Неверное значение параметра (Смещение)');
        const [x] = s.items.splice(from, 1);
        s.items.splice(to, 0, x!);
        return undefined;
      },
    },
    Скопировать: {
      en: 'Copy',
      call: (s) => {
        const copy = new ValueList();
        copy.valueType = s.valueType;
        for (const x of s.items) copy.insert(copy.items.length, x.value, x.text, x.check, x.picture);
        return copy;
      },
    },
    СортироватьПоЗначению: {
      en: 'SortByValue',
      min: 0,
      max: 1,
      call: (s, [dir]) => {
        const sign = descending(dir) ? -1 : 1;
        s.items.sort((a, b) => sign * compareValues(a.value, b.value));
        return undefined;
      },
    },
    СортироватьПоПредставлению: {
      en: 'SortByPresentation',
      min: 0,
      max: 1,
      call: (s, [dir]) => {
        const sign = descending(dir) ? -1 : 1;
        s.items.sort((a, b) => sign * compareText(a.presentation(), b.presentation()));
        return undefined;
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [item]) => {
        s.items.splice(position(s, item), 1);
        return undefined;
      },
    },
  },
});

export class ValueList extends PlatformObject {
  readonly cls = LIST;
  readonly items: ValueListItem[] = [];
  valueType: BslValue = undefined;
  availableValues: BslValue = undefined;
  private nextId = 0;

  insert(at: number, value: BslValue, text?: BslValue, check?: BslValue, picture?: BslValue): ValueListItem {
    const item = new ValueListItem(this.nextId++, value, text === undefined ? '' : str(text), bool(check), picture);
    this.items.splice(at, 0, item);
    return item;
  }

  getIndexed(key: BslValue): BslValue {
    if (isObject(key)) throw new BslError('Неверный тип параметра (Индекс)');
    return this.items[position(this, key)];
  }

  iterate(): Iterable<BslValue> {
    return [...this.items];
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

export const VALUE_LIST_TYPE: ConstructorDef = { ru: 'СписокЗначений', en: 'ValueList', min: 0, max: 0, construct: () => new ValueList() };
