/**
 * A tabular section of an object being edited (ДокументОбъект.X.Товары): rows the code adds,
 * changes and removes; written to the base with the object.
 */
import type { NameMap } from '../class-def.js';
import { BslError, MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, TypeName } from '../host-api.js';
import { type BslValue, isNumber, num, ZERO } from '../values.js';
import type { AttributeDef } from './metadata.js';
import type { ObjectTable } from './object-table.js';

export class TabularSection implements BslObject {
  readonly bslType: TypeName;
  readonly rows: SectionRow[] = [];
  private readonly names: NameMap<string>;
  private readonly defs: AttributeDef[];

  constructor(
    readonly table: ObjectTable,
    readonly section: string,
    stored: Array<Record<string, BslValue>> = [],
  ) {
    this.bslType = { ru: `${table.def.cls}ТабличнаяЧасть.${table.def.name}.${section}`, en: `TabularSection.${table.def.name}.${section}` };
    const meta = table.sectionAttributes.get(section)!;
    this.names = meta.names;
    this.defs = meta.defs;
    for (const r of stored) this.rows.push(new SectionRow(this, { ...r }));
  }

  /** A row with default values (Добавить). */
  add(values: Record<string, BslValue> = {}): SectionRow {
    const fields: Record<string, BslValue> = {};
    for (const d of this.defs) fields[d.name] = this.table.defaultValue(d.type);
    const row = new SectionRow(this, fields);
    for (const [k, v] of Object.entries(values)) row.set(k, v);
    this.rows.push(row);
    return row;
  }

  fieldName(name: string): string | undefined {
    return this.names.get(name);
  }

  toStored(): Array<Record<string, BslValue>> {
    return this.rows.map((r) => ({ ...r.fields }));
  }

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  getIndexed(key: BslValue): BslValue {
    if (!isNumber(key)) throw new BslError('Неверный тип индекса');
    const row = this.rows[key.toNumber()];
    if (!row) throw new BslError('Индекс находится за границами диапазона');
    return row;
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    const m = name.toLowerCase();
    const arity = (min: number, max: number) => {
      if (args.length < min || args.length > max) throw new WrongArgumentCount(name, args.length, min, max);
    };
    switch (m) {
      case 'добавить':
      case 'add':
        arity(0, 0);
        return this.add();
      case 'количество':
      case 'count':
        arity(0, 0);
        return num(this.rows.length);
      case 'очистить':
      case 'clear':
        arity(0, 0);
        this.rows.length = 0;
        return undefined;
      case 'удалить':
      case 'delete': {
        arity(1, 1);
        const a = args[0];
        const index = isNumber(a) ? a.toNumber() : this.rows.indexOf(a as SectionRow);
        if (index < 0 || index >= this.rows.length) throw new BslError('Индекс находится за границами диапазона');
        this.rows.splice(index, 1);
        return undefined;
      }
      case 'индекс':
      case 'indexof':
        arity(1, 1);
        return num(this.rows.indexOf(args[0] as SectionRow));
      case 'получить':
      case 'get':
        arity(1, 1);
        return this.getIndexed(args[0]);
      case 'итог':
      case 'total': {
        arity(1, 1);
        const field = this.names.get(String(args[0]));
        if (!field) throw new BslError(`Колонка не найдена (${String(args[0])})`);
        return this.rows.reduce((sum, r) => {
          const v = r.fields[field];
          return isNumber(v) ? sum.plus(v) : sum;
        }, ZERO);
      }
      default:
        throw new MemberNotFound(name, 'method', this.bslType.ru);
    }
  }

  *iterate(): Iterable<BslValue> {
    yield* [...this.rows];
  }
}

export class SectionRow implements BslObject {
  readonly bslType: TypeName;

  constructor(
    private readonly owner: TabularSection,
    readonly fields: Record<string, BslValue>,
  ) {
    this.bslType = {
      ru: owner.bslType.ru.replace('ТабличнаяЧасть', 'ТабличнаяЧастьСтрока'),
      en: owner.bslType.en.replace('TabularSection', 'TabularSectionRow'),
    };
  }

  hasProperty(name: string): boolean {
    return this.owner.fieldName(name) !== undefined;
  }

  getProperty(name: string): BslValue {
    const field = this.owner.fieldName(name);
    if (!field) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return field === 'НомерСтроки' ? num(this.owner.rows.indexOf(this) + 1) : this.fields[field];
  }

  setProperty(name: string, value: BslValue): void {
    this.set(name, value);
  }

  set(name: string, value: BslValue): void {
    const field = this.owner.fieldName(name);
    if (!field) throw new MemberNotFound(name, 'property', this.bslType.ru);
    if (field === 'НомерСтроки') throw new BslError('Поле объекта недоступно для записи (НомерСтроки)');
    this.fields[field] = value;
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}
