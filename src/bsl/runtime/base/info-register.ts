/**
 * A non-periodic information register (the outbox) with its record manager and record set,
 * as the generated common module uses them. Records are keyed by their dimensions; every
 * change goes through the transaction log, so a rolled-back object write takes the records
 * its handlers queued with it.
 */
import { NameMap } from '../class-def.js';
import { BslError, MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, TypeName } from '../host-api.js';
import { BslDate, type BslValue, num, ZERO } from '../values.js';
import type { AttributeType, RegisterDef } from './metadata.js';
import type { TransactionLog } from './transaction-log.js';
import { valueKey, valuesEqual } from './value-order.js';

export type RegisterRecord = Record<string, BslValue>;

export class InfoRegister {
  readonly names = new NameMap<string>();
  readonly dimensionNames: string[];
  readonly fieldNames: string[];
  private readonly types = new Map<string, AttributeType>();
  private readonly records = new Map<string, RegisterRecord>();

  constructor(
    readonly def: RegisterDef,
    private readonly tx: TransactionLog,
  ) {
    this.dimensionNames = def.dimensions.map((d) => d.name);
    this.fieldNames = [...def.dimensions, ...def.fields].map((d) => d.name);
    for (const d of [...def.dimensions, ...def.fields]) {
      this.names.set([d.name], d.name);
      this.types.set(d.name, d.type);
    }
  }

  /** The field a property name (any case, ru or en) names on a record of this register; 1C's error when none. */
  field(name: string, typeName: string): string {
    const field = this.names.get(name);
    if (!field) throw new MemberNotFound(name, 'property', typeName);
    return field;
  }

  emptyRecord(): RegisterRecord {
    const r: RegisterRecord = {};
    for (const [name, type] of this.types)
      r[name] =
        type.kind === 'string' ? '' : type.kind === 'number' ? ZERO : type.kind === 'date' ? BslDate.EMPTY : type.kind === 'boolean' ? false : undefined;
    return r;
  }

  key(record: RegisterRecord): string {
    return this.dimensionNames.map((d) => valueKey(record[d])).join('\u0000');
  }

  get(key: string): RegisterRecord | undefined {
    return this.records.get(key);
  }

  all(): RegisterRecord[] {
    return [...this.records.values()];
  }

  put(record: RegisterRecord): void {
    const key = this.key(record);
    const before = this.records.get(key);
    this.records.set(key, { ...record });
    this.tx.change(() => (before ? this.records.set(key, before) : this.records.delete(key)));
  }

  remove(key: string): void {
    const before = this.records.get(key);
    if (!before) return;
    this.records.delete(key);
    this.tx.change(() => this.records.set(key, before));
  }

  /** Writes several changes as one (a record set's Записать is atomic even outside a transaction). */
  atomically(work: () => void): void {
    this.tx.begin();
    try {
      work();
      this.tx.commit();
    } catch (error) {
      this.tx.rollback();
      throw error;
    }
  }

  typeName(kind: string): TypeName {
    const en = kind === 'МенеджерЗаписи' ? 'RecordManager' : kind === 'НаборЗаписей' ? 'RecordSet' : 'Record';
    return { ru: `РегистрСведений${kind}.${this.def.name}`, en: `InformationRegister${en}.${this.def.name}` };
  }
}

