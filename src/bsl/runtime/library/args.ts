/** Argument coercion shared by the library: 1C converts arguments to the parameter's type. */
import { toBslString, toNumber } from '../convert.js';
import { BslError } from '../errors.js';
import type { CallContext, GlobalFunctionDef } from '../host-api.js';
import { BslDate, type BslValue, Decimal } from '../values.js';

export function str(v: BslValue): string {
  return toBslString(v);
}

export function int(v: BslValue, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  return Math.trunc(toNumber(v).toNumber());
}

export function date(v: BslValue): BslDate {
  if (v instanceof BslDate) return v;
  throw new BslError('Неверный тип параметра: ожидается Дата');
}

export function number(v: BslValue): Decimal {
  return toNumber(v);
}

export function bool(v: BslValue, fallback = false): boolean {
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  throw new BslError('Неверный тип параметра: ожидается Булево');
}

export const n = (x: number): Decimal => new Decimal(x);

/** A pure global function: synchronous, no side effects (see GlobalFunctionDef.pure). */
export function pure(ru: string, en: string, min: number, max: number, call: (args: BslValue[], ctx: CallContext) => BslValue): GlobalFunctionDef {
  return { ru, en, min, max, call, pure: true };
}

/** Shorthand for a global function definition. */
export function fn(
  ru: string,
  en: string,
  min: number,
  max: number,
  call: (args: BslValue[], ctx: CallContext) => BslValue | Promise<BslValue>,
  since?: string,
): GlobalFunctionDef {
  return { ru, en, min, max, call, ...(since ? { since } : {}) };
}
