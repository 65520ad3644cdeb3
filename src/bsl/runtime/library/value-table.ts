/**
 * ТаблицаЗначений with its rows, columns and indexes: what the modules (and query results)
 * need — Колонки (Добавить, Вставить, Найти, Получить, Индекс, Сдвинуть, Удалить, Очистить),
 * Индексы, Добавить, Вставить, Количество, Индекс, [i], Для Каждого, Найти, НайтиСтроки,
 * Сортировать, Свернуть, Сдвинуть, ВыгрузитьКолонку, ЗагрузитьКолонку, ЗаполнитьЗначения, Итог,
 * Удалить, Скопировать, Очистить.
 *
 * A column is one object for its whole life (1C: `Колонки.Найти("К") = Колонки.К` is Истина,
 * and a column keeps its identity when renamed or moved); rows hold their values by column.
 */
import { defineClass, NameMap, PlatformObject } from '../class-def.js';
import { bslCompare, bslEquals, toNumber } from '../convert.js';
import { BslError, MemberNotFound } from '../errors.js';
import type { CallContext } from '../host-api.js';
import { type BslValue, Decimal } from '../values.js';
import { int, n, str } from './args.js';
import { BslArray, BslStructure, mapKey } from './collections.js';

function names(list: BslValue): string[] {
  return str(list)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function outOfRange(): never {
  throw new BslError('Индекс находится за границами коллекции');
}

function badArgument(k: number): never {
  throw new BslError(`Недопустимое значение параметра (параметр номер ${k})`);
}

function checkColumnName(name: string): void {
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw new BslError(`Неверное имя колонки (${name})`);
}

// ---------- columns ----------

const COLUMN = defineClass<ValueTableColumn>({
  ru: 'КолонкаТаблицыЗначений',
  en: 'ValueTableColumn',
  properties: {
    Имя: {
      en: 'Name',
      get: (s) => s.name,
      set: (s, v) => {
        s.table?.renameColumn(s, str(v));
      },
    },
    Заголовок: {
      en: 'Title',
      get: (s) => s.title,
      set: (s, v) => {
        s.title = str(v);
      },
    },
    Ширина: {
      en: 'Width',
      get: (s) => n(s.width),
      set: (s, v) => {
        s.width = int(v);
      },
    },
    ТипЗначения: { en: 'ValueType', get: (s) => s.valueType },
  },
});

export class ValueTableColumn extends PlatformObject {
  readonly cls = COLUMN;
  constructor(
    /** The owner; undefined once the column is removed from it. */
    public table: ValueTable | undefined,
    public name: string,
    public title: string,
    public width: number,
    readonly valueType: BslValue,
  ) {
    super();
  }
  presentation(): string {
    return this.name;
  }
}

const COLUMNS = defineClass<ValueTableColumns>({
  ru: 'КоллекцияКолонокТаблицыЗначений',
  en: 'ValueTableColumnCollection',
  methods: {
    Добавить: {
      en: 'Add',
      min: 0,
      max: 4,
      call: (s, [name, type, title, width]) => s.table.insertColumn(s.table.columns.length, name, type, title, width),
    },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 5,
      call: (s, [i, name, type, title, width]) => {
        const k = int(i);
        if (k < 0 || k > s.table.columns.length) outOfRange();
        return s.table.insertColumn(k, name, type, title, width);
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.table.columns.length) },
    Индекс: {
      en: 'IndexOf',
      min: 1,
      max: 1,
      call: (s, [c]) => n(c instanceof ValueTableColumn ? s.table.columns.indexOf(c) : -1),
    },
    Найти: { en: 'Find', min: 1, max: 1, call: (s, [name]) => s.table.column(str(name)) },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.table.columns[int(i)] ?? outOfRange() },
    Сдвинуть: {
      en: 'Move',
      min: 2,
      max: 2,
      call: (s, [c, offset]) => {
        move(s.table.columns, s.table.columnIndex(c), int(offset));
        return undefined;
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [c]) => {
        s.table.removeColumn(s.table.columns[s.table.columnIndex(c)]!);
        return undefined;
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        for (const c of [...s.table.columns]) s.table.removeColumn(c);
        return undefined;
      },
    },
  },
});

