/**
 * Универсальные коллекции: Массив, Структура, Соответствие and their КлючИЗначение. Keys of a
 * Структура are names (case-insensitive, kept as first written); keys of a Соответствие are any
 * values, equal by 1C's `=`. Both iterate in insertion order, as the platform does.
 */
import { defineClass, PlatformObject } from '../class-def.js';
import { bslEquals } from '../convert.js';
import { BslError } from '../errors.js';
import type { CallContext } from '../host-api.js';
import { BslDate, type BslValue, Decimal, isObject } from '../values.js';
import { int, n, str } from './args.js';

function checkIndex(i: number, size: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= size) throw new BslError('Индекс находится за границами массива');
}

const ARRAY = defineClass<BslArray>({
  ru: 'Массив',
  en: 'Array',
  methods: {
    ВГраница: { en: 'UBound', call: (s) => n(s.items.length - 1) },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 2,
      call: (s, [i, v]) => {
        const k = int(i);
        if (k < 0 || k > s.items.length) checkIndex(k, 0);
        s.items.splice(k, 0, v);
        return undefined;
      },
    },
    Добавить: {
      en: 'Add',
      min: 0,
      max: 1,
      call: (s, [v]) => {
        s.items.push(v);
        return undefined;
      },
    },
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
      call: (s, [i]) => {
        const k = int(i);
        checkIndex(k, s.items.length);
        return s.items[k];
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = int(i);
        checkIndex(k, s.items.length);
        s.items.splice(k, 1);
        return undefined;
      },
    },
    Установить: {
      en: 'Set',
      min: 2,
      max: 2,
      call: (s, [i, v]) => {
        const k = int(i);
        checkIndex(k, s.items.length);
        s.items[k] = v;
        return undefined;
      },
    },
  },
});

export class BslArray extends PlatformObject {
  readonly cls = ARRAY;

  constructor(readonly items: BslValue[] = []) {
    super();
  }

  getIndexed(key: BslValue): BslValue {
    const k = int(key);
    checkIndex(k, this.items.length);
    return this.items[k];
  }

  setIndexed(key: BslValue, value: BslValue): void {
    const k = int(key);
    checkIndex(k, this.items.length);
    this.items[k] = value;
  }

  iterate(): Iterable<BslValue> {
    return [...this.items];
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

const KEY_VALUE = defineClass<KeyAndValue>({
  ru: 'КлючИЗначение',
  en: 'KeyAndValue',
  properties: {
    Ключ: { en: 'Key', get: (s) => s.key },
    Значение: { en: 'Value', get: (s) => s.value },
  },
});

export class KeyAndValue extends PlatformObject {
  readonly cls = KEY_VALUE;

  constructor(
    readonly key: BslValue,
    readonly value: BslValue,
  ) {
    super();
  }
}

/** A structure key must be a valid identifier (1C: "Задано неправильное имя атрибута структуры"). */
function checkKey(key: string): string {
  const k = key.trim();
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(k)) throw new BslError(`Задано неправильное имя атрибута структуры (${key})`);
  return k;
}

const STRUCTURE = defineClass<BslStructure>({
  ru: 'Структура',
  en: 'Structure',
  methods: {
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 2,
      call: (s, [k, v]) => {
        s.insert(str(k), v);
        return undefined;
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.entries.size) },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.entries.clear();
        return undefined;
      },
    },
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
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [k]) => {
        s.entries.delete(str(k).trim().toLowerCase());
        return undefined;
      },
    },
  },
});

export class BslStructure extends PlatformObject {
  readonly cls = STRUCTURE;
  /** lower-cased key → the key as first written and the value. */
  readonly entries = new Map<string, { key: string; value: BslValue }>();

  insert(key: string, value: BslValue): void {
    const k = checkKey(key);
    const lower = k.toLowerCase();
    const e = this.entries.get(lower);
    if (e) e.value = value;
    else this.entries.set(lower, { key: k, value });
  }

  /** `Новый Структура("А, Б", 1, 2)`. */
  static fromKeys(keys: string, values: BslValue[]): BslStructure {
    const s = new BslStructure();
    const names = keys
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    names.forEach((k, i) => {
      s.insert(k, values[i]);
    });
    return s;
  }

  override getProperty(name: string, ctx: CallContext): BslValue {
    const e = this.entries.get(name.toLowerCase());
    if (e) return e.value;
    return super.getProperty(name, ctx) as BslValue;
  }

  override setProperty(name: string, value: BslValue, ctx: CallContext): void {
    const e = this.entries.get(name.toLowerCase());
    if (e) {
      e.value = value;
      return;
    }
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

let objectIds = 0;
const ids = new WeakMap<object, number>();

/** A Map key that makes equal BSL values equal keys. */
export function mapKey(v: BslValue): unknown {
  if (v instanceof Decimal) return `n:${v.toFixed()}`;
  if (v instanceof BslDate) return `d:${v.seconds}`;
  if (typeof v === 'string') return `s:${v}`;
  if (isObject(v)) {
    if (v.hashKey) return `o:${v.bslType.ru}:${v.hashKey()}`;
    let id = ids.get(v);
    if (id === undefined) {
      id = ++objectIds;
      ids.set(v, id);
    }
    return `#${id}`;
  }
  return v;
}

const MAP = defineClass<BslMap>({
  ru: 'Соответствие',
  en: 'Map',
  methods: {
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 2,
      call: (s, [k, v]) => {
        s.set(k, v);
        return undefined;
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.entries.size) },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.entries.clear();
        return undefined;
      },
    },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [k]) => s.get(k) },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [k]) => {
        s.entries.delete(mapKey(k));
        return undefined;
      },
    },
  },
});

export class BslMap extends PlatformObject {
  readonly cls = MAP;
  readonly entries = new Map<unknown, { key: BslValue; value: BslValue }>();

  set(key: BslValue, value: BslValue): void {
    const k = mapKey(key);
    const e = this.entries.get(k);
    if (e) e.value = value;
    else this.entries.set(k, { key, value });
  }

  get(key: BslValue): BslValue {
    return this.entries.get(mapKey(key))?.value;
  }

  getIndexed(key: BslValue): BslValue {
    return this.get(key);
  }

  setIndexed(key: BslValue, value: BslValue): void {
    this.set(key, value);
  }

  iterate(): Iterable<BslValue> {
    return [...this.entries.values()].map((e) => new KeyAndValue(e.key, e.value));
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }
}

/** Constructors for `Новый`. */
export const COLLECTION_TYPES = [
  {
    ru: 'Массив',
    en: 'Array',
    min: 0,
    max: Infinity,
    construct: ([size]: BslValue[]) => {
      if (size === undefined) return new BslArray();
      if (size instanceof BslArray) return new BslArray([...size.items]);
      return new BslArray(new Array<BslValue>(Math.max(0, int(size))).fill(undefined));
    },
  },
  {
    ru: 'Структура',
    en: 'Structure',
    min: 0,
    max: Infinity,
    construct: ([keys, ...values]: BslValue[]) => {
      if (keys instanceof BslStructure) {
        const s = new BslStructure();
        for (const e of keys.entries.values()) s.insert(e.key, e.value);
        return s;
      }
      return keys === undefined ? new BslStructure() : BslStructure.fromKeys(str(keys), values);
    },
  },
  {
    ru: 'Соответствие',
    en: 'Map',
    min: 0,
    max: 1,
    construct: ([from]: BslValue[]) => {
      const m = new BslMap();
      if (from instanceof BslMap) for (const e of from.entries.values()) m.set(e.key, e.value);
      return m;
    },
  },
];