function arity(name: string, args: BslValue[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw new WrongArgumentCount(name, args.length, min, max);
}

/** A register record seen from BSL: its fields are properties, by any case, ru or en. */
abstract class RecordFields {
  abstract readonly bslType: TypeName;
  protected abstract readonly register: InfoRegister;
  abstract values: RegisterRecord;

  hasProperty(name: string): boolean {
    return this.register.names.has(name);
  }

  getProperty(name: string): BslValue {
    return this.values[this.register.field(name, this.bslType.ru)];
  }

  setProperty(name: string, value: BslValue): void {
    this.values[this.register.field(name, this.bslType.ru)] = value;
  }
}

/** РегистрСведенийМенеджерЗаписи: one record by its dimensions. */
export class RecordManager extends RecordFields implements BslObject {
  readonly bslType: TypeName;
  values: RegisterRecord;
  private selected = false;

  constructor(protected readonly register: InfoRegister) {
    super();
    this.bslType = register.typeName('МенеджерЗаписи');
    this.values = register.emptyRecord();
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    switch (name.toLowerCase()) {
      case 'прочитать':
      case 'read': {
        arity(name, args, 0, 0);
        const found = this.register.get(this.register.key(this.values));
        this.selected = found !== undefined;
        // Not found: the platform clears the record manager's fields (dimensions too).
        this.values = found ? { ...found } : this.register.emptyRecord();
        return undefined;
      }
      case 'выбран':
      case 'selected':
        arity(name, args, 0, 0);
        return this.selected;
      case 'записать':
      case 'write': {
        arity(name, args, 0, 1);
        const replace = args[0] === undefined ? true : args[0] === true;
        const key = this.register.key(this.values);
        if (!replace && this.register.get(key)) throw new BslError('Запись с такими ключевыми полями существует!');
        this.register.put(this.values);
        return undefined;
      }
      case 'удалить':
      case 'delete':
        arity(name, args, 0, 0);
        this.register.remove(this.register.key(this.values));
        return undefined;
      default:
        throw new MemberNotFound(name, 'method', this.bslType.ru);
    }
  }
}

/** РегистрСведенийНаборЗаписей: the records matching a filter (Отбор), replaced as a whole. */
export class RecordSet implements BslObject {
  readonly bslType: TypeName;
  readonly filter: RecordFilter;
  readonly rows: RecordRow[] = [];

  constructor(private readonly register: InfoRegister) {
    this.bslType = register.typeName('НаборЗаписей');
    this.filter = new RecordFilter(register);
  }

  getProperty(name: string): BslValue {
    if (/^(Отбор|Filter)$/i.test(name)) return this.filter;
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  getIndexed(key: BslValue): BslValue {
    const row = this.rows[Number(String(key))];
    if (!row) throw new BslError('Индекс находится за границами диапазона');
    return row;
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    switch (name.toLowerCase()) {
      case 'добавить':
      case 'add': {
        arity(name, args, 0, 0);
        const row = new RecordRow(this.register, this.register.emptyRecord());
        this.rows.push(row);
        return row;
      }
      case 'количество':
      case 'count':
        arity(name, args, 0, 0);
        return num(this.rows.length);
      case 'очистить':
      case 'clear':
        arity(name, args, 0, 0);
        this.rows.length = 0;
        return undefined;
      case 'прочитать':
      case 'read':
        arity(name, args, 0, 0);
        this.rows.splice(
          0,
          this.rows.length,
          ...this.register
            .all()
            .filter((r) => this.filter.matches(r))
            .map((r) => new RecordRow(this.register, { ...r })),
        );
        return undefined;
      case 'записать':
      case 'write': {
        arity(name, args, 0, 1);
        const replace = args[0] === undefined ? true : args[0] === true;
        this.register.atomically(() => {
          if (replace) for (const r of this.register.all().filter((rec) => this.filter.matches(rec))) this.register.remove(this.register.key(r));
          for (const row of this.rows) {
            // The platform fills a used filter's dimension into every record of the set.
            const record = this.filter.apply(row.values);
            if (!replace && this.register.get(this.register.key(record))) throw new BslError('Запись с такими ключевыми полями существует!');
            this.register.put(record);
          }
        });
        return undefined;
      }
      default:
        throw new MemberNotFound(name, 'method', this.bslType.ru);
    }
  }

  *iterate(): Iterable<BslValue> {
    yield* [...this.rows];
  }
}

export class RecordRow extends RecordFields implements BslObject {
  readonly bslType: TypeName;

  constructor(
    protected readonly register: InfoRegister,
    readonly values: RegisterRecord,
  ) {
    super();
    this.bslType = register.typeName('Запись');
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

/** Отбор of a record set: one ЭлементОтбора per dimension. */
export class RecordFilter implements BslObject {
  readonly bslType: TypeName = { ru: 'Отбор', en: 'Filter' };
  private readonly items = new Map<string, FilterItem>();

  constructor(private readonly register: InfoRegister) {
    for (const d of register.dimensionNames) this.items.set(d, new FilterItem(d));
  }

  getProperty(name: string): BslValue {
    const field = this.register.names.get(name);
    const item = field ? this.items.get(field) : undefined;
    if (!item) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return item;
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  matches(record: RegisterRecord): boolean {
    for (const item of this.items.values()) if (item.use && !valuesEqual(record[item.field], item.value)) return false;
    return true;
  }

  apply(values: RegisterRecord): RegisterRecord {
    const r = { ...values };
    for (const item of this.items.values()) if (item.use) r[item.field] = item.value;
    return r;
  }
}

class FilterItem implements BslObject {
  readonly bslType: TypeName = { ru: 'ЭлементОтбора', en: 'FilterItem' };
  value: BslValue = undefined;
  use = false;

  constructor(readonly field: string) {}

  getProperty(name: string): BslValue {
    if (/^(Значение|Value)$/i.test(name)) return this.value;
    if (/^(Использование|Use)$/i.test(name)) return this.use;
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string, value: BslValue): void {
    if (/^(Значение|Value)$/i.test(name)) this.value = value;
    else if (/^(Использование|Use)$/i.test(name)) this.use = value === true;
    else throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    if (!/^(Установить|Set)$/i.test(name)) throw new MemberNotFound(name, 'method', this.bslType.ru);
    arity(name, args, 1, 2);
    this.value = args[0];
    this.use = args.length < 2 || args[1] === undefined ? true : args[1] === true;
    return undefined;
  }
}