class ValueTableColumns extends PlatformObject {
  readonly cls = COLUMNS;
  constructor(readonly table: ValueTable) {
    super();
  }
  /** `Таблица.Колонки.Сумма`: a column by name. */
  override getProperty(name: string, ctx: CallContext): BslValue {
    return this.table.column(name) ?? (super.getProperty(name, ctx) as BslValue);
  }
  override hasProperty(name: string): boolean {
    return this.table.column(name) !== undefined || super.hasProperty(name);
  }
  iterate(): Iterable<BslValue> {
    return [...this.table.columns];
  }
  getIndexed(key: BslValue): BslValue {
    const c = typeof key === 'string' ? this.table.column(key) : this.table.columns[int(key)];
    return c ?? outOfRange();
  }
}

/** Moves `list[from]` by `offset` places; the target must be inside the list (1C's Сдвинуть). */
function move<T>(list: T[], from: number, offset: number): void {
  const to = from + offset;
  if (to < 0 || to >= list.length) badArgument(2);
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}

// ---------- indexes ----------

const INDEX = defineClass<CollectionIndex>({ ru: 'ИндексКоллекции', en: 'CollectionIndex' });

/** An index speeds up searches in 1C; here it only records its columns (results are the same). */
export class CollectionIndex extends PlatformObject {
  readonly cls = INDEX;
  constructor(readonly columns: ValueTableColumn[]) {
    super();
  }
  presentation(): string {
    return this.columns.map((c) => c.name).join(', ');
  }
}

const INDEXES = defineClass<CollectionIndexes>({
  ru: 'ИндексыКоллекции',
  en: 'CollectionIndexes',
  methods: {
    Добавить: {
      en: 'Add',
      min: 1,
      max: 1,
      call: (s, [cols]) => {
        const list = names(cols).map((name) => s.table.column(name) ?? s.table.columnNotFound(name));
        const index = new CollectionIndex(list);
        s.list.push(index);
        return index;
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.list.length) },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = i instanceof CollectionIndex ? s.list.indexOf(i) : int(i);
        if (k < 0 || k >= s.list.length) outOfRange();
        s.list.splice(k, 1);
        return undefined;
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.list.length = 0;
        return undefined;
      },
    },
  },
});

class CollectionIndexes extends PlatformObject {
  readonly cls = INDEXES;
  readonly list: CollectionIndex[] = [];
  constructor(readonly table: ValueTable) {
    super();
  }
  iterate(): Iterable<BslValue> {
    return [...this.list];
  }
  getIndexed(key: BslValue): BslValue {
    return this.list[int(key)] ?? outOfRange();
  }
}

// ---------- rows ----------

const ROW = defineClass<ValueTableRow>({
  ru: 'СтрокаТаблицыЗначений',
  en: 'ValueTableRow',
  methods: {
    Владелец: { en: 'Owner', call: (s) => s.table },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.values.get(s.table.columns[int(i)] ?? outOfRange()) },
    Установить: {
      en: 'Set',
      min: 2,
      max: 2,
      call: (s, [i, v]) => {
        s.values.set(s.table.columns[int(i)] ?? outOfRange(), v);
        return undefined;
      },
    },
  },
});

export class ValueTableRow extends PlatformObject {
  readonly cls = ROW;
  readonly values = new Map<ValueTableColumn, BslValue>();
  constructor(readonly table: ValueTable) {
    super();
  }

  override getProperty(name: string, ctx: CallContext): BslValue {
    const c = this.table.column(name);
    if (c) return this.values.get(c);
    return super.getProperty(name, ctx) as BslValue;
  }

  override setProperty(name: string, value: BslValue): void {
    const c = this.table.column(name);
    if (!c) throw new MemberNotFound(name, 'property', 'СтрокаТаблицыЗначений');
    this.values.set(c, value);
  }

