/**
 * ФиксированнаяСтруктура, ФиксированноеСоответствие, ФиксированныйМассив: read-only copies of
 * the universal collections. They have only the reading methods (Вставить/Добавить/Удалить are
 * not methods of theirs: "Метод объекта не обнаружен"), a property or an element cannot be
 * assigned, and they iterate like their mutable originals. The copy is shallow, as in 1C: a
 * Структура inside a ФиксированнаяСтруктура stays a Структура.
 */
import { defineClass, PlatformObject } from '../class-def.js';
import { bslEquals } from '../convert.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef } from '../host-api.js';
import type { BslValue } from '../values.js';
import { int, n, str } from './args.js';
import { BslArray, BslMap, BslStructure, KeyAndValue, mapKey } from './collections.js';

/** The platform's text for `Фиксированный[Индекс] = Значение` (OneScript reproduces it). */
const READ_ONLY_INDEX = 'Индексированное значение доступно только для чтения';

const FIXED_STRUCTURE = defineClass<FixedStructure>({
  ru: 'ФиксированнаяСтруктура',
  en: 'FixedStructure',
  methods: {
    Количество: { en: 'Count', call: (s) => n(s.entries.size) },
    Свойство: {
      en: 'Property',
      min: 1,
      max: 2,
      call: (s, [k], ctx) => {
        const e = s.entries.get(str(k).trim().toLowerCase());
        ctx.writeBack(1, e ? e.value : undefined);
        return e !== undefined;
      },
    },
  },
});

export class FixedStructure extends PlatformObject {
  readonly cls = FIXED_STRUCTURE;
  readonly entries: ReadonlyMap<string, { readonly key: string; readonly value: BslValue }>;

  constructor(from: BslStructure) {
    super();
    this.entries = new Map([...from.entries].map(([k, e]) => [k, { key: e.key, value: e.value }]));
  }

  override getProperty(name: string, ctx: CallContext): BslValue {
    const e = this.entries.get(name.toLowerCase());
    if (e) return e.value;
    return super.getProperty(name, ctx) as BslValue;
  }

  override setProperty(name: string, value: BslValue, ctx: CallContext): void {
    if (this.entries.has(name.toLowerCase())) throw new BslError(`Поле объекта недоступно для записи (${name})`);
    void super.setProperty(name, value, ctx);
  }

  override hasProperty(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  getIndexed(key: BslValue, ctx: CallContext): BslValue {
    return this.getProperty(str(key), ctx);
  }

  setIndexed(key: BslValue, value: BslValue, ctx: CallContext): void {
    this.setProperty(str(key), value, ctx);
  }

  iterate(): Iterable<BslValue> {
    return [...this.entries.values()].map((e) => new KeyAndValue(e.key, e.value));
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }
}

const FIXED_MAP = defineClass<FixedMap>({
  ru: 'ФиксированноеСоответствие',
  en: 'FixedMap',
  methods: {
    Количество: { en: 'Count', call: (s) => n(s.entries.size) },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [k]) => s.entries.get(mapKey(k))?.value },
  },
});

export class FixedMap extends PlatformObject {
  readonly cls = FIXED_MAP;
  readonly entries: ReadonlyMap<unknown, { readonly key: BslValue; readonly value: BslValue }>;

  constructor(from: BslMap) {
    super();
    this.entries = new Map([...from.entries].map(([k, e]) => [k, { key: e.key, value: e.value }]));
  }

  /** Unlike Соответствие, a missing key read by index is an error (OneScript's text). */
  getIndexed(key: BslValue): BslValue {
    const e = this.entries.get(mapKey(key));
    if (!e) throw new BslError('Значение, соответствующее ключу, не задано');
    return e.value;
  }

  setIndexed(): void {
    throw new BslError(READ_ONLY_INDEX);
  }

  iterate(): Iterable<BslValue> {
    return [...this.entries.values()].map((e) => new KeyAndValue(e.key, e.value));
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }
}

function checkIndex(i: number, size: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= size) throw new BslError('Индекс находится за границами массива');
}

const FIXED_ARRAY = defineClass<FixedArray>({
  ru: 'ФиксированныйМассив',
  en: 'FixedArray',
  methods: {
    ВГраница: { en: 'UBound', call: (s) => n(s.items.length - 1) },
    Количество: { en: 'Count', call: (s) => n(s.items.length) },
    Найти: {
      en: 'Find',
      min: 1,
      max: 1,
      call: (s, [v]) => {
        const i = s.items.findIndex((x) => bslEquals(x, v));
        return i < 0 ? undefined : n(i);
      },
    },
    Получить: {
      en: 'Get',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = int(i);
        checkIndex(k, s.items.length);
        return s.items[k];
      },
    },
  },
});

export class FixedArray extends PlatformObject {
  readonly cls = FIXED_ARRAY;
  readonly items: readonly BslValue[];

  constructor(from: readonly BslValue[]) {
    super();
    this.items = [...from];
  }

  getIndexed(key: BslValue): BslValue {
    const k = int(key);
    checkIndex(k, this.items.length);
    return this.items[k];
  }

  setIndexed(): void {
    throw new BslError(READ_ONLY_INDEX);
  }

  iterate(): Iterable<BslValue> {
    return [...this.items];
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

function wrongArgument(type: string): never {
  throw new BslError(`Неверный тип параметра (${type})`);
}

export const FIXED_COLLECTION_TYPES: ConstructorDef[] = [
  {
    ru: 'ФиксированнаяСтруктура',
    en: 'FixedStructure',
    min: 0,
    max: Infinity,
    // From a Структура, or from keys and values as Новый Структура takes them.
    construct: ([keys, ...values]) => {
      if (keys instanceof BslStructure) return new FixedStructure(keys);
      if (keys === undefined) return new FixedStructure(new BslStructure());
      if (typeof keys !== 'string') wrongArgument('Структура');
      return new FixedStructure(BslStructure.fromKeys(keys, values));
    },
  },
  {
    ru: 'ФиксированноеСоответствие',
    en: 'FixedMap',
    min: 1,
    max: 1,
    construct: ([from]) => (from instanceof BslMap ? new FixedMap(from) : wrongArgument('Соответствие')),
  },
  {
    ru: 'ФиксированныйМассив',
    en: 'FixedArray',
    min: 1,
    max: 1,
    construct: ([from]) => (from instanceof BslArray ? new FixedArray(from.items) : wrongArgument('Массив')),
  },
];
