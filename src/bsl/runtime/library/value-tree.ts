/**
 * ДеревоЗначений: columns (КоллекцияКолонокДереваЗначений) and a hierarchy of rows, each row
 * with its own Строки. A row's cells read and write as properties or by index (name or
 * number); Родитель is Неопределено at the top level and Уровень() counts from 0. A column
 * typed with an ОписаниеТипов gives new cells the type's empty value and casts assigned
 * values (ПривестиЗначение), as the platform does. Найти/НайтиСтроки/Итог look at the
 * collection's own rows, and with ВключатьПодчиненные = Истина at all their descendants,
 * depth first. ВыбратьСтроку (client only) is not implemented.
 */
import { defineClass, NameMap, PlatformObject } from '../class-def.js';
import { bslEquals, toBslString } from '../convert.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef } from '../host-api.js';
import { type BslValue, Decimal, isObject } from '../values.js';
import { bool, int, n, str } from './args.js';
import { BslArray, BslStructure } from './collections.js';
import { FixedStructure } from './fixed-collections.js';
import { TypeDescription } from './type-description.js';
import { compareValues } from './value-order.js';

interface TreeColumnData {
  name: string;
  title: string;
  type: BslValue;
  width: number;
}

function checkName(name: string): string {
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw new BslError(`Неверное имя колонки (${name})`);
  return name;
}

function cast(c: TreeColumnData, v: BslValue): BslValue {
  return c.type instanceof TypeDescription && c.type.types.length > 0 ? c.type.adjust(v) : v;
}

// ---------- columns ----------

const COLUMN = defineClass<ValueTreeColumn>({
  ru: 'КолонкаДереваЗначений',
  en: 'ValueTreeColumn',
  properties: {
    Имя: {
      en: 'Name',
      get: (s) => s.data.name,
      set: (s, v) => s.tree.renameColumn(s.data, str(v)),
    },
    Заголовок: {
      en: 'Title',
      get: (s) => s.data.title,
      set: (s, v) => {
        s.data.title = str(v);
      },
    },
    ТипЗначения: { en: 'ValueType', get: (s) => s.data.type },
    Ширина: {
      en: 'Width',
      get: (s) => n(s.data.width),
      set: (s, v) => {
        s.data.width = int(v);
      },
    },
  },
});

export class ValueTreeColumn extends PlatformObject {
  readonly cls = COLUMN;
  constructor(
    readonly tree: ValueTree,
    readonly data: TreeColumnData,
  ) {
    super();
  }
  equals(o: BslValue): boolean {
    return o instanceof ValueTreeColumn && o.data === this.data;
  }
}

function columnIndex(t: ValueTree, v: BslValue): number {
  if (v instanceof ValueTreeColumn) return t.columns.indexOf(v.data);
  if (typeof v === 'string') return t.columns.findIndex((c) => c.name.toLowerCase() === v.toLowerCase());
  return int(v);
}

function existingColumn(t: ValueTree, v: BslValue): TreeColumnData {
  const c = t.columns[columnIndex(t, v)];
  if (!c) throw new BslError(`Колонка не найдена (${toBslString(v)})`);
  return c;
}

const COLUMNS = defineClass<ValueTreeColumns>({
  ru: 'КоллекцияКолонокДереваЗначений',
  en: 'ValueTreeColumnCollection',
  methods: {
    Добавить: {
      en: 'Add',
      min: 0,
      max: 4,
      call: (s, [name, type, title, width]) => s.tree.column(s.tree.addColumn(s.tree.columns.length, name, type, title, width)),
    },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 5,
      call: (s, [i, name, type, title, width]) => {
        const k = int(i);
        if (k < 0 || k > s.tree.columns.length) throw new BslError('Индекс находится за границами коллекции');
        return s.tree.column(s.tree.addColumn(k, name, type, title, width));
      },
    },
    Индекс: { en: 'IndexOf', min: 1, max: 1, call: (s, [c]) => n(c instanceof ValueTreeColumn ? s.tree.columns.indexOf(c.data) : -1) },
    Количество: { en: 'Count', call: (s) => n(s.tree.columns.length) },
    Найти: {
      en: 'Find',
      min: 1,
      max: 1,
      call: (s, [name]) => {
        const c = s.tree.columns.find((x) => x.name.toLowerCase() === str(name).toLowerCase());
        return c ? s.tree.column(c) : undefined;
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        for (const c of [...s.tree.columns]) s.tree.removeColumn(c);
        return undefined;
      },
    },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.getIndexed(i) },
    Сдвинуть: {
      en: 'Move',
      min: 2,
      max: 2,
      call: (s, [c, offset]) => {
        move(s.tree.columns, existingColumn(s.tree, c), int(offset));
        return undefined;
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [c]) => {
        s.tree.removeColumn(existingColumn(s.tree, c));
        return undefined;
      },
    },
  },
});

