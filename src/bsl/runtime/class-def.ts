/**
 * Declarative platform classes: a class lists its methods and properties with both names,
 * the argument slots they accept and the version they appeared in; `PlatformObject` does the
 * lookups and checks, so each library class is only its behaviour.
 */
import { availableIn, catalogueHasMember, methodArity, NotImplemented } from './catalogue-check.js';
import { BslError, MemberNotFound, WrongArgumentCount } from './errors.js';
import type { BslObject, CallContext, TypeName } from './host-api.js';
import type { BslValue } from './values.js';

const lowerCache = new Map<string, string>();

/** `name.toLowerCase()`, memoised: the same few hundred names are looked up millions of times. */
export function lower(name: string): string {
  let l = lowerCache.get(name);
  if (l === undefined) {
    l = name.toLowerCase();
    if (lowerCache.size < 100_000) lowerCache.set(name, l);
  }
  return l;
}

/** Case-insensitive lookup by either name (1C compares names without case, Ё ≠ Е). */
export class NameMap<T> {
  private readonly map = new Map<string, T>();

  set(names: readonly string[], value: T): void {
    for (const n of names) this.map.set(n.toLowerCase(), value);
  }

  get(name: string): T | undefined {
    return this.map.get(lower(name));
  }

  has(name: string): boolean {
    return this.map.has(lower(name));
  }

  delete(name: string): void {
    this.map.delete(lower(name));
  }
}

export interface MethodDef<S> {
  en: string;
  min?: number;
  max?: number;
  since?: string;
  call(self: S, args: BslValue[], ctx: CallContext): BslValue | Promise<BslValue>;
}

export interface PropertyDef<S> {
  en: string;
  get(self: S, ctx: CallContext): BslValue | Promise<BslValue>;
  set?(self: S, value: BslValue, ctx: CallContext): void | Promise<void>;
}

export interface ClassDef<S> extends TypeName {
  methods?: Record<string, MethodDef<S>>;
  properties?: Record<string, PropertyDef<S>>;
}

export interface ResolvedMethod<S> extends MethodDef<S> {
  ru: string;
  min: number;
  max: number;
  /** The catalogue's argument counts (or the declaration's for a type it does not list), on first call. */
  arity?: { min: number; max: number };
  /** Whether a platform version has the method, by version text (memoised). */
  availability?: Map<string, boolean>;
}
export interface ResolvedProperty<S> extends PropertyDef<S> {
  ru: string;
}

export interface PlatformClass<S> extends TypeName {
  methods: NameMap<ResolvedMethod<S>>;
  properties: NameMap<ResolvedProperty<S>>;
  /** Every declared method (for the catalogue test). */
  methodList: ResolvedMethod<S>[];
  propertyList: ResolvedProperty<S>[];
}

export function defineClass<S>(def: ClassDef<S>): PlatformClass<S> {
  const methods = new NameMap<ResolvedMethod<S>>();
  const properties = new NameMap<ResolvedProperty<S>>();
  const methodList: ResolvedMethod<S>[] = [];
  const propertyList: ResolvedProperty<S>[] = [];
  for (const [ru, m] of Object.entries(def.methods ?? {})) {
    const r = { ...m, ru, min: m.min ?? 0, max: m.max ?? m.min ?? 0 };
    methods.set([ru, m.en], r);
    methodList.push(r);
  }
  for (const [ru, p] of Object.entries(def.properties ?? {})) {
    const r = { ...p, ru };
    properties.set([ru, p.en], r);
    propertyList.push(r);
  }
  return { ru: def.ru, en: def.en, methods, properties, methodList, propertyList };
}

/** Base of the library's objects: dispatch through the class declaration, with the checks. */
export abstract class PlatformObject implements BslObject {
  // biome-ignore lint/suspicious/noExplicitAny: each subclass declares its own PlatformClass<Self>; the base dispatches through any of them.
  abstract readonly cls: PlatformClass<any>;

  get bslType(): TypeName {
    return this.cls;
  }

  /** An unknown name: a gap of this runtime when the catalogue has it, else 1C's error. */
  protected missing(name: string, kind: 'method' | 'property'): never {
    if (catalogueHasMember(this.cls.ru, name, kind)) throw new NotImplemented(`${this.cls.ru}.${name}`);
    throw new MemberNotFound(name, kind, this.cls.ru);
  }

  getProperty(name: string, ctx: CallContext): BslValue | Promise<BslValue> {
    const p = this.cls.properties.get(name);
    if (!p) this.missing(name, 'property');
    return p.get(this, ctx);
  }

  setProperty(name: string, value: BslValue, ctx: CallContext): void | Promise<void> {
    const p = this.cls.properties.get(name);
    if (!p) this.missing(name, 'property');
    if (!p.set) throw new BslError(`Поле объекта недоступно для записи (${name})`);
    return p.set(this, value, ctx);
  }

  hasProperty(name: string): boolean {
    return this.cls.properties.has(name);
  }

  hasMethod(name: string): boolean {
    return this.cls.methods.has(name);
  }

  callMethod(name: string, args: BslValue[], ctx: CallContext): BslValue | Promise<BslValue> {
    const m = this.cls.methods.get(name);
    if (!m) this.missing(name, 'method');
    // A method the configured platform does not have yet fails as on that platform.
    const version = ctx.runtime.platformVersion.text;
    m.availability ??= new Map();
    let available = m.availability.get(version);
    if (available === undefined) {
      available = (!m.since || ctx.runtime.versionAtLeast(m.since)) && availableIn(`${this.cls.ru}.${m.ru}`, version);
      m.availability.set(version, available);
    }
    if (!available) {
      throw new MemberNotFound(name, 'method', this.cls.ru);
    }
    m.arity ??= methodArity(this.cls.ru, m.ru) ?? { min: m.min, max: m.max };
    const arity = m.arity;
    if (args.length < arity.min || args.length > arity.max) throw new WrongArgumentCount(name, args.length, arity.min, arity.max);
    return m.call(this, args, ctx);
  }
}
