import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';

/**
 * The standard interface names 1C's own attributes in English and a declared attribute by
 * its metadata name (`Document_РеализацияТоваровУслуг`, `Контрагент_Key`): the Russian names
 * a declaration's `source` may use for the standard ones, translated.
 */
const STANDARD_FIELDS: Readonly<Record<string, string>> = {
  Номер: 'Number',
  Дата: 'Date',
  Проведен: 'Posted',
  Код: 'Code',
  Наименование: 'Description',
  ПометкаУдаления: 'DeletionMark',
  Владелец: 'Owner',
  Родитель: 'Parent',
  ЭтоГруппа: 'IsFolder',
};

export const odataField = (name: string): string => STANDARD_FIELDS[name] ?? name;

/** `Document_<Name>` / `Catalog_<Name>`. */
export function entitySet(kind: KindDefinition): string {
  return `${kind.metaClass === 'Документ' ? 'Document' : 'Catalog'}_${kind.oneCName}`;
}

/** A tabular section's own entity set: `Document_<Name>_<Section>`. */
export const sectionSet = (kind: KindDefinition, source: string): string => `${entitySet(kind)}_${source}`;

/**
 * A `source` path OData can answer: an attribute of the object (`Сумма`), or one attribute of
 * an object it refers to (`Контрагент.Наименование`, read through `$expand=Контрагент`).
 * Computed sources (`КонтактнаяИнформация(Телефон)`) are not in the standard interface.
 */
export function sourcePath(a: AttributeDefinition): string[] | null {
  let path = paths.get(a);
  if (path === undefined) {
    const parts = a.source.split('.');
    path = parts.length > 2 || parts.some((p) => !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(p)) ? null : parts;
    paths.set(a, path);
  }
  return path;
}

/** Asked for every field of every object a load reads: worked out once per attribute. */
const paths = new WeakMap<AttributeDefinition, string[] | null>();

/** Only references to catalogs are expanded: a catalog's Description is its presentation. */
function expands(a: AttributeDefinition): string | null {
  const path = sourcePath(a);
  if (!path) return null;
  if (path.length === 2) return odataField(path[0]!);
  if (a.type.type === 'ref' && a.type.targets.length === 1 && a.type.targets[0]!.class === 'Справочник') return odataField(path[0]!);
  return null;
}

/** The navigation properties to `$expand` for a list of attributes. */
export function expandsOf(attributes: readonly AttributeDefinition[]): string[] {
  return [...new Set(attributes.map(expands).filter((e): e is string => e !== null))];
}

/**
 * The contact information section of the standard subsystems' layout (rows of `Тип`, an
 * enumeration value, and `Представление`), which a `КонтактнаяИнформация(<Тип>)` source reads.
 */
export const CONTACT_SECTION = 'КонтактнаяИнформация';
const CONTACT = /^КонтактнаяИнформация\((\p{L}+)\)$/u;

/** The contact type a `КонтактнаяИнформация(<Тип>)` source reads; null for any other source. */
export const contactType = (a: AttributeDefinition): string | null => CONTACT.exec(a.source)?.[1] ?? null;
