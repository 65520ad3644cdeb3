import type { DeclaredRef, DeclaredValue } from '../../kinds/declared-content.js';
import type { AttributeDefinition, KindDefinition, SectionDefinition } from '../../kinds/kind-definition.js';
import type { CellType, ExportColumn, ExportLang } from './export-columns.js';

/**
 * The export of a declared kind, its columns read from its declaration (docs/ARCHITECTURE.md,
 * "Exports for Excel"). The rule, the invoices' own:
 * - every attribute of the object, in declared order, titled by its label; a reference as
 *   its presentation (Строка(Ссылка), what 1C shows), a flag as yes/no, a number as a number,
 *   a date as the day (1C's wall time);
 * - when the kind has tabular sections, one row per row of its FIRST section (a sale's
 *   Товары, as an invoice's positions), the object's columns repeated on each so any Excel
 *   filter or sort keeps whole rows, then the line number and the section's attributes,
 *   titled "Section: attribute" (a sale's Сума and its lines' Сума differ). The other sections
 *   are not in the file: a second table would need rows of its own. An object with no rows
 *   there still has its one row;
 * - the object's amount (its `amount` role) on its first row only, so the column sums to the
 *   documents' totals, not a multiple of them.
 */
export interface DeclaredExportRow {
  attributes: Record<string, DeclaredValue>;
  deletionMark: boolean;
  sourceId: string;
  /** A row of the first tabular section, or none. */
  line: Record<string, unknown> | null;
  lineNumber: number;
  /** The object's first row: the only one that carries its amount. */
  first: boolean;
}

const YES_NO: Record<ExportLang, [string, string]> = { uk: ['так', 'ні'], en: ['yes', 'no'] };

const isRef = (v: unknown): v is DeclaredRef => typeof v === 'object' && v !== null && 'presentation' in v;

/** 1C's empty date (0001-01-01) is no date: an empty cell. */
const EMPTY_DATE = /^0001-01-01/;

function cellType(a: AttributeDefinition): CellType {
  switch (a.type.type) {
    case 'number':
      // Two decimals are money in 1C's configurations (Число(15,2)); quantities and rates keep theirs.
      return a.type.scale === 2 ? 'money' : 'number';
    case 'date':
      return a.type.parts === 'time' ? 'text' : 'date';
    default:
      return 'text';
  }
}

function cellValue(a: AttributeDefinition, v: unknown, lang: ExportLang): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return YES_NO[lang][v ? 0 : 1];
  if (isRef(v)) return v.presentation;
  if (typeof v !== 'string') return null;
  if (a.type.type === 'date') {
    if (EMPTY_DATE.test(v) && a.type.parts !== 'time') return null;
    return a.type.parts === 'time' ? (v.slice(11, 19) ?? v) : v;
  }
  return v;
}

/** Width in characters (XLSX): by the type, never narrower than a short title. */
function width(a: AttributeDefinition): number {
  switch (a.type.type) {
    case 'number':
      return 14;
    case 'date':
      return 11;
    case 'boolean':
      return 10;
    case 'ref':
      return 28;
    case 'string':
      return a.type.length > 0 && a.type.length <= 12 ? 14 : 24;
  }
}

export function declaredExportColumns(kind: KindDefinition): ExportColumn<DeclaredExportRow>[] {
  const amount = kind.roles.amount?.name;
  const section: SectionDefinition | undefined = kind.sections[0];
  const columns: ExportColumn<DeclaredExportRow>[] = kind.attributes.map((a) => ({
    title: a.label,
    type: cellType(a),
    width: width(a),
    value: (r, lang) => (a.name === amount && !r.first ? null : cellValue(a, r.attributes[a.name], lang)),
  }));
  columns.push(
    {
      title: { uk: 'Позначка видалення', en: 'Deletion mark' },
      type: 'text',
      width: 10,
      value: (r, lang) => YES_NO[lang][r.deletionMark ? 0 : 1],
    },
    { title: { uk: 'Джерело', en: 'Source' }, type: 'text', width: 12, value: (r) => r.sourceId },
  );
  if (!section) return columns;
  const titled = (lang: ExportLang, label: string) => `${section.label[lang]}: ${label}`;
  columns.push({
    title: { uk: titled('uk', '№ рядка'), en: titled('en', 'Line') },
    type: 'number',
    width: 7,
    value: (r) => (r.line ? String(r.lineNumber) : null),
  });
  for (const a of section.attributes) {
    columns.push({
      title: { uk: titled('uk', a.label.uk), en: titled('en', a.label.en) },
      type: cellType(a),
      width: width(a),
      value: (r, lang) => (r.line ? cellValue(a, r.line[a.name], lang) : null),
    });
  }
  return columns;
}

/** The rows of one object: one per row of the kind's first tabular section, or one alone. */
export function declaredExportRows(
  kind: KindDefinition,
  object: { attributes: Record<string, DeclaredValue>; sections: Record<string, Record<string, unknown>[]>; deletionMark: boolean; sourceId: string },
): DeclaredExportRow[] {
  const base = { attributes: object.attributes, deletionMark: object.deletionMark, sourceId: object.sourceId };
  const lines = kind.sections[0] ? (object.sections[kind.sections[0].name] ?? []) : [];
  if (lines.length === 0) return [Object.assign({}, base, { line: null, lineNumber: 0, first: true })];
  return lines.map((line, i) => Object.assign({}, base, { line, lineNumber: i + 1, first: i === 0 }));
}
