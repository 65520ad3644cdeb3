import type { DumpedAttribute, DumpedObject, LocalText } from '../bsl/metadata/read-dumped-configuration.js';
import type { AttributeDeclaration, KindDeclaration, Role, SectionDeclaration } from './declaration-schema.js';
import { META_KEYS, roleFits } from './load-declarations.js';
import { formatOneCType, type OneCType } from './one-c-type.js';

/**
 * A first declaration of a kind, written from the object's description in a dumped configuration:
 * the standard attributes with the configuration's own lengths, every attribute and tabular
 * section with its 1C type, roles guessed from names and types, labels from the synonyms. A 1C
 * developer reads it through, trims what the ERP does not need and adds sources such as
 * `Контрагент.Наименование`; it loads as it is.
 */
export interface DraftResult {
  declaration: KindDeclaration;
  /** One line per attribute or section left out, saying why. */
  skipped: string[];
}

/** Roles guessed by name; the type must fit too (the loader's rule), or the role is not given. */
const ROLE_BY_NAME: Record<string, Role> = {
  Номер: 'number',
  Дата: 'date',
  Контрагент: 'counterparty',
  Владелец: 'counterparty',
  СуммаДокумента: 'amount',
  Код: 'code',
  Наименование: 'name',
  Проведен: 'posted',
};

const STANDARD_LABELS: Record<string, { uk: string; en: string }> = {
  Номер: { uk: 'Номер', en: 'Number' },
  Дата: { uk: 'Дата', en: 'Date' },
  Проведен: { uk: 'Проведено', en: 'Posted' },
  Код: { uk: 'Код', en: 'Code' },
  Наименование: { uk: 'Найменування', en: 'Name' },
  Владелец: { uk: 'Власник', en: 'Owner' },
};

/** uk ← the Ukrainian synonym, else the Russian one, else the name; en ← English, else Russian, else the name. */
export function labelOf(synonym: LocalText, name: string): { uk: string; en: string } {
  return { uk: synonym.uk ?? synonym.ru ?? name, en: synonym.en ?? synonym.ru ?? name };
}

function whyNot(a: DumpedAttribute): string {
  const raw = a.rawTypes.join(', ');
  if (a.rawTypes.some((t) => /ValueStorage$/.test(t))) return `${raw}: a value storage holds serialized data, not a value a webhook carries`;
  if (a.rawTypes.some((t) => /:UUID$/.test(t))) return `${raw}: a UUID attribute has no declared type; send it as Строка(36) from a source of your own`;
  if (a.rawTypes.some((t) => /DefinedType\.|Characteristic\.|AnyIBRef|AnyRef/.test(t)) || a.rawTypes.length === 0) {
    return `${raw || 'no type'}: a defined or characteristic type set; look up the concrete type in the configuration and declare it by hand`;
  }
  if (a.rawTypes.length > 1) return `${raw}: a composite type mixing references with other types; only references may be joined`;
  return `${raw}: no declared 1C type stands for it`;
}