export class ValueTreeColumns extends PlatformObject {
  readonly cls = COLUMNS;
  constructor(readonly tree: ValueTree) {
    super();
  }
  getIndexed(key: BslValue): BslValue {
    const c = typeof key === 'string' ? this.tree.columns.find((x) => x.name.toLowerCase() === key.toLowerCase()) : this.tree.columns[int(key)];
    if (!c) throw new BslError('Индекс находится за границами коллекции');
    return this.tree.column(c);
  }
  iterate(): Iterable<BslValue> {
    return this.tree.columns.map((c) => this.tree.column(c));
  }
}

function move<T>(list: T[], item: T, offset: number): void {
  const from = list.indexOf(item);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= list.length) throw new BslError('Неверное значение параметра (Смещение)');
  list.splice(from, 1);
  list.splice(to, 0, item);
}

// ---------- rows ----------

const ROW = defineClass<ValueTreeRow>({
  ru: 'СтрокаДереваЗначений',
  en: 'ValueTreeRow',
  properties: {
    Родитель: { en: 'Parent', get: (s) => s.parent },
    Строки: { en: 'Rows', get: (s) => s.rows },
  },
  methods: {
    Владелец: { en: 'Owner', call: (s) => s.tree },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.cell(existingColumn(s.tree, n(int(i)))) },
    Уровень: { en: 'Level', call: (s) => n(s.level()) },
    Установить: {
      en: 'Set',
      min: 2,
      max: 2,
      call: (s, [i, v]) => {
        s.setCell(existingColumn(s.tree, n(int(i))), v);
        return undefined;
      },
    },
  },
});

export class ValueTreeRow extends PlatformObject {
  readonly cls = ROW;
  readonly values = new Map<TreeColumnData, BslValue>();
  readonly rows: ValueTreeRows;

  constructor(
    readonly tree: ValueTree,
    readonly parent: ValueTreeRow | undefined,
  ) {
    super();
    this.rows = new ValueTreeRows(tree, this);
    for (const c of tree.columns) this.values.set(c, c.type instanceof TypeDescription ? c.type.emptyValue() : undefined);
  }

  level(): number {
    return this.parent ? this.parent.level() + 1 : 0;
  }

  cell(c: TreeColumnData): BslValue {
    return this.values.get(c);
  }

  setCell(c: TreeColumnData, v: BslValue): void {
    this.values.set(c, cast(c, v));
  }

  override getProperty(name: string, ctx: CallContext): BslValue {
    const c = this.tree.byName.get(name);
    if (c) return this.cell(c);
    return super.getProperty(name, ctx) as BslValue;
  }

  override setProperty(name: string, value: BslValue, ctx: CallContext): void {
    const c = this.tree.byName.get(name);
    if (c) this.setCell(c, value);
    else void super.setProperty(name, value, ctx);
  }

  override hasProperty(name: string): boolean {
    return this.tree.byName.has(name) || super.hasProperty(name);
  }

  propertyNames(): string[] {
    return this.tree.columns.map((c) => c.name);
  }

  getIndexed(key: BslValue): BslValue {
    return this.cell(existingColumn(this.tree, key));
  }

  setIndexed(key: BslValue, value: BslValue): void {
    this.setCell(existingColumn(this.tree, key), value);
  }
}

function filterEntries(filter: BslValue): Array<[string, BslValue]> {
  if (filter instanceof BslStructure || filter instanceof FixedStructure) return [...filter.entries.values()].map((e) => [e.key, e.value]);
  throw new BslError('Неверный тип параметра (ПараметрыОтбора): ожидается Структура');
}

