/**
 * The 1C:Enterprise 8.3 platform API as a typed, case-insensitive lookup: global functions and
 * properties, system enumerations, types with their constructors, methods and properties, by
 * Russian or English name (the language accepts either, in any case). Built once, on first use.
 */

import {
  ADDED_ENUM_VALUES,
  ADDED_GLOBAL_FUNCTIONS,
  ADDED_METHODS,
  ADDED_TYPES,
  ENGLISH_ALIASES,
  NEWER_PLATFORM_NOTE,
  WIDER_CONSTRUCTOR_ARITY,
  WIDER_FUNCTION_ARITY,
  WIDER_METHOD_ARITY,
} from './additions.js';
import { type Context, type RawMetaParam, type RawMetaType, type RawType, readMetadataApi, readPlatformApi } from './catalogue-data.js';
import { type Arity, arityOf, parseSignature, type Signature } from './signature.js';

export type { Context } from './catalogue-data.js';

export interface MethodInfo {
  /** The Russian name as the catalogue spells it. */
  name: string;
  en?: string;
  signatures: Signature[];
  /**
   * False when the catalogue gives no parameter list. The dumps list every method that takes
   * arguments with one, so for theirs `arity` is then 0..0 (`Количество`, `Очистить`,
   * `ТекущаяДата`); for names added from newer platforms (`note` says so) it is 0..∞.
   */
  signatureKnown: boolean;
  arity: Arity;
  availability?: Context[];
  /** Set on names not in the published catalogue (see additions.ts). */
  note?: string;
}

export interface PropertyInfo {
  name: string;
  en?: string;
  readOnly?: boolean;
  availability?: Context[];
}

export interface EnumValueInfo {
  name: string;
  en?: string;
  note?: string;
}

export interface SystemEnumInfo {
  name: string;
  en?: string;
  availability?: Context[];
  values: EnumValueInfo[];
  value(name: string): EnumValueInfo | undefined;
}

export interface TypeInfo {
  name: string;
  en?: string;
  availability?: Context[];
  /** Creatable with `Новый`: the catalogue lists at least one constructor. */
  constructible: boolean;
  constructors: Signature[];
  /** Arguments `Новый T(...)` accepts over all constructors. */
  constructorArity: Arity;
  methods: MethodInfo[];
  properties: PropertyInfo[];
  method(name: string): MethodInfo | undefined;
  property(name: string): PropertyInfo | undefined;
  note?: string;
}

export interface PlatformCatalogue {
  globalFunction(name: string): MethodInfo | undefined;
  globalProperty(name: string): PropertyInfo | undefined;
  systemEnum(name: string): SystemEnumInfo | undefined;
  type(name: string): TypeInfo | undefined;
  /** True when `Новый <name>` names a type the platform can create. */
  constructible(name: string): boolean;
  /** A method of a type, both names in either language. */
  method(typeName: string, methodName: string): MethodInfo | undefined;
  property(typeName: string, propertyName: string): PropertyInfo | undefined;
  globalFunctions(): MethodInfo[];
  globalProperties(): PropertyInfo[];
  systemEnums(): SystemEnumInfo[];
  types(): TypeInfo[];
}

/**
 * Where a signature string cannot say it: these take any number of values (`Мин(А, Б, В)`,
 * `Новый Структура("А,Б", 1, 2)`, `Новый Массив(2, 3)` for two dimensions) or, for
 * `СтрШаблон`, the template and up to ten values (`Значение1_Значение10` in the catalogue).
 */
const FUNCTION_ARITY: Readonly<Record<string, Arity>> = {
  мин: { min: 1, max: Infinity },
  макс: { min: 1, max: Infinity },
  стршаблон: { min: 1, max: 11 },
  продолжитьвызов: { min: 0, max: Infinity },
};
const CONSTRUCTOR_ARITY: Readonly<Record<string, Arity>> = {
  массив: { min: 0, max: Infinity },
  структура: { min: 0, max: Infinity },
  фиксированнаяструктура: { min: 0, max: Infinity },
};

/**
 * Lookup key: lower case, and a Latin letter that looks Cyrillic inside a Cyrillic word read as
 * Cyrillic. The dumps spell a few names with a Latin `c` (`РежимОткрытияОкнаФормы.БлокироватьВеcьИнтерфейс`)
 * where the platform and 1C's code use the Cyrillic letter; applied to both sides, it matches either.
 */
