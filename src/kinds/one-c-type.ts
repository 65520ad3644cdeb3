/**
 * A declared attribute's 1C type, written as a 1C developer reads it in the Designer:
 * `Строка(150)`, `Строка` (unlimited), `Число(15,2)`, `Число(15,2,Неотрицательное)`, `Дата`,
 * `ДатаВремя`, `Время`, `Булево`, `СправочникСсылка.Контрагенты`, `ДокументСсылка.X`,
 * `ПеречислениеСсылка.X`, `ПланСчетовСсылка.X`, `ПланВидовХарактеристикСсылка.X`, and a composite
 * reference as several joined by `|`. English names (`String(150)`, `Number(15,2)`, `Date`,
 * `DateTime`, `Boolean`, `CatalogRef.X`, `DocumentRef.X`, `EnumRef.X`, …) mean the same.
 *
 * The Designer's metadata XML says the same things as `xs:string` + `StringQualifiers/Length`
 * (0 = unlimited), `xs:decimal` + `NumberQualifiers` (`Digits`, `FractionDigits`, `AllowedSign`),
 * `xs:dateTime` + `DateQualifiers/DateFractions` (`Date`, `DateTime`, `Time`), `xs:boolean`, and
 * `cfg:CatalogRef.X` for references; `fromMetadataType` reads that form.
 */
export type RefClass = 'Справочник' | 'Документ' | 'Перечисление' | 'ПланСчетов' | 'ПланВидовХарактеристик';

export interface RefTarget {
  class: RefClass;
  name: string;
}

export type OneCType =
  | { type: 'string'; length: number }
  | { type: 'number'; digits: number; scale: number; nonNegative: boolean }
  | { type: 'date'; parts: 'date' | 'datetime' | 'time' }
  | { type: 'boolean' }
  | { type: 'ref'; targets: RefTarget[] };

/** `СправочникСсылка` ↔ `CatalogRef` ↔ `Справочник`: one row per reference class. */
const REF_CLASSES: readonly { cls: RefClass; ru: string; en: string; xml: string }[] = [
  { cls: 'Справочник', ru: 'СправочникСсылка', en: 'CatalogRef', xml: 'CatalogRef' },
  { cls: 'Документ', ru: 'ДокументСсылка', en: 'DocumentRef', xml: 'DocumentRef' },
  { cls: 'Перечисление', ru: 'ПеречислениеСсылка', en: 'EnumRef', xml: 'EnumRef' },
  { cls: 'ПланСчетов', ru: 'ПланСчетовСсылка', en: 'ChartOfAccountsRef', xml: 'ChartOfAccountsRef' },
  { cls: 'ПланВидовХарактеристик', ru: 'ПланВидовХарактеристикСсылка', en: 'ChartOfCharacteristicTypesRef', xml: 'ChartOfCharacteristicTypesRef' },
];

/** A 1C name: a letter or underscore, then letters, digits, underscores (any script). */
export const ONE_C_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Why a type text is not a type; thrown as a plain message, the caller names the file and field. */
export class OneCTypeError extends Error {}

