import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromMetadataType, type OneCType } from '../../kinds/one-c-type.js';
import { child, children, parseXml, textAt, type XmlElement, XmlError } from './xml-element.js';

/**
 * Reads a configuration the 1C Designer dumped to files (Конфигуратор → Конфигурация →
 * Выгрузить конфигурацию в файлы, or `1cv8 DESIGNER /DumpConfigToFiles`): `Configuration.xml`
 * and one `<Class>s/<Name>.xml` per object. Only what onec-sync needs: names, uuids, synonyms,
 * the standard attributes' lengths, attributes and tabular sections with their types.
 */

/** A configuration's own properties (`Configuration.xml`). */
export interface DumpedConfiguration {
  dir: string;
  name: string;
  uuid: string;
  /** The dump's format version (`MetaDataObject version="2.20"`). */
  formatVersion: string;
  /** `Version8_3_24`, or null when the file has none (`DontUse` is kept as written). */
  compatibilityMode: string | null;
  extensionCompatibilityMode: string | null;
  /** An extension's purpose (Customization, AddOn, Patch); null for a configuration. */
  extensionPurpose: string | null;
  namePrefix: string;
  defaultLanguage: string | null;
  /** Language objects' names (`Русский`). */
  languages: string[];
}

/** A text in several languages: `{ ru: "…", uk: "…" }` as the file has it. */
export type LocalText = Record<string, string>;

export interface DumpedAttribute {
  name: string;
  uuid: string;
  synonym: LocalText;
  /** The `v8:Type`/`v8:TypeSet` texts as written (`cfg:CatalogRef.Контрагенты`, `xs:string`). */
  rawTypes: string[];
  /** The type a declaration can send, or null (value storage, UUID, defined types, …). */
  type: OneCType | null;
}

export interface DumpedTabularSection {
  name: string;
  uuid: string;
  synonym: LocalText;
  attributes: DumpedAttribute[];
}

export type DumpedClass = 'Документ' | 'Справочник';

export interface DumpedObject {
  cls: DumpedClass;
  /** The XML element (`Document`, `Catalog`). */
  xmlClass: 'Document' | 'Catalog';
  name: string;
  uuid: string;
  synonym: LocalText;
  /** Documents: `NumberLength`, `NumberType`; catalogs: `CodeLength`, `CodeType`, `DescriptionLength`. */
  numberLength?: number;
  numberType?: string;
  codeLength?: number;
  codeType?: string;
  descriptionLength?: number;
  /** Catalogs: the owners (`Catalog.Контрагенты`), when subordinate. */
  owners: string[];
  attributes: DumpedAttribute[];
  tabularSections: DumpedTabularSection[];
  file: string;
}

/** A dump that cannot be read: names the file. */
export class DumpReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DumpReadError';
  }
}

const CLASS_FOLDERS: Record<DumpedClass, { folder: string; xml: 'Document' | 'Catalog' }> = {
  Документ: { folder: 'Documents', xml: 'Document' },
  Справочник: { folder: 'Catalogs', xml: 'Catalog' },
};

const CLASS_NAMES: Record<string, DumpedClass> = {
  документ: 'Документ',
  document: 'Документ',
  справочник: 'Справочник',
  catalog: 'Справочник',
};

function readXml(file: string): XmlElement {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DumpReadError(file, `cannot read (${(e as Error).message})`);
  }
  try {
    return parseXml(source);
  } catch (e) {
    if (e instanceof XmlError) throw new DumpReadError(file, e.message);
    throw e;
  }
}

/** `<Synonym><v8:item><v8:lang>ru</v8:lang><v8:content>…</v8:content></v8:item></Synonym>` */
export function localText(e: XmlElement | undefined): LocalText {
  const out: LocalText = {};
  for (const item of children(e, 'item')) {
    const lang = textAt(item, 'lang');
    const content = textAt(item, 'content');
    if (lang && content) out[lang] = content;
  }
  return out;
}

const int = (s: string | undefined): number | undefined => (s === undefined || s === '' ? undefined : Number(s));

/** `<Type>` with `v8:Type` and its qualifiers → the 1C type, as `fromMetadataType` reads it. */
export function readType(typeElement: XmlElement | undefined): { rawTypes: string[]; type: OneCType | null } {
  const rawTypes = (typeElement?.children ?? []).filter((c) => c.local === 'Type' || c.local === 'TypeSet').map((c) => c.text.trim());
  const hasSet = (typeElement?.children ?? []).some((c) => c.local === 'TypeSet');
  const sq = child(typeElement, 'StringQualifiers');
  const nq = child(typeElement, 'NumberQualifiers');
  const dq = child(typeElement, 'DateQualifiers');
  const fractions = textAt(dq, 'DateFractions');
  const type = hasSet
    ? null
    : fromMetadataType({
        types: rawTypes,
        stringLength: int(textAt(sq, 'Length')),
        digits: int(textAt(nq, 'Digits')),
        fractionDigits: int(textAt(nq, 'FractionDigits')),
        nonNegative: textAt(nq, 'AllowedSign') === 'Nonnegative',
        ...(fractions === 'Date' || fractions === 'DateTime' || fractions === 'Time' ? { dateFractions: fractions } : {}),
      });
  return { rawTypes, type };
}

