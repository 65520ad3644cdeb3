/**
 * ТаблицаЗначений with its rows and columns: what the modules (and query results) need —
 * Колонки.Добавить, Добавить, Количество, Индекс, [i], Для Каждого, Найти, НайтиСтроки,
 * Сортировать, Свернуть, ВыгрузитьКолонку, Итог, Удалить, Скопировать, Очистить.
 */
import { defineClass, NameMap, PlatformObject } from '../class-def.js';
import { bslCompare, bslEquals, toNumber } from '../convert.js';
import { BslError, MemberNotFound } from '../errors.js';
import type { CallContext } from '../host-api.js';
import { type BslValue, Decimal } from '../values.js';
import { int, n, str } from './args.js';
import { BslArray, BslStructure, mapKey } from './collections.js';

export interface Column {
  name: string;
  title: string;
}

function names(list: BslValue): string[] {
  return str(list)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

const COLUMN = defineClass<ValueTableColumn>({
  ru: 'КолонкаТаблицыЗначений',
  en: 'ValueTableColumn',
  properties: {
    Имя: { en: 'Name', get: (s) => s.column.name },
    Заголовок: { en: 'Title', get: (s) => s.column.title },
  },
});
class ValueTableColumn extends PlatformObject {
  readonly cls = COLUMN;
  constructor(readonly column: Column) {
    super();
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
      call: (s, [name, , title]) => new ValueTableColumn(s.table.addColumn(name === undefined ? '' : str(name), title === undefined ? '' : str(title))),
    },
    Количество: { en: 'Count', call: (s) => n(s.table.columns.length) },
    Найти: {
      en: 'Find',
      min: 1,
      max: 1,
      call: (s, [name]) => {
        const c = s.table.column(str(name));
        return c ? new ValueTableColumn(c) : undefined;
      },
    },
    Удалить: {
      en: 'Delete',
      min: 1,
      max: 1,
      call: (s, [c]) => {
        s.table.removeColumn(c instanceof ValueTableColumn ? c.column.name : str(c));
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
  iterate(): Iterable<BslValue> {
    return this.table.columns.map((c) => new ValueTableColumn(c));
  }
  getIndexed(key: BslValue): BslValue {
    const c = typeof key === 'string' ? this.table.column(key) : this.table.columns[int(key)];
    if (!c) throw new BslError('Индекс находится за границами коллекции');
    return new ValueTableColumn(c);
  }
}

const ROW = defineClass<ValueTableRow>({
  ru: 'СтрокаТаблицыЗначений',
  en: 'ValueTableRow',
  methods: {
    Владелец: { en: 'Owner', call: (s) => s.table },
    Получить: { en: 'Get', min: 1, max: 1, call: (s, [i]) => s.values[s.table.columns[int(i)]!.name.toLowerCase()] },
    Установить: {
      en: 'Set',
      min: 2,
      max: 2,
      call: (s, [i, v]) => {
        s.values[s.table.columns[int(i)]!.name.toLowerCase()] = v;
        return undefined;
      },
    },
  },
});

export class ValueTableRow extends PlatformObject {
  readonly cls = ROW;
  readonly values: Record<string, BslValue> = {};
  constructor(readonly table: ValueTable) {
    super();
  }

  override getProperty(name: string, ctx: CallContext): BslValue {
    const key = name.toLowerCase();
    if (this.table.column(name)) return this.values[key];
    return super.getProperty(name, ctx) as BslValue;
  }

  override setProperty(name: string, value: BslValue): void {
    if (!this.table.column(name)) throw new MemberNotFound(name, 'property', 'СтрокаТаблицыЗначений');
    this.values[name.toLowerCase()] = value;
  }

  override hasProperty(name: string): boolean {
    return this.table.column(name) !== undefined;
  }

  getIndexed(key: BslValue, ctx: CallContext): BslValue {
    if (typeof key === 'string') return this.getProperty(key, ctx);
    const c = this.table.columns[int(key)];
    if (!c) throw new BslError('Индекс находится за границами коллекции');
    return this.values[c.name.toLowerCase()];
  }

  setIndexed(key: BslValue, value: BslValue): void {
    const name = typeof key === 'string' ? key : this.table.columns[int(key)]?.name;
    if (name === undefined) throw new BslError('Индекс находится за границами коллекции');
    this.setProperty(name, value);
  }

  get(name: string): BslValue {
    return this.values[name.toLowerCase()];
  }
}

function rowIndex(t: ValueTable, r: BslValue): number {
  const i = r instanceof ValueTableRow ? t.rows.indexOf(r) : int(r);
  if (i < 0 || i >= t.rows.length) throw new BslError('Индекс находится за границами коллекции');
  return i;
}

const TABLE = defineClass<ValueTable>({
  ru: 'ТаблицаЗначений',
  en: 'ValueTable',
  properties: {
    Колонки: { en: 'Columns', get: (s) => new ValueTableColumns(s) },
  },
  methods: {
    Добавить: { en: 'Add', call: (s) => s.addRow() },
    Вставить: {
      en: 'Insert',
      min: 1,
      max: 1,
      call: (s, [i]) => {
        const r = new ValueTableRow(s);
        s.rows.splice(int(i), 0, r);
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
    Найти: {
      en: 'Find',
      min: 1,
      max: 2,
      call: (s, [v, cols]) => {
        const cs = cols === undefined ? s.columns.map((c) => c.name) : names(cols);
        return s.rows.find((r) => cs.some((c) => bslEquals(r.get(c), v)));
      },
    },
    НайтиСтроки: {
      en: 'FindRows',
      min: 1,
      max: 1,
      call: (s, [filter]) => {
        if (!(filter instanceof BslStructure)) throw new BslError('Неверный тип параметра: ожидается Структура');
        const f = [...filter.entries.values()];
        return new BslArray(s.rows.filter((r) => f.every((e) => bslEquals(r.get(e.key), e.value))));
      },
    },
    ВыгрузитьКолонку: { en: 'UnloadColumn', min: 1, max: 1, call: (s, [c]) => new BslArray(s.rows.map((r) => r.get(columnName(s, c)))) },
    ЗагрузитьКолонку: {
      en: 'LoadColumn',
      min: 2,
      max: 2,
      call: (s, [arr, c]) => {
        if (!(arr instanceof BslArray)) throw new BslError('Неверный тип параметра: ожидается Массив');
        const name = columnName(s, c);
        arr.items.forEach((v, i) => {
          const r = s.rows[i] ?? s.addRow();
          r.values[name.toLowerCase()] = v;
        });
        return undefined;
      },
    },
    Итог: {
      en: 'Total',
      min: 1,
      max: 1,
      call: (s, [c]) =>
        s.rows.reduce<Decimal>((acc, r) => {
          const v = r.get(str(c));
          return v instanceof Decimal ? acc.plus(v) : acc;
        }, new Decimal(0)),
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
        s.groupBy(names(g), sum === undefined ? [] : names(sum));
        return undefined;
      },
    },
    Скопировать: {
      en: 'Copy',
      min: 0,
      max: 2,
      call: (s, [rows, cols]) => {
        const keep = cols === undefined ? s.columns.map((c) => c.name) : names(cols);
        const t = new ValueTable();
        for (const c of keep) t.addColumn(s.column(c)?.name ?? c, s.column(c)?.title ?? '');
        const source = rows instanceof BslArray ? rows.items.filter((r): r is ValueTableRow => r instanceof ValueTableRow) : s.rows;
        for (const r of source) {
          const nr = t.addRow();
          for (const c of keep) nr.values[c.toLowerCase()] = r.get(c);
        }
        return t;
      },
    },
    СкопироватьКолонки: {
      en: 'CopyColumns',
      min: 0,
      max: 1,
      call: (s) => {
        const t = new ValueTable();
        for (const c of s.columns) t.addColumn(c.name, c.title);
        return t;
      },
    },
  },
});

function columnName(t: ValueTable, c: BslValue): string {
  if (typeof c === 'string') return c;
  const col = t.columns[int(c)];
  if (!col) throw new BslError('Индекс находится за границами коллекции');
  return col.name;
}

export class ValueTable extends PlatformObject {
  readonly cls = TABLE;
  readonly columns: Column[] = [];
  private readonly byName = new NameMap<Column>();
  readonly rows: ValueTableRow[] = [];

  addColumn(name: string, title = ''): Column {
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw new BslError(`Неверное имя колонки (${name})`);
    if (this.byName.has(name)) throw new BslError(`Колонка с таким именем уже существует (${name})`);
    const c = { name, title };
    this.columns.push(c);
    this.byName.set([name], c);
    return c;
  }

  removeColumn(name: string): void {
    const i = this.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new BslError(`Колонка не найдена (${name})`);
    this.columns.splice(i, 1);
    // The name is free again, and the rows lose the column's values: a column added later
    // under the same name starts empty (Неопределено), as in 1C.
    this.byName.delete(name);
    for (const row of this.rows) delete row.values[name.toLowerCase()];
  }

  column(name: string): Column | undefined {
    return this.byName.get(name);
  }

  addRow(): ValueTableRow {
    const r = new ValueTableRow(this);
    for (const c of this.columns) r.values[c.name.toLowerCase()] = undefined;
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
        return { name: name!, desc: /^(убыв|desc)$/i.test(dir ?? '') };
      });
    this.rows.sort((a, b) => {
      for (const k of keys) {
        const c = compareAny(a.get(k.name), b.get(k.name));
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }

  groupBy(group: string[], sum: string[]): void {
    const out = new Map<string, ValueTableRow>();
    const keep = [...group, ...sum];
    for (const r of this.rows) {
      const key = group.map((g) => String(mapKey(r.get(g)))).join('\u0000');
      let acc = out.get(key);
      if (!acc) {
        acc = new ValueTableRow(this);
        for (const g of group) acc.values[g.toLowerCase()] = r.get(g);
        for (const s of sum) acc.values[s.toLowerCase()] = new Decimal(0);
        out.set(key, acc);
      }
      for (const s of sum) {
        const v = r.get(s);
        if (v instanceof Decimal) acc.values[s.toLowerCase()] = toNumber(acc.values[s.toLowerCase()]).plus(v);
      }
    }
    for (const c of [...this.columns]) if (!keep.some((k) => k.toLowerCase() === c.name.toLowerCase())) this.removeColumn(c.name);
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