  override hasProperty(name: string): boolean {
    return this.table.column(name) !== undefined;
  }

  getIndexed(key: BslValue, ctx: CallContext): BslValue {
    if (typeof key === 'string') return this.getProperty(key, ctx);
    const c = key instanceof ValueTableColumn ? key : this.table.columns[int(key)];
    if (!c || c.table !== this.table) outOfRange();
    return this.values.get(c);
  }

  setIndexed(key: BslValue, value: BslValue): void {
    if (typeof key === 'string') {
      this.setProperty(key, value);
      return;
    }
    const c = key instanceof ValueTableColumn ? key : this.table.columns[int(key)];
    if (!c || c.table !== this.table) outOfRange();
    this.values.set(c, value);
  }

  /** The value of a column by name (Неопределено for a name the table lacks). */
  get(name: string): BslValue {
    const c = this.table.column(name);
    return c ? this.values.get(c) : undefined;
  }
}

function rowIndex(t: ValueTable, r: BslValue): number {
  const i = r instanceof ValueTableRow ? t.rows.indexOf(r) : int(r);
  if (i < 0 || i >= t.rows.length) outOfRange();
  return i;
}

// ---------- the table ----------

const TABLE = defineClass<ValueTable>({
  ru: 'ТаблицаЗначений',
  en: 'ValueTable',
  properties: {
    Колонки: { en: 'Columns', get: (s) => s.columnCollection },
    Индексы: { en: 'Indexes', get: (s) => s.indexes },
  },
  methods: {
    Добавить: { en: 'Add', call: (s) => s.addRow() },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = int(i);
        if (k < 0 || k > s.rows.length) outOfRange();
        const r = s.newRow();
        s.rows.splice(k, 0, r);
        return r;
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.rows.length) },
    Индекс: { en: 'IndexOf', min: 1, max: 1, call: (s, [r]) => n(r instanceof ValueTableRow ? s.rows.indexOf(r) : -1) },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.rows[rowIndex(s, i)] },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [r]) => {
        s.rows.splice(rowIndex(s, r), 1);
        return undefined;
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.rows.length = 0;
        return undefined;
      },
    },
    Сдвинуть: {
      en: 'Move',
      min: 2,
      max: 2,
      call: (s, [r, offset]) => {
        move(s.rows, rowIndex(s, r), int(offset));
        return undefined;
      },
    },
    Найти: {
      en: 'Find',
      min: 1,
      max: 2,
      call: (s, [v, cols]) => {
        const cs = s.columnList(cols);
        return s.rows.find((r) => cs.some((c) => bslEquals(r.values.get(c), v)));
      },
    },
    НайтиСтроки: {
      en: 'FindRows',
      min: 1,
      max: 1,
      call: (s, [filter]) => new BslArray(s.filterRows(filter)),
    },
    ВыгрузитьКолонку: {
      en: 'UnloadColumn',
      min: 1,
      max: 1,
      call: (s, [c]) => {
        const col = s.columns[s.columnIndex(c)]!;
        return new BslArray(s.rows.map((r) => r.values.get(col)));
      },
    },
    ЗагрузитьКолонку: {
      en: 'LoadColumn',
      min: 2,
      max: 2,
      call: (s, [arr, c]) => {
        if (!(arr instanceof BslArray)) throw new BslError('Неверный тип параметра: ожидается Массив');
        const col = s.columns[s.columnIndex(c)]!;
        arr.items.forEach((v, i) => {
          const r = s.rows[i] ?? s.addRow();
          r.values.set(col, v);
        });
        return undefined;
      },
    },
    ЗаполнитьЗначения: {
      en: 'FillValues',
      min: 1,
      max: 2,
      call: (s, [v, cols]) => {
        const cs = s.columnList(cols);
        for (const r of s.rows) for (const c of cs) r.values.set(c, v);
        return undefined;
      },
    },
    Итог: {
      en: 'Total',
      min: 1,
      max: 1,
      // The sum of the column's numbers; values of other types are skipped.
      call: (s, [c]) => {
        const col = s.columns[s.columnIndex(c)]!;
        return s.rows.reduce<Decimal>((acc, r) => {
          const v = r.values.get(col);
          return v instanceof Decimal ? acc.plus(v) : acc;
        }, new Decimal(0));
      },
    },
    Сортировать: {
      en: 'Sort',
      min: 1,
      max: 2,
      call: (s, [spec]) => {
        s.sort(str(spec));
        return undefined;
      },
    },
    Свернуть: {
      en: 'GroupBy',
      min: 1,
      max: 2,
      call: (s, [g, sum]) => {
        s.groupBy(s.columnList(g), sum === undefined ? [] : s.columnList(sum));
        return undefined;
      },
    },
    Скопировать: {
      en: 'Copy',
      min: 0,
      max: 2,
      call: (s, [rows, cols]) => {
        const keep = s.columnList(cols);
        const t = new ValueTable();
        const target = keep.map((c) => t.insertColumn(t.columns.length, c.name, c.valueType, c.title, n(c.width)));
        const source =
          rows instanceof BslArray
            ? rows.items.filter((r): r is ValueTableRow => r instanceof ValueTableRow)
            : rows instanceof BslStructure
              ? s.filterRows(rows)
              : s.rows;
        for (const r of source) {
          const nr = t.addRow();
          keep.forEach((c, i) => {
            nr.values.set(target[i]!, r.values.get(c));
          });
        }
        return t;
      },
    },
    СкопироватьКолонки: {
      en: 'CopyColumns',
      min: 0,
      max: 1,
      call: (s, [cols]) => {
        const t = new ValueTable();
        for (const c of s.columnList(cols)) t.insertColumn(t.columns.length, c.name, c.valueType, c.title, n(c.width));
        return t;
      },
    },
  },
});