function readAttribute(e: XmlElement): DumpedAttribute {
  const props = child(e, 'Properties');
  return {
    name: textAt(props, 'Name') ?? '',
    uuid: e.attrs.uuid ?? '',
    synonym: localText(child(props, 'Synonym')),
    ...readType(child(props, 'Type')),
  };
}

/** The root object element (`<MetaDataObject><Document …>`), checked to be the expected class. */
function objectElement(root: XmlElement, file: string, xmlClass: string): XmlElement {
  if (root.local !== 'MetaDataObject') throw new DumpReadError(file, `the root is <${root.name}>, not <MetaDataObject>`);
  const e = child(root, xmlClass);
  if (!e) throw new DumpReadError(file, `no <${xmlClass}> inside <MetaDataObject>`);
  return e;
}

export function readConfiguration(dir: string): DumpedConfiguration {
  const file = path.join(dir, 'Configuration.xml');
  if (!existsSync(file)) throw new DumpReadError(file, 'no Configuration.xml: is this a folder the Designer dumped a configuration to?');
  const root = readXml(file);
  const cfg = objectElement(root, file, 'Configuration');
  const props = child(cfg, 'Properties');
  const name = textAt(props, 'Name');
  if (!name) throw new DumpReadError(file, 'the configuration has no <Name>');
  return {
    dir,
    name,
    uuid: cfg.attrs.uuid ?? '',
    formatVersion: root.attrs.version ?? '',
    compatibilityMode: textAt(props, 'CompatibilityMode') || null,
    extensionCompatibilityMode: textAt(props, 'ConfigurationExtensionCompatibilityMode') || null,
    extensionPurpose: textAt(props, 'ConfigurationExtensionPurpose') || null,
    namePrefix: textAt(props, 'NamePrefix') ?? '',
    defaultLanguage: (textAt(props, 'DefaultLanguage') ?? '').replace(/^Language\./, '') || null,
    languages: children(child(cfg, 'ChildObjects'), 'Language').map((l) => l.text),
  };
}

/** `Документ.РеализацияТоваровУслуг` (or `Document.X`, `Справочник.X`, `Catalog.X`) → its class and name. */
export function parseObjectName(full: string): { cls: DumpedClass; name: string } | null {
  const [cls, name, ...rest] = full.split('.');
  const c = CLASS_NAMES[(cls ?? '').toLowerCase()];
  if (!c || !name || rest.length > 0) return null;
  return { cls: c, name };
}

/** Whether the configuration lists the object in its `ChildObjects`. */
export function hasObject(dir: string, cls: DumpedClass, name: string): boolean {
  return existsSync(path.join(dir, CLASS_FOLDERS[cls].folder, `${name}.xml`));
}

/** Reads one document or catalog; throws DumpReadError naming the file when it is missing or damaged. */
export function readObject(dir: string, cls: DumpedClass, name: string): DumpedObject {
  const { folder, xml } = CLASS_FOLDERS[cls];
  const file = path.join(dir, folder, `${name}.xml`);
  if (!existsSync(file)) throw new DumpReadError(file, `the configuration has no ${cls}.${name}`);
  const e = objectElement(readXml(file), file, xml);
  const props = child(e, 'Properties');
  const kids = child(e, 'ChildObjects');
  return {
    cls,
    xmlClass: xml,
    name: textAt(props, 'Name') ?? name,
    uuid: e.attrs.uuid ?? '',
    synonym: localText(child(props, 'Synonym')),
    numberLength: int(textAt(props, 'NumberLength')),
    numberType: textAt(props, 'NumberType'),
    codeLength: int(textAt(props, 'CodeLength')),
    codeType: textAt(props, 'CodeType'),
    descriptionLength: int(textAt(props, 'DescriptionLength')),
    owners: children(child(props, 'Owners'), 'Item').map((i) => i.text),
    attributes: children(kids, 'Attribute').map(readAttribute),
    tabularSections: children(kids, 'TabularSection').map((ts) => {
      const tp = child(ts, 'Properties');
      return {
        name: textAt(tp, 'Name') ?? '',
        uuid: ts.attrs.uuid ?? '',
        synonym: localText(child(tp, 'Synonym')),
        attributes: children(child(ts, 'ChildObjects'), 'Attribute').map(readAttribute),
      };
    }),
    file,
  };
}

/** A language object (`Languages/Русский.xml`): its uuid and code. */
export function readLanguage(dir: string, name: string): { name: string; uuid: string; code: string } {
  const file = path.join(dir, 'Languages', `${name}.xml`);
  if (!existsSync(file)) throw new DumpReadError(file, `the configuration has no language ${name}`);
  const e = objectElement(readXml(file), file, 'Language');
  return { name, uuid: e.attrs.uuid ?? '', code: textAt(child(e, 'Properties'), 'LanguageCode') ?? '' };
}
