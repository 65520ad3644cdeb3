export { executeQuery, QueryExecutionError, type QueryHost, type QueryResultData, type QueryRow, type QueryValues } from './execute-query.js';
export { parseQuery } from './parse-query.js';
export type { AggregateName, OrderItem, QueryExpression, QueryLiteral, SelectField, SelectQuery, TableKind } from './query-ast.js';
export { QuerySyntaxError, tokenizeQuery } from './query-lexer.js';
