/**
 * The runtime's side of the platform catalogue (src/bsl/platform): whether the configured
 * platform version has a name, and the argument counts the catalogue allows. The library's
 * declarations are checked against the catalogue by a test, so at run time a name the library
 * lacks but the catalogue has is "not implemented" (a runtime gap, reported as such), never a
 * false "no such method".
 */
import { type Arity, isAvailableIn, platformCatalogue } from '../platform/index.js';

/** Whether `version` has `name` (`Тип`, `Тип.Метод` or a global function), memoised per version. */
const availability = new Map<string, boolean>();

export function availableIn(name: string, version: string): boolean {
  const key = `${version}|${name.toLowerCase()}`;
  let v = availability.get(key);
  if (v === undefined) {
    v = isAvailableIn(name, version);
    availability.set(key, v);
  }
  return v;
}

/** The catalogue's arity of a global function, or undefined when it does not list it. */
export function functionArity(name: string): Arity | undefined {
  return platformCatalogue().globalFunction(name)?.arity;
}

export function constructorArity(typeName: string): Arity | undefined {
  const t = platformCatalogue().type(typeName);
  return t?.constructible ? t.constructorArity : undefined;
}

export function methodArity(typeName: string, method: string): Arity | undefined {
  return platformCatalogue().method(typeName, method)?.arity;
}

/**
 * True when the catalogue knows the type and lists `member` as a member of that kind: a method
 * name used as a field (`Структура.Количество = 1`) is 1C's "Поле объекта не обнаружено", not a
 * gap of the runtime.
 */
export function catalogueHasMember(typeName: string, member: string, kind?: 'method' | 'property'): boolean {
  const c = platformCatalogue();
  if (kind === 'method') return c.method(typeName, member) !== undefined;
  if (kind === 'property') return c.property(typeName, member) !== undefined;
  return c.method(typeName, member) !== undefined || c.property(typeName, member) !== undefined;
}

export function catalogueHasFunction(name: string): boolean {
  return platformCatalogue().globalFunction(name) !== undefined;
}

export function catalogueHasType(name: string): boolean {
  return platformCatalogue().type(name) !== undefined;
}

/** A platform name this runtime does not implement: not a BSL error a module could catch. */
export class NotImplemented extends Error {
  constructor(readonly what: string) {
    super(`${what}: есть в платформе, но не реализовано средой выполнения onec-sync`);
    this.name = 'NotImplemented';
  }
}
