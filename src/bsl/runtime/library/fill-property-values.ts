/**
 * ЗаполнитьЗначенияСвойств(Приемник, Источник, СписокСвойств, ИсключаяСвойства): copies the
 * values of the source's properties into the receiver's properties of the same names.
 * Without СписокСвойств every source property the receiver has is copied (a Структура
 * receiver: only its existing keys); with it exactly the listed ones, and a listed name the
 * source or the receiver lacks is an error. ИсключаяСвойства names properties to skip. Names
 * are comma-separated and compared without case.
 *
 * The source's property names come from: a Структура's or ФиксированнаяСтруктура's keys, a
 * table or tree row's columns, a library class's declared properties, or an object's own
 * `propertyNames()` (the base's objects).
 */
import { PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { BslObject, CallContext, GlobalFunctionDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { fn, str } from './args.js';
import { BslStructure } from './collections.js';
import { FixedStructure } from './fixed-collections.js';
import { ValueTableRow } from './value-table.js';

function names(v: BslValue): string[] {
  if (v === undefined) return [];
  return str(v)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** What an object can say about its own property names. */
interface NamedProperties {
  propertyNames(): string[];
}

function hasNames(o: BslObject): o is BslObject & NamedProperties {
  return typeof (o as Partial<NamedProperties>).propertyNames === 'function';
}

export function propertyNamesOf(o: BslObject): string[] {
  if (o instanceof BslStructure || o instanceof FixedStructure) return [...o.entries.values()].map((e) => e.key);
  if (o instanceof ValueTableRow) return o.table.columns.map((c) => c.name);
  if (hasNames(o)) return o.propertyNames();
  if (o instanceof PlatformObject) return o.cls.propertyList.map((p: { ru: string }) => p.ru);
  return [];
}

function has(o: BslObject, name: string): boolean {
  if (o.hasProperty) return o.hasProperty(name);
  return propertyNamesOf(o).some((n) => n.toLowerCase() === name.toLowerCase());
}

async function fill([target, source, list, excluded]: BslValue[], ctx: CallContext): Promise<undefined> {
  if (!isObject(target)) throw new BslError('Неверный тип параметра (Приемник)');
  if (!isObject(source)) throw new BslError('Неверный тип параметра (Источник)');
  const skip = new Set(names(excluded).map((x) => x.toLowerCase()));
  const listed = names(list);
  if (listed.length > 0) {
    for (const name of listed) {
      if (skip.has(name.toLowerCase())) continue;
      if (!has(source, name) || !has(target, name)) throw new BslError(`Поле объекта не обнаружено (${name})`);
      await target.setProperty(name, await source.getProperty(name, ctx), ctx);
    }
    return undefined;
  }
  for (const name of propertyNamesOf(source)) {
    if (skip.has(name.toLowerCase()) || !has(target, name)) continue;
    await target.setProperty(name, await source.getProperty(name, ctx), ctx);
  }
  return undefined;
}

export const FILL_PROPERTY_FUNCTIONS: GlobalFunctionDef[] = [fn('ЗаполнитьЗначенияСвойств', 'FillPropertyValues', 2, 4, fill)];