const searchable = (t: OneCType): boolean => t.type === 'string' || t.type === 'ref' || (t.type === 'number' && t.scale === 0);

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** A kind name from the object's name when none is given: `РеализацияТоваровУслуг` → `realizatsiyatovarovuslug`. */
export function kindFromName(name: string): string {
  const latin = [...name.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');
  const k = latin.replace(/^[0-9]+/, '').slice(0, 32);
  return k === '' ? 'kind' : k;
}

export function draftDeclaration(o: DumpedObject, options: { kind?: string } = {}): DraftResult {
  const skipped: string[] = [];
  const taken = new Set<string>([...META_KEYS, 'Ссылка']);
  const typed: Array<{ decl: AttributeDeclaration; type: OneCType }> = [];
  const add = (name: string, type: OneCType, label: { uk: string; en: string }, required = false) => {
    taken.add(name);
    typed.push({ decl: { name, type: formatOneCType(type), ...(required ? { required: true } : {}), label }, type });
  };
  if (o.cls === 'Документ') {
    const len = o.numberLength ?? 0;
    if (len > 0)
      add(
        'Номер',
        o.numberType === 'Number' ? { type: 'number', digits: len, scale: 0, nonNegative: true } : { type: 'string', length: len },
        STANDARD_LABELS.Номер!,
        true,
      );
    add('Дата', { type: 'date', parts: 'datetime' }, STANDARD_LABELS.Дата!, true);
    add('Проведен', { type: 'boolean' }, STANDARD_LABELS.Проведен!);
  } else {
    const code = o.codeLength ?? 0;
    if (code > 0)
      add(
        'Код',
        o.codeType === 'Number' ? { type: 'number', digits: code, scale: 0, nonNegative: true } : { type: 'string', length: code },
        STANDARD_LABELS.Код!,
      );
    const desc = o.descriptionLength ?? 0;
    if (desc > 0) add('Наименование', { type: 'string', length: desc }, STANDARD_LABELS.Наименование!, true);
    const owners = o.owners.map((x) => /^Catalog\.(.+)$/.exec(x)?.[1]).filter((x): x is string => Boolean(x));
    if (owners.length > 0 && owners.length === o.owners.length) {
      add('Владелец', { type: 'ref', targets: owners.map((name) => ({ class: 'Справочник' as const, name })) }, STANDARD_LABELS.Владелец!);
    } else if (o.owners.length > 0) {
      skipped.push(`Владелец (${o.owners.join(', ')}): owned by objects other than catalogs; declare it by hand`);
    }
  }
  for (const a of o.attributes) {
    if (taken.has(a.name)) {
      skipped.push(`${a.name}: the name is one every body carries already`);
      continue;
    }
    if (!a.type) {
      skipped.push(`${a.name} (${whyNot(a)})`);
      continue;
    }
    add(a.name, a.type, labelOf(a.synonym, a.name));
  }
  const sections: SectionDeclaration[] = [];
  for (const ts of o.tabularSections) {
    if (taken.has(ts.name)) {
      skipped.push(`${ts.name}: a tabular section named as an attribute or a key every body carries`);
      continue;
    }
    const rowKeys = new Set<string>();
    const attributes: AttributeDeclaration[] = [];
    for (const a of ts.attributes) {
      if (!a.type) {
        skipped.push(`${ts.name}.${a.name} (${whyNot(a)})`);
        continue;
      }
      if (rowKeys.has(a.name)) continue;
      rowKeys.add(a.name);
      attributes.push({ name: a.name, type: formatOneCType(a.type), label: labelOf(a.synonym, a.name) });
    }
    if (attributes.length === 0) {
      skipped.push(`${ts.name}: a tabular section with no attribute that can be sent`);
      continue;
    }
    taken.add(ts.name);
    sections.push({ name: ts.name, label: labelOf(ts.synonym, ts.name), attributes });
  }
  if (typed.length === 0) throw new Error(`${o.cls}.${o.name} has no attribute that can be sent`);

  const roles: Partial<Record<Role, string>> = {};
  for (const { decl, type } of typed) {
    const role = ROLE_BY_NAME[decl.name];
    if (role && roles[role] === undefined && roleFits(role, type)) roles[role] = decl.name;
  }
  const byRole = (rs: readonly Role[]) => rs.map((r) => roles[r]).filter((n): n is string => n !== undefined);
  const typeOf = new Map(typed.map((t) => [t.decl.name, t.type]));
  const list = byRole(['number', 'code', 'name', 'date', 'counterparty', 'amount', 'posted']);
  const kind = options.kind ?? kindFromName(o.name);
  const declaration: KindDeclaration = {
    kind,
    object: `${o.cls}.${o.name}`,
    label: labelOf(o.synonym, o.name),
    attributes: typed.map((t) => t.decl),
    ...(sections.length > 0 ? { tabularSections: sections } : {}),
    ...(Object.keys(roles).length > 0 ? { roles } : {}),
    list: list.length > 0 ? list : typed.slice(0, 6).map((t) => t.decl.name),
    filter: byRole(['counterparty', 'date', 'posted']),
    sort: byRole(['date', 'number', 'amount', 'code', 'name']),
    search: byRole(['number', 'code', 'name', 'counterparty']).filter((n) => searchable(typeOf.get(n)!)),
  };
  return { declaration, skipped };
}