export class ValueTable extends PlatformObject {
  readonly cls = TABLE;
  readonly columns: ValueTableColumn[] = [];
  private readonly byName = new NameMap<ValueTableColumn>();
  readonly rows: ValueTableRow[] = [];
  readonly columnCollection = new ValueTableColumns(this);
  readonly indexes = new CollectionIndexes(this);

  /** Колонки.Добавить/Вставить. */
  insertColumn(at: number, name: BslValue, type: BslValue, title: BslValue, width: BslValue): ValueTableColumn {
    const text = name === undefined ? '' : str(name);
    checkColumnName(text);
    if (this.byName.has(text)) throw new BslError(`Колонка с таким именем уже существует (${text})`);
    const c = new ValueTableColumn(this, text, title === undefined ? '' : str(title), width === undefined ? 0 : int(width), type);
    this.columns.splice(at, 0, c);
    this.byName.set([text], c);
    return c;
  }

  addColumn(name: string, title = ''): ValueTableColumn {
    return this.insertColumn(this.columns.length, name, undefined, title, undefined);
  }

  renameColumn(c: ValueTableColumn, name: string): void {
    if (c.name.toLowerCase() === name.toLowerCase()) {
      this.byName.delete(c.name);
    } else {
      checkColumnName(name);
      if (this.byName.has(name)) throw new BslError(`Колонка с таким именем уже существует (${name})`);
      this.byName.delete(c.name);
    }
    c.name = name;
    this.byName.set([name], c);
  }

  removeColumn(c: ValueTableColumn): void {
    const i = this.columns.indexOf(c);
    if (i < 0) throw new BslError(`Колонка не найдена (${c.name})`);
    this.columns.splice(i, 1);
    // The name is free again, and the rows lose the column's values: a column added later
    // under the same name starts empty (Неопределено), as in 1C.
    this.byName.delete(c.name);
    for (const row of this.rows) row.values.delete(c);
    c.table = undefined;
  }

  column(name: string): ValueTableColumn | undefined {
    return this.byName.get(name);
  }