function parseOne(text: string): OneCType {
  const t = text.trim();
  const call = /^([\p{L}]+)\s*(?:\(([^)]*)\))?$/u.exec(t);
  if (call) {
    const name = call[1]!.toLowerCase();
    const args = call[2] === undefined ? [] : call[2].split(',').map((a) => a.trim());
    switch (name) {
      case 'строка':
      case 'string': {
        const length = args.length === 0 ? 0 : Number(args[0]);
        if (args.length > 1 || !Number.isInteger(length) || length < 0 || length > 1024 * 1024) {
          throw new OneCTypeError(`"${t}": a string's length is a whole number (0 or none = unlimited)`);
        }
        return { type: 'string', length };
      }
      case 'число':
      case 'number': {
        const digits = Number(args[0] ?? 'x');
        const scale = args.length > 1 ? Number(args[1]) : 0;
        const sign = (args[2] ?? '').toLowerCase();
        if (!Number.isInteger(digits) || digits < 1 || digits > 38 || !Number.isInteger(scale) || scale < 0 || scale > digits) {
          throw new OneCTypeError(`"${t}": a number is Число(digits, scale) with 1 ≤ digits ≤ 38 and 0 ≤ scale ≤ digits`);
        }
        if (args.length > 3 || !['', 'неотрицательное', 'nonnegative', 'любой', 'any'].includes(sign)) {
          throw new OneCTypeError(`"${t}": the third argument of a number is Неотрицательное or Любой`);
        }
        return { type: 'number', digits, scale, nonNegative: sign === 'неотрицательное' || sign === 'nonnegative' };
      }
      case 'дата':
      case 'date':
        if (args.length === 0) return { type: 'date', parts: 'date' };
        break;
      case 'датавремя':
      case 'datetime':
        if (args.length === 0) return { type: 'date', parts: 'datetime' };
        break;
      case 'время':
      case 'time':
        if (args.length === 0) return { type: 'date', parts: 'time' };
        break;
      case 'булево':
      case 'boolean':
        if (args.length === 0) return { type: 'boolean' };
        break;
    }
  }
  const ref = /^([\p{L}]+)\.(.+)$/u.exec(t);
  if (ref) {
    const row = REF_CLASSES.find((r) => r.ru.toLowerCase() === ref[1]!.toLowerCase() || r.en.toLowerCase() === ref[1]!.toLowerCase());
    if (row && ONE_C_NAME.test(ref[2]!)) return { type: 'ref', targets: [{ class: row.cls, name: ref[2]! }] };
  }
  throw new OneCTypeError(
    `"${t}" is not a 1C type: write Строка(n), Число(p,s), Дата, ДатаВремя, Время, Булево, or a reference such as СправочникСсылка.Контрагенты`,
  );
}

/** Reads a declared type; a composite type (`A | B`) may only join references. */
export function parseOneCType(text: string): OneCType {
  const parts = text.split('|');
  if (parts.length === 1) return parseOne(text);
  const targets: RefTarget[] = [];
  for (const part of parts) {
    const one = parseOne(part);
    if (one.type !== 'ref') throw new OneCTypeError(`"${text}": a composite type may only join references`);
    targets.push(...one.targets);
  }
  return { type: 'ref', targets };
}

/** The canonical (Russian) text of a type, as `parseOneCType` reads it back. */
export function formatOneCType(t: OneCType): string {
  switch (t.type) {
    case 'string':
      return t.length === 0 ? 'Строка' : `Строка(${t.length})`;
    case 'number':
      return `Число(${t.digits},${t.scale}${t.nonNegative ? ',Неотрицательное' : ''})`;
    case 'date':
      return t.parts === 'date' ? 'Дата' : t.parts === 'datetime' ? 'ДатаВремя' : 'Время';
    case 'boolean':
      return 'Булево';
    case 'ref':
      return t.targets.map((r) => `${REF_CLASSES.find((c) => c.cls === r.class)!.ru}.${r.name}`).join(' | ');
  }
}

/**
 * A type as the Designer dumps it: the `v8:Type` texts and the qualifiers beside them.
 * Returns null for types a declaration cannot send (value storage, UUID, …), so the draft can
 * leave such an attribute out and say why.
 */
export function fromMetadataType(input: {
  types: readonly string[];
  stringLength?: number;
  digits?: number;
  fractionDigits?: number;
  nonNegative?: boolean;
  dateFractions?: 'Date' | 'DateTime' | 'Time';
}): OneCType | null {
  const refs: RefTarget[] = [];
  for (const raw of input.types) {
    const name = raw.replace(/^[a-z0-9]+:/, '');
    const dot = name.indexOf('.');
    if (dot > 0) {
      const row = REF_CLASSES.find((r) => r.xml === name.slice(0, dot));
      if (row) refs.push({ class: row.cls, name: name.slice(dot + 1) });
      continue;
    }
    if (input.types.length > 1) continue;
    switch (name) {
      case 'string':
        return { type: 'string', length: input.stringLength ?? 0 };
      case 'decimal':
        return { type: 'number', digits: input.digits ?? 15, scale: input.fractionDigits ?? 0, nonNegative: input.nonNegative ?? false };
      case 'dateTime':
        return { type: 'date', parts: input.dateFractions === 'Date' ? 'date' : input.dateFractions === 'Time' ? 'time' : 'datetime' };
      case 'boolean':
        return { type: 'boolean' };
      default:
        return null;
    }
  }
  return refs.length > 0 && refs.length === input.types.length ? { type: 'ref', targets: refs } : null;
}
