/**
 * Запрос, РезультатЗапроса and ВыборкаИзРезультатаЗапроса over the simulated base: the query
 * text is parsed by ../query (the real grammar, not a list of known texts) and executed over
 * the base's tables, with BSL values compared as the base compares them.
 */
import { NameMap } from '../class-def.js';
import { BslError, MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, CallContext, TypeName } from '../host-api.js';
import { executeQuery, parseQuery, type QueryHost, type QueryResultData, type QueryValues, type TableKind } from '../query/index.js';
import { BslDate, type BslValue, isNumber, isObject, num } from '../values.js';
import type { InfoRegister } from './info-register.js';
import { ObjectRef, type ObjectTable } from './object-table.js';
import { compareValues, valueKey, valuesEqual } from './value-order.js';

/** The base's tables as the query executor sees them. */
export interface QuerySources {
  objectTable(fullName: string): ObjectTable | undefined;
  register(name: string): InfoRegister | undefined;
}

/** A parameter holding a Массив / СписокЗначений, expanded before execution (for В (&Список)). */
class ListParameter {
  constructor(readonly items: BslValue[]) {}
}
type QueryValue = BslValue | ListParameter;

const values: QueryValues<QueryValue> = {
  literal(l) {
    switch (l.kind) {
      case 'number':
        return num(l.text);
      case 'string':
        return l.value;
      case 'boolean':
        return l.value;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
      case 'date':
        return BslDate.of(l.parts[0]!, l.parts[1]!, l.parts[2]!, l.parts[3] ?? 0, l.parts[4] ?? 0, l.parts[5] ?? 0);
    }
  },
  nullValue: null,
  isNull: (v) => v === null,
  compare: (a, b) => compareValues(a as BslValue, b as BslValue),
  equals: (a, b) => valuesEqual(a as BslValue, b as BslValue),
  key: (v) => valueKey(v as BslValue),
  toBoolean(v) {
    if (typeof v !== 'boolean') throw new BslError('Ожидается Булево');
    return v;
  },
  fromBoolean: (b) => b,
  fromCount: (n) => num(n),
  arithmetic(op, a, b) {
    if (!isNumber(a as BslValue) || !isNumber(b as BslValue)) throw new BslError('Арифметика над нечислами');
    const x = a as ReturnType<typeof num>;
    const y = b as ReturnType<typeof num>;
    return op === '+' ? x.plus(y) : op === '-' ? x.minus(y) : op === '*' ? x.times(y) : x.div(y);
  },
  listItems: (v) => (v instanceof ListParameter ? v.items : undefined),
};

