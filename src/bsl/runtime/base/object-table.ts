/**
 * The stored rows of one document or catalog, and references to them. A reference
 * (ДокументСсылка.X / СправочникСсылка.X) is a value: two references to the same object are
 * equal, and reading an attribute through it reads the stored (last written) state, as a
 * query to the database would — not the state of an object someone is editing.
 */
import { randomUUID } from 'node:crypto';
import { NameMap } from '../class-def.js';
import { BslError, MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, CallContext, TypeName } from '../host-api.js';
import { BslDate, type BslValue, isNumber, isObject, num, ZERO } from '../values.js';
// A cycle by design (an object knows its reference, a reference gets its object); both sides
// use the other only inside methods, after both modules have loaded.
import type { EnumDef } from './enum-value.js';
import type { AttributeDef, AttributeType, ObjectTableDef } from './metadata.js';
import type { TransactionLog } from './transaction-log.js';

export const EMPTY_UUID = '00000000-0000-0000-0000-000000000000';

/** What a stored object holds: field values by canonical name, and tabular section rows. */
export interface StoredObject {
  fields: Record<string, BslValue>;
  sections: Record<string, Array<Record<string, BslValue>>>;
}

/** Everything the base's objects share: the transaction log, the tables, enumerations, the runtime. */
export interface BaseContext {
  readonly tx: TransactionLog;
  table(fullName: string): ObjectTable;
  enumeration(name: string): EnumDef;
  /** A fresh ВерсияДанных, unique in the base (1C writes a new one on every write). */
  nextDataVersion(): string;
  /** The object module of this object (direct and extension handlers), undefined when the table has none. */
  objectModule(table: ObjectTable, owner: BslObject): Promise<HandlerModule | undefined>;
  /** The object (ДокументОбъект / СправочникОбъект) of a stored row: what Ссылка.ПолучитьОбъект() returns. */
  loadObject(table: ObjectTable, uuid: string, stored: StoredObject): BslObject;
}

/** What the base needs of an instantiated object module: the runtime's module instance. */
export interface HandlerModule {
  has(name: string): boolean;
  call(name: string, args: Array<BslValue | import('../ref.js').Ref>): Promise<BslValue>;
}

/** Standard attributes (Стандартные реквизиты) with their English names. */
const DOCUMENT_STANDARD: Array<[string, string, AttributeType]> = [
  ['Номер', 'Number', { kind: 'string' }],
  ['Дата', 'Date', { kind: 'date' }],
  ['Проведен', 'Posted', { kind: 'boolean' }],
  ['ПометкаУдаления', 'DeletionMark', { kind: 'boolean' }],
  ['ВерсияДанных', 'DataVersion', { kind: 'string' }],
];
const CATALOG_STANDARD: Array<[string, string, AttributeType]> = [
  ['Код', 'Code', { kind: 'string' }],
  ['Наименование', 'Description', { kind: 'string' }],
  ['ПометкаУдаления', 'DeletionMark', { kind: 'boolean' }],
  ['ВерсияДанных', 'DataVersion', { kind: 'string' }],
  ['ЭтоГруппа', 'IsFolder', { kind: 'boolean' }],
];

export class ObjectTable {
  readonly fullName: string;
  readonly refType: TypeName;
  readonly objectType: TypeName;
  /** Canonical field name by either spelling; the attributes' types. */
  readonly fieldNames = new NameMap<string>();
  readonly fieldTypes = new Map<string, AttributeType>();
  readonly sectionNames = new NameMap<string>();
  readonly sectionAttributes = new Map<string, { names: NameMap<string>; defs: AttributeDef[] }>();
  private readonly rows = new Map<string, StoredObject>();
  private lastNumber = 0;
  readonly emptyRef: ObjectRef;

  constructor(
    readonly def: ObjectTableDef,
    readonly ordinal: number,
    readonly base: BaseContext,
  ) {
    this.fullName = `${def.cls}.${def.name}`;
    const en = def.cls === 'Документ' ? 'Document' : 'Catalog';
    this.refType = { ru: `${def.cls}Ссылка.${def.name}`, en: `${en}Ref.${def.name}` };
    this.objectType = { ru: `${def.cls}Объект.${def.name}`, en: `${en}Object.${def.name}` };
    const standard = def.cls === 'Документ' ? DOCUMENT_STANDARD : CATALOG_STANDARD;
    for (const [ru, enName, type] of standard) {
      if (ru === 'ЭтоГруппа' && !def.hierarchical) continue;
      this.fieldNames.set([ru, enName], ru);
      this.fieldTypes.set(ru, type);
    }
    for (const a of def.attributes) {
      this.fieldNames.set([a.name], a.name);
      this.fieldTypes.set(a.name, a.type);
    }
    for (const s of def.tabularSections) {
      this.sectionNames.set([s.name], s.name);
      const names = new NameMap<string>();
      for (const a of s.attributes) names.set([a.name], a.name);
      names.set(['НомерСтроки', 'LineNumber'], 'НомерСтроки');
      this.sectionAttributes.set(s.name, { names, defs: s.attributes });
    }
    this.emptyRef = new ObjectRef(this, EMPTY_UUID);
  }

