/**
 * Executes a parsed SelectQuery over rows a host supplies. The executor is generic over the
 * host's value type: comparison, equality, literals and arithmetic are injected, so the same
 * code serves the runtime's BSL values and plain test values.
 *
 * Semantics follow the platform's query language (which compiles to SQL):
 *  - NULL makes a comparison unknown; ГДЕ keeps a row only when its condition is true, and НЕ of
 *    unknown stays unknown (three-valued logic);
 *  - МИНИМУМ/МАКСИМУМ/СУММА skip NULL and give NULL over no values; КОЛИЧЕСТВО gives 0;
 *  - aggregates without СГРУППИРОВАТЬ ПО give exactly one row, even over an empty table;
 *  - in УПОРЯДОЧИТЬ ПО, NULL sorts first ascending; rows that tie keep the table's order;
 *  - ПЕРВЫЕ n applies after ordering.
 */
import type { QueryExpression, QueryLiteral, SelectQuery, TableKind } from './query-ast.js';

export interface QueryValues<V> {
  literal(literal: QueryLiteral): V;
  readonly nullValue: V;
  isNull(value: V): boolean;
  /** Three-way order for <, >, МИНИМУМ, МАКСИМУМ, УПОРЯДОЧИТЬ; throws for values that have none. */
  compare(a: V, b: V): number;
  equals(a: V, b: V): boolean;
  /** A string identifying the value, for СГРУППИРОВАТЬ ПО and РАЗЛИЧНЫЕ: equal values, equal keys. */
  key(value: V): string;
  /** A Булево value as a JS boolean; throws for any other type (a condition must be boolean). */
  toBoolean(value: V): boolean;
  fromBoolean(value: boolean): V;
  fromCount(count: number): V;
  arithmetic(operator: '+' | '-' | '*' | '/', a: V, b: V): V;
  /** The elements of a parameter that holds a list (Массив, СписокЗначений), else undefined. */
  listItems(value: V): V[] | undefined;
}

export interface QueryRow<V> {
  /** The value of a field of the table (case-insensitive, as 1C names are); throws when absent. */
  get(field: string): V;
}

export interface QueryHost<V> {
  values: QueryValues<V>;
  rows(kind: TableKind, name: string): Iterable<QueryRow<V>>;
  /** value.name, e.g. a reference's attribute; NULL for a NULL value. */
  member(value: V, name: string): V;
  /** The value set by УстановитьПараметр; throws when it was not set. */
  parameter(name: string): V;
}

export interface QueryResultData<V> {
  columns: string[];
  rows: V[][];
}

export class QueryExecutionError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`{(${line}, ${column})}: ${message}`);
    this.name = 'QueryExecutionError';
  }
}

type Truth = boolean | null;