const ROWS = defineClass<ValueTreeRows>({
  ru: 'КоллекцияСтрокДереваЗначений',
  en: 'ValueTreeRowCollection',
  properties: {
    Родитель: { en: 'Parent', get: (s) => s.parent },
  },
  methods: {
    Добавить: { en: 'Add', call: (s) => s.insert(s.list.length) },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const k = int(i);
        if (k < 0 || k > s.list.length) throw new BslError('Индекс находится за границами коллекции');
        return s.insert(k);
      },
    },
    ВыгрузитьКолонку: {
      en: 'UnloadColumn',
      min: 1,
      max: 1,
      call: (s, [c]) => {
        const col = existingColumn(s.tree, c);
        return new BslArray(s.list.map((r) => r.cell(col)));
      },
    },
    ЗагрузитьКолонку: {
      en: 'LoadColumn',
      min: 2,
      max: 2,
      call: (s, [values, c]) => {
        if (!(values instanceof BslArray)) throw new BslError('Неверный тип параметра (Массив)');
        const col = existingColumn(s.tree, c);
        s.list.forEach((r, i) => {
          if (i < values.items.length) r.setCell(col, values.items[i]);
        });
        return undefined;
      },
    },
    Индекс: { en: 'IndexOf', min: 1, max: 1, call: (s, [r]) => n(r instanceof ValueTreeRow ? s.list.indexOf(r) : -1) },
    Итог: {
      en: 'Total',
      min: 1,
      max: 2,
      call: (s, [c, children]) => {
        const col = existingColumn(s.tree, c);
        let total = new Decimal(0);
        for (const r of s.walk(bool(children))) {
          const v = r.cell(col);
          if (v instanceof Decimal) total = total.plus(v);
        }
        return total;
      },
    },
    Количество: { en: 'Count', call: (s) => n(s.list.length) },
    Найти: {
      en: 'Find',
      min: 1,
      max: 3,
      call: (s, [v, columns, children]) => {
        const cols = columns === undefined || str(columns).trim() === '' ? s.tree.columns : names(columns).map((x) => existingColumn(s.tree, x));
        for (const r of s.walk(bool(children))) if (cols.some((c) => bslEquals(r.cell(c), v))) return r;
        return undefined;
      },
    },
    НайтиСтроки: {
      en: 'FindRows',
      min: 1,
      max: 2,
      call: (s, [filter, children]) => {
        const conditions = filterEntries(filter).map(([k, v]) => [existingColumn(s.tree, k), v] as const);
        return new BslArray([...s.walk(bool(children))].filter((r) => conditions.every(([c, v]) => bslEquals(r.cell(c), v))));
      },
    },
    Очистить: {
      en: 'Clear',
      call: (s) => {
        s.list.length = 0;
        return undefined;
      },
    },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.getIndexed(i) },
    Сдвинуть: {
      en: 'Move',
      min: 2,
      max: 2,
      call: (s, [r, offset]) => {
        move(s.list, r instanceof ValueTreeRow ? r : s.at(r), int(offset));
        return undefined;
      },
    },
    Сортировать: {
      en: 'Sort',
      min: 1,
      max: 3,
      call: (s, [spec, children]) => {
        const keys = names(spec).map((p) => {
          const [name, dir] = p.split(/\s+/);
          return { col: existingColumn(s.tree, name!), desc: /^(убыв|desc)$/i.test(dir ?? '') };
        });
        s.sort(keys, bool(children));
        return undefined;
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [r]) => {
        const i = r instanceof ValueTreeRow ? s.list.indexOf(r) : int(r);
        if (i < 0 || i >= s.list.length) throw new BslError('Индекс находится за границами коллекции');
        s.list.splice(i, 1);
        return undefined;
      },
    },
  },
});