function arity(name: string, args: BslValue[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw new WrongArgumentCount(name, args.length, min, max);
}

export class Query implements BslObject {
  readonly bslType: TypeName = { ru: 'Запрос', en: 'Query' };
  text = '';
  private readonly parameters = new Map<string, BslValue>();

  constructor(
    private readonly sources: QuerySources,
    text: BslValue,
  ) {
    if (typeof text === 'string') this.text = text;
  }

  hasProperty(name: string): boolean {
    return /^(Текст|Text)$/i.test(name);
  }

  getProperty(name: string): BslValue {
    if (/^(Текст|Text)$/i.test(name)) return this.text;
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string, value: BslValue): void {
    if (!/^(Текст|Text)$/i.test(name)) throw new MemberNotFound(name, 'property', this.bslType.ru);
    this.text = typeof value === 'string' ? value : String(value ?? '');
  }

  async callMethod(name: string, args: BslValue[], ctx: CallContext): Promise<BslValue> {
    const m = name.toLowerCase();
    if (m === 'установитьпараметр' || m === 'setparameter') {
      arity(name, args, 2, 2);
      this.parameters.set(String(args[0]).toLowerCase(), args[1]);
      return undefined;
    }
    if (m === 'выполнить' || m === 'execute') {
      arity(name, args, 0, 0);
      return new QueryResult(await this.execute(ctx));
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  private async execute(ctx: CallContext): Promise<QueryResultData<QueryValue>> {
    const parsed = (() => {
      try {
        return parseQuery(this.text);
      } catch (error) {
        throw new BslError((error as Error).message);
      }
    })();
    const params = new Map<string, QueryValue>();
    for (const [k, v] of this.parameters) params.set(k, await expandList(v, ctx));
    const sources = this.sources;
    const host: QueryHost<QueryValue> = {
      values,
      rows(kind: TableKind, name: string) {
        if (kind === 'РегистрСведений') {
          const register = sources.register(name);
          if (!register) throw new BslError(`Таблица не найдена "РегистрСведений.${name}"`);
          return register.all().map((record) => ({
            get(field: string) {
              const f = register.names.get(field);
              if (!f) throw new BslError(`Поле не найдено "${field}"`);
              return record[f];
            },
          }));
        }
        const table = sources.objectTable(`${kind}.${name}`);
        if (!table) throw new BslError(`Таблица не найдена "${kind}.${name}"`);
        return table.all().map(([uuid, stored]) => ({
          get(field: string) {
            if (/^(Ссылка|Ref)$/i.test(field)) return table.ref(uuid);
            const f = table.fieldNames.get(field);
            if (!f) throw new BslError(`Поле не найдено "${field}"`);
            return stored.fields[f];
          },
        }));
      },
      member(v, name) {
        // A reference's attribute; in SQL an empty reference joins nothing, so it reads NULL.
        if (v instanceof ObjectRef) return v.isEmpty() ? null : v.getProperty(name);
        throw new BslError(`Поле не найдено "${name}"`);
      },
      parameter(name) {
        const k = name.toLowerCase();
        if (!params.has(k)) throw new BslError(`Не установлено значение параметра "${name}"`);
        return params.get(k)!;
      },
    };
    try {
      return executeQuery(parsed, host);
    } catch (error) {
      if (error instanceof BslError) throw error;
      throw new BslError((error as Error).message);
    }
  }
}

async function expandList(v: BslValue, ctx: CallContext): Promise<QueryValue> {
  if (!isObject(v) || !v.iterate || !/^(Массив|СписокЗначений|ФиксированныйМассив)$/.test(v.bslType.ru)) return v;
  const items: BslValue[] = [];
  for await (const item of v.iterate(ctx)) {
    // A СписокЗначений yields ЭлементСпискаЗначений: the value is its Значение.
    items.push(v.bslType.ru === 'СписокЗначений' && isObject(item) ? await item.getProperty('Значение', ctx) : item);
  }
  return new ListParameter(items);
}

export class QueryResult implements BslObject {
  readonly bslType: TypeName = { ru: 'РезультатЗапроса', en: 'QueryResult' };

  constructor(private readonly data: QueryResultData<QueryValue>) {}

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  async callMethod(name: string, args: BslValue[], ctx: CallContext): Promise<BslValue> {
    const m = name.toLowerCase();
    if (m === 'выбрать' || m === 'select') {
      arity(name, args, 0, 3);
      return new QuerySelection(this.data);
    }
    if (m === 'пустой' || m === 'isempty') {
      arity(name, args, 0, 0);
      return this.data.rows.length === 0;
    }
    if (m === 'выгрузить' || m === 'unload') {
      arity(name, args, 0, 1);
      // A real ТаблицаЗначений of the platform library, filled through its own BSL interface.
      const table = await ctx.runtime.construct('ТаблицаЗначений', []);
      const columns = (await table.getProperty('Колонки', ctx)) as BslObject;
      for (const c of this.data.columns) await columns.callMethod('Добавить', [c], ctx);
      for (const row of this.data.rows) {
        const line = (await table.callMethod('Добавить', [], ctx)) as BslObject;
        for (let k = 0; k < row.length; k++) await line.setProperty(this.data.columns[k]!, row[k] as BslValue, ctx);
      }
      return table;
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

export class QuerySelection implements BslObject {
  readonly bslType: TypeName = { ru: 'ВыборкаИзРезультатаЗапроса', en: 'QueryResultSelection' };
  private index = -1;
  private readonly names = new NameMap<number>();

  constructor(private readonly data: QueryResultData<QueryValue>) {
    data.columns.forEach((c, k) => {
      this.names.set([c], k);
    });
  }

  hasProperty(name: string): boolean {
    return this.names.has(name);
  }

  getProperty(name: string): BslValue {
    const k = this.names.get(name);
    if (k === undefined) throw new MemberNotFound(name, 'property', this.bslType.ru);
    const row = this.data.rows[this.index];
    if (!row) throw new BslError('Выборка не позиционирована на записи (вызовите Следующий())');
    return row[k] as BslValue;
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    const m = name.toLowerCase();
    if (m === 'следующий' || m === 'next') {
      arity(name, args, 0, 0);
      if (this.index < this.data.rows.length) this.index++;
      return this.index < this.data.rows.length;
    }
    if (m === 'количество' || m === 'count') {
      arity(name, args, 0, 0);
      return num(this.data.rows.length);
    }
    if (m === 'сбросить' || m === 'reset') {
      arity(name, args, 0, 0);
      this.index = -1;
      return undefined;
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}