export function executeQuery<V>(query: SelectQuery, host: QueryHost<V>): QueryResultData<V> {
  const values = host.values;
  const alias = query.source.alias.toLowerCase();
  const params = new Map<string, V>();
  const parameter = (name: string): V => {
    const k = name.toLowerCase();
    let v = params.get(k);
    if (v === undefined) {
      v = host.parameter(name);
      params.set(k, v);
    }
    return v;
  };

  const field = (e: Extract<QueryExpression, { type: 'field' }>, row: QueryRow<V> | undefined): V => {
    const path = e.path.length > 1 && e.path[0]!.toLowerCase() === alias ? e.path.slice(1) : e.path;
    if (!row) return values.nullValue;
    let v: V;
    try {
      v = row.get(path[0]!);
      for (let k = 1; k < path.length; k++) v = values.isNull(v) ? v : host.member(v, path[k]!);
    } catch (error) {
      throw new QueryExecutionError(`Поле не найдено "${e.path.join('.')}": ${(error as Error).message}`, e.line, e.column);
    }
    return v;
  };

  const truth = (v: V, e: QueryExpression): Truth => {
    if (values.isNull(v)) return null;
    try {
      return values.toBoolean(v);
    } catch {
      throw new QueryExecutionError('Ожидается выражение типа Булево', e.line, e.column);
    }
  };

  const fromTruth = (t: Truth): V => (t === null ? values.nullValue : values.fromBoolean(t));

  const compare = (op: string, a: V, b: V, e: QueryExpression): Truth => {
    if (values.isNull(a) || values.isNull(b)) return null;
    if (op === '=') return values.equals(a, b);
    if (op === '<>') return !values.equals(a, b);
    let c: number;
    try {
      c = values.compare(a, b);
    } catch (error) {
      throw new QueryExecutionError(`Несравнимые значения: ${(error as Error).message}`, e.line, e.column);
    }
    return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
  };

  /** Evaluates for one row, or for a group when `group` is given (aggregates see all its rows). */
  const evaluate = (e: QueryExpression, row: QueryRow<V> | undefined, group?: Array<QueryRow<V>>): V => {
    switch (e.type) {
      case 'literal':
        return values.literal(e.literal);
      case 'parameter':
        return parameter(e.name);
      case 'field':
        return field(e, row);
      case 'aggregate': {
        if (!group) throw new QueryExecutionError('Агрегатная функция здесь недопустима', e.line, e.column);
        return aggregate(e, group);
      }
      case 'binary': {
        const a = evaluate(e.left, row, group);
        const b = evaluate(e.right, row, group);
        if (e.operator === '+' || e.operator === '-' || e.operator === '*' || e.operator === '/') {
          if (values.isNull(a) || values.isNull(b)) return values.nullValue;
          return values.arithmetic(e.operator, a, b);
        }
        return fromTruth(compare(e.operator, a, b, e));
      }
      case 'and': {
        const a = truth(evaluate(e.left, row, group), e.left);
        if (a === false) return values.fromBoolean(false);
        const b = truth(evaluate(e.right, row, group), e.right);
        return fromTruth(b === false ? false : a === null || b === null ? null : true);
      }
      case 'or': {
        const a = truth(evaluate(e.left, row, group), e.left);
        if (a === true) return values.fromBoolean(true);
        const b = truth(evaluate(e.right, row, group), e.right);
        return fromTruth(b === true ? true : a === null || b === null ? null : false);
      }
      case 'not': {
        const a = truth(evaluate(e.operand, row, group), e.operand);
        return fromTruth(a === null ? null : !a);
      }
      case 'negate': {
        const a = evaluate(e.operand, row, group);
        return values.isNull(a) ? a : values.arithmetic('-', values.literal({ kind: 'number', text: '0' }), a);
      }
      case 'isNull': {
        const isNull = values.isNull(evaluate(e.operand, row, group));
        return values.fromBoolean(e.negated ? !isNull : isNull);
      }
      case 'in': {
        const a = evaluate(e.operand, row, group);
        if (values.isNull(a)) return values.nullValue;
        let found = false;
        for (const item of e.list) {
          const v = evaluate(item, row, group);
          const members = values.listItems(v) ?? [v];
          if (members.some((m) => !values.isNull(m) && values.equals(a, m))) {
            found = true;
            break;
          }
        }
        return values.fromBoolean(e.negated ? !found : found);
      }
      case 'between': {
        const a = evaluate(e.operand, row, group);
        const low = compare('>=', a, evaluate(e.low, row, group), e);
        const high = compare('<=', a, evaluate(e.high, row, group), e);
        const t: Truth = low === false || high === false ? false : low === null || high === null ? null : true;
        return fromTruth(t === null ? null : e.negated ? !t : t);
      }
    }
  };

  const aggregate = (e: Extract<QueryExpression, { type: 'aggregate' }>, group: Array<QueryRow<V>>): V => {
    if (e.argument === '*') return values.fromCount(group.length);
    const argument = e.argument;
    let items = group.map((r) => evaluate(argument, r)).filter((v) => !values.isNull(v));
    if (e.distinct) {
      const seen = new Set<string>();
      items = items.filter((v) => {
        const k = values.key(v);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }
    if (e.name === 'count') return values.fromCount(items.length);
    if (items.length === 0) return values.nullValue;
    if (e.name === 'min' || e.name === 'max') {
      let best: V = items[0]!;
      for (const v of items) {
        const c = values.compare(v, best);
        if (e.name === 'min' ? c < 0 : c > 0) best = v;
      }
      return best;
    }
    let sum: V = items[0]!;
    for (let k = 1; k < items.length; k++) sum = values.arithmetic('+', sum, items[k]!);
    return e.name === 'sum' ? sum : values.arithmetic('/', sum, values.fromCount(items.length));
  };

  // 1. ИЗ + ГДЕ
  const matched: Array<QueryRow<V>> = [];
  for (const row of host.rows(query.source.kind, query.source.name)) {
    if (!query.where || truth(evaluate(query.where, row), query.where) === true) matched.push(row);
  }

  // 2. СГРУППИРОВАТЬ ПО (or one group when the fields aggregate)
  const aggregated = query.groupBy.length > 0 || query.fields.some((f) => hasAggregate(f.expression)) || query.orderBy.some((o) => hasAggregate(o.expression));
  let units: Array<{ row: QueryRow<V> | undefined; group?: Array<QueryRow<V>> }>;
  if (!aggregated) {
    units = matched.map((row) => ({ row }));
  } else if (query.groupBy.length === 0) {
    units = [{ row: matched[0], group: matched }];
  } else {
    const groups = new Map<string, Array<QueryRow<V>>>();
    for (const row of matched) {
      const k = query.groupBy.map((g) => values.key(evaluate(g, row))).join('\u0000');
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    units = [...groups.values()].map((group) => ({ row: group[0], group }));
  }

  // 3. Select list; УПОРЯДОЧИТЬ ПО may name a field's alias or any expression.
  const columns = query.fields.map((f) => f.name);
  const byName = new Map(columns.map((c, k) => [c.toLowerCase(), k]));
  let rows = units.map((u) => ({
    values: query.fields.map((f) => evaluate(f.expression, u.row, u.group)),
    sortKeys: query.orderBy.map((o) => {
      const e = o.expression;
      const selected = e.type === 'field' && e.path.length === 1 ? byName.get(e.path[0]!.toLowerCase()) : undefined;
      return selected;
    }),
    unit: u,
  }));

  if (query.distinct) {
    const seen = new Set<string>();
    rows = rows.filter((r) => {
      const k = r.values.map((v) => values.key(v)).join('\u0000');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  if (query.orderBy.length > 0) {
    const keyed = rows.map((r, index) => ({
      r,
      index,
      keys: query.orderBy.map((o, k) => {
        const selected = r.sortKeys[k];
        return selected !== undefined ? r.values[selected]! : evaluate(o.expression, r.unit.row, r.unit.group);
      }),
    }));
    keyed.sort((a, b) => {
      for (let k = 0; k < query.orderBy.length; k++) {
        const x = a.keys[k]!;
        const y = b.keys[k]!;
        const xn = values.isNull(x);
        const yn = values.isNull(y);
        let c = xn && yn ? 0 : xn ? -1 : yn ? 1 : values.compare(x, y);
        if (query.orderBy[k]!.descending) c = -c;
        if (c !== 0) return c;
      }
      return a.index - b.index;
    });
    rows = keyed.map((k) => k.r);
  }

  if (query.top !== undefined) rows = rows.slice(0, query.top);
  return { columns, rows: rows.map((r) => r.values) };
}

function hasAggregate(e: QueryExpression): boolean {
  switch (e.type) {
    case 'aggregate':
      return true;
    case 'binary':
    case 'and':
    case 'or':
      return hasAggregate(e.left) || hasAggregate(e.right);
    case 'not':
    case 'negate':
    case 'isNull':
      return hasAggregate(e.operand);
    case 'in':
      return hasAggregate(e.operand) || e.list.some(hasAggregate);
    case 'between':
      return hasAggregate(e.operand) || hasAggregate(e.low) || hasAggregate(e.high);
    default:
      return false;
  }
}