function names(v: BslValue): string[] {
  return str(v)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export class ValueTreeRows extends PlatformObject {
  readonly cls = ROWS;
  readonly list: ValueTreeRow[] = [];

  constructor(
    readonly tree: ValueTree,
    readonly parent: ValueTreeRow | undefined,
  ) {
    super();
  }

  insert(at: number): ValueTreeRow {
    const r = new ValueTreeRow(this.tree, this.parent);
    this.list.splice(at, 0, r);
    return r;
  }

  at(key: BslValue): ValueTreeRow {
    const i = int(key);
    const r = this.list[i];
    if (!r) throw new BslError('Индекс находится за границами коллекции');
    return r;
  }

  /** The rows, and with `deep` each one followed by its descendants (depth first). */
  *walk(deep: boolean): Generator<ValueTreeRow> {
    for (const r of this.list) {
      yield r;
      if (deep) yield* r.rows.walk(true);
    }
  }

  sort(keys: Array<{ col: TreeColumnData; desc: boolean }>, deep: boolean): void {
    this.list.sort((a, b) => {
      for (const k of keys) {
        const c = compareValues(a.cell(k.col), b.cell(k.col));
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
    if (deep) for (const r of this.list) r.rows.sort(keys, true);
  }

  getIndexed(key: BslValue): BslValue {
    if (isObject(key)) throw new BslError('Неверный тип параметра (Индекс)');
    return this.at(key);
  }

  iterate(): Iterable<BslValue> {
    return [...this.list];
  }

  isEmpty(): boolean {
    return this.list.length === 0;
  }
}

// ---------- the tree ----------

const TREE = defineClass<ValueTree>({
  ru: 'ДеревоЗначений',
  en: 'ValueTree',
  properties: {
    Колонки: { en: 'Columns', get: (s) => s.columnCollection },
    Строки: { en: 'Rows', get: (s) => s.rows },
  },
  methods: {
    Скопировать: { en: 'Copy', call: (s) => s.copy() },
  },
});

export class ValueTree extends PlatformObject {
  readonly cls = TREE;
  readonly columns: TreeColumnData[] = [];
  readonly byName = new NameMap<TreeColumnData>();
  readonly rows: ValueTreeRows = new ValueTreeRows(this, undefined);
  readonly columnCollection = new ValueTreeColumns(this);
  private readonly columnObjects = new Map<TreeColumnData, ValueTreeColumn>();

  column(c: TreeColumnData): ValueTreeColumn {
    let o = this.columnObjects.get(c);
    if (!o) {
      o = new ValueTreeColumn(this, c);
      this.columnObjects.set(c, o);
    }
    return o;
  }

  addColumn(at: number, name: BslValue, type: BslValue, title: BslValue, width: BslValue): TreeColumnData {
    const nm = checkName(name === undefined ? '' : str(name).trim());
    if (this.byName.has(nm)) throw new BslError(`Колонка с таким именем уже существует (${nm})`);
    if (type !== undefined && !(type instanceof TypeDescription)) throw new BslError('Неверный тип параметра (ТипЗначения)');
    const c: TreeColumnData = { name: nm, title: title === undefined ? '' : str(title), type, width: width === undefined ? 0 : int(width) };
    this.columns.splice(at, 0, c);
    this.byName.set([nm], c);
    const empty = type instanceof TypeDescription ? type.emptyValue() : undefined;
    for (const r of this.rows.walk(true)) r.values.set(c, empty);
    return c;
  }

  removeColumn(c: TreeColumnData): void {
    this.columns.splice(this.columns.indexOf(c), 1);
    this.byName.delete(c.name);
    for (const r of this.rows.walk(true)) r.values.delete(c);
  }

  renameColumn(c: TreeColumnData, name: string): void {
    const nm = checkName(name.trim());
    const other = this.byName.get(nm);
    if (other && other !== c) throw new BslError(`Колонка с таким именем уже существует (${nm})`);
    this.byName.delete(c.name);
    c.name = nm;
    this.byName.set([nm], c);
  }

  isEmpty(): boolean {
    return this.rows.list.length === 0;
  }

  copy(): ValueTree {
    const t = new ValueTree();
    const map = new Map<TreeColumnData, TreeColumnData>();
    for (const c of this.columns) map.set(c, t.addColumn(t.columns.length, c.name, c.type, c.title, n(c.width)));
    const copyRows = (from: ValueTreeRows, to: ValueTreeRows): void => {
      for (const r of from.list) {
        const nr = to.insert(to.list.length);
        for (const [c, v] of r.values) nr.values.set(map.get(c)!, v);
        copyRows(r.rows, nr.rows);
      }
    };
    copyRows(this.rows, t.rows);
    return t;
  }
}

export const VALUE_TREE_TYPE: ConstructorDef = { ru: 'ДеревоЗначений', en: 'ValueTree', min: 0, max: 0, construct: () => new ValueTree() };