  /** Default values of a new object, as the platform fills them. */
  newFields(): Record<string, BslValue> {
    const fields: Record<string, BslValue> = {};
    for (const [name, type] of this.fieldTypes) fields[name] = this.defaultValue(type);
    return fields;
  }

  defaultValue(type: AttributeType): BslValue {
    switch (type.kind) {
      case 'string':
        return '';
      case 'number':
        return ZERO;
      case 'date':
        return BslDate.EMPTY;
      case 'boolean':
        return false;
      case 'ref':
        return this.base.table(type.table).emptyRef;
      case 'enum':
        return this.base.enumeration(type.enumeration).empty;
    }
  }

  ref(uuid: string): ObjectRef {
    return new ObjectRef(this, uuid.toLowerCase());
  }

  newUuid(): string {
    return randomUUID();
  }

  read(uuid: string): StoredObject | undefined {
    return this.rows.get(uuid);
  }

  /** Stores a copy; inside a transaction the previous state comes back on rollback. */
  put(uuid: string, data: StoredObject): void {
    const before = this.rows.get(uuid);
    this.rows.set(uuid, copyStored(data));
    this.base.tx.change(() => (before ? this.rows.set(uuid, before) : this.rows.delete(uuid)));
  }

  remove(uuid: string): void {
    const before = this.rows.get(uuid);
    if (!before) return;
    this.rows.delete(uuid);
    this.base.tx.change(() => this.rows.set(uuid, before));
  }

  /** Every stored object, in the order they were first written. */
  all(): Array<[string, StoredObject]> {
    return [...this.rows];
  }

  /** The next Номер / Код, zero-padded to the configured length (autonumbering without prefix). */
  nextNumber(): string {
    this.lastNumber++;
    return String(this.lastNumber).padStart(this.def.numberLength, '0');
  }