  columnNotFound(name: string): never {
    throw new BslError(`Колонка не найдена (${name})`);
  }

  /** A column given by name, index or the column object (of this table). */
  columnIndex(c: BslValue): number {
    if (c instanceof ValueTableColumn) {
      const i = this.columns.indexOf(c);
      if (i < 0) this.columnNotFound(c.name);
      return i;
    }
    if (typeof c === 'string') {
      const col = this.column(c.trim()) ?? this.columnNotFound(c);
      return this.columns.indexOf(col);
    }
    const i = int(c);
    if (i < 0 || i >= this.columns.length) outOfRange();
    return i;
  }

  /** `"А, Б"` → those columns (each must exist); omitted or empty → every column. */
  columnList(list: BslValue): ValueTableColumn[] {
    if (list === undefined) return [...this.columns];
    const ns = names(list);
    if (ns.length === 0) return [...this.columns];
    return ns.map((name) => this.column(name) ?? this.columnNotFound(name));
  }

  filterRows(filter: BslValue): ValueTableRow[] {
    if (!(filter instanceof BslStructure)) throw new BslError('Неверный тип параметра: ожидается Структура');
    const f = [...filter.entries.values()].map((e) => ({ column: this.column(e.key) ?? this.columnNotFound(e.key), value: e.value }));
    return this.rows.filter((r) => f.every((e) => bslEquals(r.values.get(e.column), e.value)));
  }

  newRow(): ValueTableRow {
    const r = new ValueTableRow(this);
    for (const c of this.columns) r.values.set(c, undefined);
    return r;
  }

  addRow(): ValueTableRow {
    const r = this.newRow();
    this.rows.push(r);
    return r;
  }

  getIndexed(key: BslValue): BslValue {
    return this.rows[rowIndex(this, key)];
  }

  iterate(): Iterable<BslValue> {
    return [...this.rows];
  }

  isEmpty(): boolean {
    return this.rows.length === 0;
  }

  /** `"Колонка1 Убыв, Колонка2"`: a stable sort, as the platform's. */
  sort(spec: string): void {
    const keys = spec
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((p) => {
        const [name, dir] = p.split(/\s+/);
        return { column: this.column(name!) ?? this.columnNotFound(name!), desc: /^(убыв|desc)$/i.test(dir ?? '') };
      });
    this.rows.sort((a, b) => {
      for (const k of keys) {
        const c = compareAny(a.values.get(k.column), b.values.get(k.column));
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }

  /** Свернуть: one row per distinct group, numbers of the sum columns added; other columns go. */
  groupBy(group: ValueTableColumn[], sum: ValueTableColumn[]): void {
    for (const g of group) if (sum.includes(g)) throw new BslError(`Колонка не может быть одновременно колонкой группировки и суммирования (${g.name})`);
    const out = new Map<string, ValueTableRow>();
    for (const r of this.rows) {
      const key = group.map((g) => String(mapKey(r.values.get(g)))).join('\u0000');
      let acc = out.get(key);
      if (!acc) {
        acc = new ValueTableRow(this);
        for (const g of group) acc.values.set(g, r.values.get(g));
        for (const s of sum) acc.values.set(s, new Decimal(0));
        out.set(key, acc);
      }
      for (const s of sum) {
        const v = r.values.get(s);
        if (v instanceof Decimal) acc.values.set(s, toNumber(acc.values.get(s)).plus(v));
      }
    }
    for (const c of [...this.columns]) if (!group.includes(c) && !sum.includes(c)) this.removeColumn(c);
    this.rows.splice(0, this.rows.length, ...out.values());
  }
}

/** Sorting order across types: 1C orders values of different types by type first. */
function compareAny(a: BslValue, b: BslValue): number {
  try {
    return bslCompare(a, b);
  } catch {
    return 0;
  }
}

export const VALUE_TABLE_TYPE = { ru: 'ТаблицаЗначений', en: 'ValueTable', min: 0, max: 0, construct: () => new ValueTable() };
