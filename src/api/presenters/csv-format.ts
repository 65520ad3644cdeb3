import type { ExportColumn, ExportLang } from './export-columns.js';

/**
 * CSV as a Ukrainian Excel opens it with a double click, every column right:
 * - UTF-8 with a BOM: without it Excel reads the file as the ANSI code page (Windows-1251)
 *   and Cyrillic turns to mojibake; with it, Excel knows UTF-8. (A `sep=;` first line would
 *   make Excel ignore the BOM, so there is none.)
 * - `;` between fields: Excel splits a CSV on the Windows list separator, which is `;` in
 *   the uk-UA regional settings (`,` is the decimal separator there).
 * - decimal comma (`1234,56`) and `dd.mm.yyyy` dates: what uk-UA Excel parses into numbers
 *   it sums and into dates, with no thousands separator to confuse it.
 * - CR LF line ends (RFC 4180); fields with `;`, quotes or line breaks are quoted.
 * - text Excel would not keep as text — codes with leading zeros (`000000042`), anything that
 *   looks like a number or a date, and anything starting with `=`, `+`, `-`, `@` (a formula:
 *   CSV injection) — is written as the formula `="…"`, which Excel shows as that exact text.
 */
export const CSV_BOM = '\uFEFF';
const SEPARATOR = ';';
const EOL = '\r\n';

/** Excel's formula string literals are at most 255 characters. */
const MAX_FORMULA_TEXT = 255;
/** Text that Excel would turn into a number, a date, a time, a percentage or a fraction. */
const LOOKS_NUMERIC = /^[\d\s.,:/%()+\-eE]*\d[\d\s.,:/%()+\-eE]*$/;
/** Text Excel would read as a formula (or, with a tab/CR first, that some tools strip). */
const LOOKS_FORMULA = /^[=+\-@\t\r]/;

function quote(field: string): string {
  return /[";\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function csvText(value: string): string {
  if (value === '') return '';
  if (LOOKS_NUMERIC.test(value) || LOOKS_FORMULA.test(value)) {
    // ="…" keeps the text exactly; past Excel's 255-character literal, an apostrophe first
    // at least stops a formula (Excel then shows it).
    return quote(value.length <= MAX_FORMULA_TEXT ? `="${value.replace(/"/g, '""')}"` : `'${value}`);
  }
  return quote(value);
}

/** "1234.56" → "1234,56": the exact digits, uk-UA's decimal comma. */
export function csvNumber(value: string): string {
  return value.replace('.', ',');
}

/** "2024-01-15T10:30:00" (1C's local wall time) → "15.01.2024". */
export function csvDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : csvText(value);
}

export function csvCell(type: ExportColumn<unknown>['type'], value: string | null): string {
  if (value === null || value === '') return '';
  if (type === 'money' || type === 'number') return csvNumber(value);
  if (type === 'date') return csvDate(value);
  return csvText(value);
}

export function csvHeader<R>(columns: ReadonlyArray<ExportColumn<R>>, lang: ExportLang): string {
  return columns.map((c) => csvText(c.title[lang])).join(SEPARATOR) + EOL;
}

export function csvRow<R>(columns: ReadonlyArray<ExportColumn<R>>, row: R, lang: ExportLang): string {
  return columns.map((c) => csvCell(c.type, c.value(row, lang))).join(SEPARATOR) + EOL;
}