  /** The object's presentation as 1C shows a reference: a document by synonym, number and date; a catalog item by name. */
  presentationOf(uuid: string): string {
    if (uuid === EMPTY_UUID) return '';
    const stored = this.rows.get(uuid);
    if (!stored) return `<Объект не найден> (${this.ordinal}:${uuid.replace(/-/g, '')})`;
    if (this.def.cls === 'Справочник') return String(stored.fields['Наименование'] ?? '');
    const date = stored.fields['Дата'];
    const p = date instanceof BslDate ? date.parts() : undefined;
    const shown = p ? `${pad(p.day)}.${pad(p.month)}.${p.year} ${p.hour}:${pad(p.minute)}:${pad(p.second)}` : '';
    return `${this.def.synonym} ${String(stored.fields['Номер'] ?? '')} от ${shown}`;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function copyStored(data: StoredObject): StoredObject {
  const sections: StoredObject['sections'] = {};
  for (const [name, rows] of Object.entries(data.sections)) sections[name] = rows.map((r) => ({ ...r }));
  return { fields: { ...data.fields }, sections };
}

/** ДокументСсылка.X / СправочникСсылка.X. */
export class ObjectRef implements BslObject {
  constructor(
    readonly table: ObjectTable,
    readonly uuid: string,
  ) {}

  get bslType(): TypeName {
    return this.table.refType;
  }

  isEmpty(): boolean {
    return this.uuid === EMPTY_UUID;
  }

  hasProperty(name: string): boolean {
    return /^(Ссылка|Ref)$/i.test(name) || this.table.fieldNames.has(name) || this.table.sectionNames.has(name);
  }

  /** Reads the stored state; a missing object (empty or deleted reference) reads as defaults. */
  getProperty(name: string): BslValue {
    if (/^(Ссылка|Ref)$/i.test(name)) return this;
    const stored = this.table.read(this.uuid);
    const field = this.table.fieldNames.get(name);
    if (field) return stored ? stored.fields[field] : this.table.defaultValue(this.table.fieldTypes.get(field)!);
    const section = this.table.sectionNames.get(name);
    if (section) return new StoredRows(this.table, section, stored?.sections[section] ?? []);
    throw new MemberNotFound(name, 'property', this.table.refType.ru);
  }

  setProperty(name: string): void {
    if (this.hasProperty(name)) throw new BslError(`Поле объекта недоступно для записи (${name})`);
    throw new MemberNotFound(name, 'property', this.table.refType.ru);
  }

  callMethod(name: string, args: BslValue[], ctx: CallContext): BslValue | Promise<BslValue> {
    const m = name.toLowerCase();
    const arity = (max: number) => {
      if (args.length > max) throw new WrongArgumentCount(name, args.length, 0, max);
    };
    if (m === 'уникальныйидентификатор' || m === 'uuid') {
      arity(0);
      return ctx.runtime.construct('УникальныйИдентификатор', [this.uuid]);
    }
    if (m === 'пустая' || m === 'isempty') {
      arity(0);
      return this.isEmpty();
    }
    if (m === 'метаданные' || m === 'metadata') {
      arity(0);
      return new MetadataObject(this.table);
    }
    if (m === 'получитьобъект' || m === 'getobject') {
      arity(1);
      const stored = this.table.read(this.uuid);
      return stored ? this.table.base.loadObject(this.table, this.uuid, stored) : undefined;
    }
    throw new MemberNotFound(name, 'method', this.table.refType.ru);
  }

  presentation(): string {
    return this.table.presentationOf(this.uuid);
  }

  /** XMLСтрока of a reference is its GUID; Соответствие keys it by table and GUID. */
  xmlString(): string {
    return this.uuid;
  }

  hashKey(): string {
    return `${this.table.fullName}:${this.uuid}`;
  }

  equals(other: BslValue): boolean {
    return other instanceof ObjectRef && other.table === this.table && other.uuid === this.uuid;
  }
}

/** A tabular section read through a reference: rows of the stored state, read-only. */
export class StoredRows implements BslObject {
  readonly bslType: TypeName;

  constructor(
    readonly table: ObjectTable,
    readonly section: string,
    readonly rows: Array<Record<string, BslValue>>,
  ) {
    this.bslType = { ru: `${table.def.cls}ТабличнаяЧасть.${table.def.name}.${section}`, en: `TabularSection.${table.def.name}.${section}` };
  }

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    if (/^(Количество|Count)$/i.test(name) && args.length === 0) return num(this.rows.length);
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  getIndexed(key: BslValue): BslValue {
    const index = isNumber(key) ? key.toNumber() : -1;
    if (!(index >= 0 && index < this.rows.length)) throw new BslError('Индекс находится за границами диапазона');
    return new StoredRow(this.bslType, this.table.sectionAttributes.get(this.section)!.names, this.rows[index]!, index + 1);
  }

  *iterate(): Iterable<BslValue> {
    const names = this.table.sectionAttributes.get(this.section)!.names;
    for (let k = 0; k < this.rows.length; k++) yield new StoredRow(this.bslType, names, this.rows[k]!, k + 1);
  }
}

class StoredRow implements BslObject {
  readonly bslType: TypeName;

  constructor(
    section: TypeName,
    private readonly names: NameMap<string>,
    private readonly row: Record<string, BslValue>,
    private readonly line: number,
  ) {
    this.bslType = { ru: section.ru.replace('ТабличнаяЧасть', 'ТабличнаяЧастьСтрока'), en: section.en.replace('TabularSection', 'TabularSectionRow') };
  }

  getProperty(name: string): BslValue {
    const field = this.names.get(name);
    if (!field) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return field === 'НомерСтроки' ? num(this.line) : this.row[field];
  }

  setProperty(name: string): void {
    throw new BslError(`Поле объекта недоступно для записи (${name})`);
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

/** The text of a УникальныйИдентификатор argument (or a string holding one), lower case. */
export function uuidText(value: BslValue): string {
  const text = typeof value === 'string' ? value : isObject(value) && value.presentation ? value.presentation() : undefined;
  if (text === undefined || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new BslError('Неверный тип параметра (ожидается УникальныйИдентификатор)');
  }
  return text.toLowerCase();
}

/**
 * ОбъектМетаданных of a document or catalog, as `Ссылка.Метаданные()` returns it: `Имя`,
 * `Синоним`, and `ПолноеИмя()` ("Справочник.Контрагенты": the class in the singular, then the name).
 */
export class MetadataObject implements BslObject {
  readonly bslType: TypeName = { ru: 'ОбъектМетаданных', en: 'MetadataObject' };

  constructor(readonly table: ObjectTable) {}

  hasProperty(name: string): boolean {
    return /^(Имя|Name|Синоним|Synonym)$/i.test(name);
  }

  getProperty(name: string): BslValue {
    if (/^(Имя|Name)$/i.test(name)) return this.table.def.name;
    if (/^(Синоним|Synonym)$/i.test(name)) return this.table.def.synonym;
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    if (/^(ПолноеИмя|FullName)$/i.test(name)) {
      if (args.length > 0) throw new WrongArgumentCount(name, args.length, 0, 0);
      return this.table.fullName;
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  presentation(): string {
    return this.table.def.synonym;
  }
}