const HOMOGLYPHS: Readonly<Record<string, string>> = { a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у' };
const MIXED = /(?<=[а-яё])[aceopxy]|[aceopxy](?=[а-яё])/g;
const key = (name: string): string => {
  const lower = name.toLowerCase();
  return /[a-z]/.test(lower) && /[а-яё]/.test(lower) ? lower.replace(MIXED, (c) => HOMOGLYPHS[c]!) : lower;
};

let cached: PlatformCatalogue | undefined;

/** The catalogue, read and indexed on the first call (a few milliseconds), shared afterwards. */
export function platformCatalogue(): PlatformCatalogue {
  cached ??= buildCatalogue();
  return cached;
}

function buildCatalogue(): PlatformCatalogue {
  const api = readPlatformApi();
  const meta = readMetadataApi();

  const functions = new Map<string, MethodInfo>();
  for (const [name, raw] of Object.entries(api.globalFunctions)) {
    const info = methodInfo(name, raw.en, raw.signatures, FUNCTION_ARITY[key(name)], raw.availability);
    index(functions, info, name, raw.en);
  }
  for (const [name, { en, arity }] of Object.entries(ADDED_GLOBAL_FUNCTIONS)) {
    if (functions.has(key(name))) continue;
    index(functions, { name, ...(en ? { en } : {}), signatures: [], signatureKnown: false, arity, note: NEWER_PLATFORM_NOTE }, name, en);
  }
  for (const [name, arity] of Object.entries(WIDER_FUNCTION_ARITY)) {
    const info = functions.get(key(name));
    if (info) info.arity = widen(info.arity, arity);
  }

  const properties = new Map<string, PropertyInfo>();
  for (const [name, raw] of Object.entries(api.globalProperties)) {
    index(properties, compact({ name, en: raw.en, availability: raw.availability }), name, raw.en);
  }

  const enums = new Map<string, SystemEnumInfo>();
  for (const [name, raw] of Object.entries(api.systemEnums)) {
    const values = Object.entries(raw.values ?? {}).map(([ru, en]) => compact<EnumValueInfo>({ name: ru, en }));
    for (const [ru, en] of Object.entries(ADDED_ENUM_VALUES[name] ?? {})) values.push({ name: ru, en, note: NEWER_PLATFORM_NOTE });
    const byName = new Map<string, EnumValueInfo>();
    for (const v of values) index(byName, v, v.name, v.en);
    const info: SystemEnumInfo = {
      ...compact({ name, en: raw.en, availability: raw.availability }),
      values,
      value: (n) => byName.get(key(n)),
    };
    index(enums, info, name, raw.en);
  }

  const builders = new Map<string, TypeBuilder>();
  const builderFor = (name: string): TypeBuilder => {
    let b = builders.get(name);
    if (!b) {
      b = new TypeBuilder(name);
      builders.set(name, b);
    }
    return b;
  };
  for (const [name, raw] of Object.entries(api.types)) builderFor(name).addRaw(raw);
  for (const [name, raw] of Object.entries(api.classes)) builderFor(name).addRaw(raw);
  for (const [name, raw] of Object.entries(meta.types)) builderFor(name).addMeta(raw);
  for (const name of ADDED_TYPES) if (!builders.has(name)) builderFor(name).note = NEWER_PLATFORM_NOTE;
  for (const [name, methods] of Object.entries(ADDED_METHODS)) for (const [ru, en] of Object.entries(methods)) builderFor(name).addMethod(ru, en);

  const types = new Map<string, TypeInfo>();
  for (const [name, aliases] of Object.entries(ENGLISH_ALIASES)) {
    const [typeName, methodName] = name.split('.') as [string, string | undefined];
    for (const alias of aliases) {
      if (methodName) builders.get(typeName)?.addAlias(methodName, alias);
      else {
        const f = functions.get(key(typeName));
        if (f && !functions.has(key(alias))) functions.set(key(alias), f);
      }
    }
  }
  for (const b of builders.values()) {
    const info = b.build();
    index(types, info, info.name, b.en);
  }
  for (const [name, arity] of Object.entries(WIDER_METHOD_ARITY)) {
    const [typeName, methodName] = name.split('.') as [string, string];
    const info = types.get(key(typeName))?.method(methodName);
    if (info) info.arity = widen(info.arity, arity);
  }

  return {
    globalFunction: (n) => functions.get(key(n)),
    globalProperty: (n) => properties.get(key(n)),
    systemEnum: (n) => enums.get(key(n)),
    type: (n) => types.get(key(n)),
    constructible: (n) => types.get(key(n))?.constructible ?? false,
    method: (t, m) => types.get(key(t))?.method(m),
    property: (t, p) => types.get(key(t))?.property(p),
    globalFunctions: () => unique(functions),
    globalProperties: () => unique(properties),
    systemEnums: () => unique(enums),
    types: () => unique(types),
  };
}

class TypeBuilder {
  en: string | undefined;
  note: string | undefined;
  private availability: Context[] | undefined;
  private readonly constructors: Signature[] = [];
  private readonly methods = new Map<string, MethodInfo>();
  private readonly properties = new Map<string, PropertyInfo>();

  constructor(readonly name: string) {}

  addRaw(raw: RawType): void {
    this.en ??= raw.en;
    // The dumps' "types" section gives a type's availability, "classes" the constructors'
    // (narrower for a few, e.g. ТаблицаЗначений has no ExternalConnection constructor): the first wins.
    this.availability ??= raw.availability;
    for (const text of Object.values(raw.constructors ?? {})) this.constructors.push(parseSignature(text));
    for (const [name, m] of Object.entries(raw.methods ?? {})) {
      if (this.methods.has(key(name))) continue;
      index(this.methods, methodInfo(name, m.en, m.signatures, undefined, undefined), name, m.en);
    }
    for (const [name, p] of Object.entries(raw.properties ?? {})) {
      if (this.properties.has(key(name))) continue;
      index(this.properties, compact({ name, en: p.en, readOnly: p.readOnly }), name, p.en);
    }
  }

  addMeta(raw: RawMetaType): void {
    // English names there may carry a note: "OSCertificationAuthorityCertificates (SSL English code) / …".
    this.en ??= raw.en?.split(' ')[0];
    this.availability ??= raw.availability;
    for (const c of raw.constructors ?? []) this.constructors.push(fromParams(c.params));
    for (const [name, m] of Object.entries(raw.methods ?? {})) {
      if (this.methods.has(key(name))) continue;
      const signatures = (m.variants ?? []).map((v) => fromParams(v, m.returns));
      index(this.methods, methodFromSignatures(name, m.en, signatures, undefined), name, m.en);
    }
    for (const [name, en] of Object.entries(raw.properties ?? {})) {
      if (this.properties.has(key(name))) continue;
      const plainEn = en.split(' ')[0];
      index(this.properties, compact({ name, en: plainEn }), name, plainEn);
    }
  }

  addMethod(name: string, en: string): void {
    if (this.methods.has(key(name))) return;
    index(this.methods, { name, en, signatures: [], signatureKnown: false, arity: { min: 0, max: Infinity }, note: NEWER_PLATFORM_NOTE }, name, en);
  }

  /** Another English spelling of a listed method. */
  addAlias(name: string, alias: string): void {
    const m = this.methods.get(key(name));
    if (m && !this.methods.has(key(alias))) this.methods.set(key(alias), m);
  }

  build(): TypeInfo {
    const methods = this.methods;
    const properties = this.properties;
    const constructible = this.constructors.length > 0;
    return {
      ...compact({ name: this.name, en: this.en, availability: this.availability, note: this.note }),
      constructible,
      constructors: this.constructors,
      constructorArity: CONSTRUCTOR_ARITY[key(this.name)] ?? widen(arityOf(this.constructors), WIDER_CONSTRUCTOR_ARITY[this.name]),
      methods: unique(methods),
      properties: unique(properties),
      method: (n) => methods.get(key(n)),
      property: (n) => properties.get(key(n)),
    };
  }
}

function methodInfo(
  name: string,
  en: string | undefined,
  signatureTexts: string[] | undefined,
  arity: Arity | undefined,
  availability: Context[] | undefined,
): MethodInfo {
  const signatures = (signatureTexts ?? []).map(parseSignature);
  const info = methodFromSignatures(name, en, signatures, arity);
  return availability ? { ...info, availability } : info;
}

function methodFromSignatures(name: string, en: string | undefined, signatures: Signature[], arity: Arity | undefined): MethodInfo {
  return {
    ...compact({ name, en }),
    signatures,
    signatureKnown: signatures.length > 0,
    arity: arity ?? arityOf(signatures),
  };
}

function fromParams(params: RawMetaParam[], returns?: string): Signature {
  const text = `(${params.map((p) => `${p.name}${p.optional ? '?' : ''}${p.type ? `: ${p.type}` : ''}`).join(', ')})`;
  const signature: Signature = {
    params: params.map((p) => (p.type ? { name: p.name, optional: p.optional, type: p.type } : { name: p.name, optional: p.optional })),
    text,
  };
  return returns ? { ...signature, returns } : signature;
}

function widen(arity: Arity, wider: Arity | undefined): Arity {
  return wider ? { min: Math.min(arity.min, wider.min), max: Math.max(arity.max, wider.max) } : arity;
}

function index<T>(map: Map<string, T>, value: T, name: string, en: string | undefined): void {
  map.set(key(name), value);
  if (en && !map.has(key(en))) map.set(key(en), value);
}

function unique<T>(map: Map<string, T>): T[] {
  return [...new Set(map.values())];
}

/** Drops undefined fields (exactOptionalPropertyTypes-friendly objects). */
function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
