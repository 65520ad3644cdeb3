/**
 * Syntax tree of the subset of the 1C query language ("язык запросов") the runtime executes:
 * ВЫБРАТЬ [РАЗЛИЧНЫЕ] [ПЕРВЫЕ n] fields ИЗ table КАК alias [ГДЕ …] [СГРУППИРОВАТЬ ПО …]
 * [УПОРЯДОЧИТЬ ПО … [УБЫВ]], each keyword in Russian or English. The tree knows nothing of the
 * values it will meet: literals stay as text and the executor asks its host to make values.
 */

export interface QueryPosition {
  line: number;
  column: number;
}

/** A literal as written: numbers keep their decimal text (1C numbers are exact decimals). */
export type QueryLiteral =
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'undefined' }
  /** ДАТАВРЕМЯ(год, месяц, день[, час, минута, секунда]). */
  | { kind: 'date'; parts: number[] };

export type AggregateName = 'min' | 'max' | 'count' | 'sum' | 'avg';

export type QueryExpression = (
  | { type: 'literal'; literal: QueryLiteral }
  | { type: 'parameter'; name: string }
  /** alias.field.sub… or a bare field of the only source, as written (the executor strips the alias). */
  | { type: 'field'; path: string[] }
  | { type: 'aggregate'; name: AggregateName; distinct: boolean; argument: QueryExpression | '*' }
  | { type: 'binary'; operator: '=' | '<>' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/'; left: QueryExpression; right: QueryExpression }
  | { type: 'and' | 'or'; left: QueryExpression; right: QueryExpression }
  | { type: 'not'; operand: QueryExpression }
  | { type: 'negate'; operand: QueryExpression }
  | { type: 'in'; operand: QueryExpression; list: QueryExpression[]; negated: boolean }
  | { type: 'between'; operand: QueryExpression; low: QueryExpression; high: QueryExpression; negated: boolean }
  | { type: 'isNull'; operand: QueryExpression; negated: boolean }
) &
  QueryPosition;

/** Metadata class of a source table, as the query names it (Russian or English). */
export type TableKind = 'РегистрСведений' | 'Документ' | 'Справочник';

export interface SelectField {
  expression: QueryExpression;
  name: string;
}

export interface OrderItem {
  expression: QueryExpression;
  descending: boolean;
}

export interface SelectQuery {
  distinct: boolean;
  /** ПЕРВЫЕ n; undefined when absent. */
  top: number | undefined;
  fields: SelectField[];
  source: { kind: TableKind; name: string; alias: string } & QueryPosition;
  where: QueryExpression | undefined;
  groupBy: QueryExpression[];
  orderBy: OrderItem[];
}
