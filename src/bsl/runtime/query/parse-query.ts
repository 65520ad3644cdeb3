/**
 * Parses the text of a 1C query (ВЫБРАТЬ … ИЗ … ГДЕ … СГРУППИРОВАТЬ ПО … УПОРЯДОЧИТЬ ПО …) into a
 * SelectQuery. Precedence, lowest first, as the platform's query language has it: ИЛИ, И, НЕ,
 * comparisons with В / МЕЖДУ / ЕСТЬ NULL, + and -, * and /, unary minus.
 */
import type { AggregateName, OrderItem, QueryExpression, QueryPosition, SelectField, SelectQuery, TableKind } from './query-ast.js';
import { type QueryKeyword, QuerySyntaxError, type QueryToken, tokenizeQuery } from './query-lexer.js';

const TABLE_KINDS: ReadonlyMap<string, TableKind> = new Map([
  ['регистрсведений', 'РегистрСведений'],
  ['informationregister', 'РегистрСведений'],
  ['документ', 'Документ'],
  ['document', 'Документ'],
  ['справочник', 'Справочник'],
  ['catalog', 'Справочник'],
]);

const AGGREGATES: Partial<Record<QueryKeyword, AggregateName>> = { MIN: 'min', MAX: 'max', COUNT: 'count', SUM: 'sum', AVG: 'avg' };

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

export function parseQuery(text: string): SelectQuery {
  return new QueryParser(tokenizeQuery(text)).parse();
}

class QueryParser {
  private i = 0;

  constructor(private readonly tokens: QueryToken[]) {}

  parse(): SelectQuery {
    this.expectKeyword('SELECT', 'ВЫБРАТЬ');
    this.acceptKeyword('ALLOWED');
    const distinct = this.acceptKeyword('DISTINCT');
    let top: number | undefined;
    if (this.acceptKeyword('TOP')) {
      const t = this.next();
      if (t.kind !== 'number' || !/^[0-9]+$/.test(t.text)) this.fail(t, 'Ожидается целое число после ПЕРВЫЕ');
      top = Number(t.text);
    }
    const fields: SelectField[] = [];
    do fields.push(this.selectField(fields.length + 1));
    while (this.acceptPunct(','));

    this.expectKeyword('FROM', 'ИЗ');
    const source = this.table();

    let where: QueryExpression | undefined;
    if (this.acceptKeyword('WHERE')) where = this.expression();
    const groupBy: QueryExpression[] = [];
    if (this.acceptKeyword('GROUP')) {
      this.expectKeyword('BY', 'ПО');
      do groupBy.push(this.expression());
      while (this.acceptPunct(','));
    }
    const orderBy: OrderItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY', 'ПО');
      do {
        const expression = this.expression();
        const descending = this.acceptKeyword('DESC');
        if (!descending) this.acceptKeyword('ASC');
        orderBy.push({ expression, descending });
      } while (this.acceptPunct(','));
    }
    this.acceptPunct(';');
    const end = this.peek();
    if (end.kind !== 'eof') this.fail(end, `Синтаксическая ошибка: неожиданное "${end.text}"`);
    return { distinct, top, fields, source, where, groupBy, orderBy };
  }

  private selectField(ordinal: number): SelectField {
    const expression = this.expression();
    if (this.acceptKeyword('AS')) return { expression, name: this.name() };
    // The platform names an unaliased field after its last path part, anything else ПолеN.
    const name = expression.type === 'field' ? expression.path[expression.path.length - 1]! : `Поле${ordinal}`;
    return { expression, name };
  }

  private table(): SelectQuery['source'] {
    const start = this.peek();
    const kindWord = this.name();
    const kind = TABLE_KINDS.get(kindWord.toLowerCase());
    if (!kind) this.fail(start, `Неизвестная таблица "${kindWord}" (поддерживаются РегистрСведений, Документ, Справочник)`);
    this.expectPunct('.');
    const name = this.name();
    let alias = name;
    if (this.acceptKeyword('AS')) alias = this.name();
    else if (this.peek().kind === 'word' && !this.peek().keyword) alias = this.name();
    return { kind, name, alias, line: start.line, column: start.column };
  }

  private expression(): QueryExpression {
    let left = this.andExpression();
    for (;;) {
      const t = this.peek();
      if (!this.acceptKeyword('OR')) return left;
      left = { type: 'or', left, right: this.andExpression(), ...pos(t) };
    }
  }

  private andExpression(): QueryExpression {
    let left = this.notExpression();
    for (;;) {
      const t = this.peek();
      if (!this.acceptKeyword('AND')) return left;
      left = { type: 'and', left, right: this.notExpression(), ...pos(t) };
    }
  }

  private notExpression(): QueryExpression {
    const t = this.peek();
    if (this.acceptKeyword('NOT')) return { type: 'not', operand: this.notExpression(), ...pos(t) };
    return this.comparison();
  }

  private comparison(): QueryExpression {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARISONS.has(t.text)) {
      this.i++;
      return { type: 'binary', operator: t.text as '=', left, right: this.additive(), ...pos(t) };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL', 'NULL');
      return { type: 'isNull', operand: left, negated, ...pos(t) };
    }
    // НЕ В / НЕ МЕЖДУ: НЕ right after the operand belongs to the operator.
    const negated = t.keyword === 'NOT' && (this.peek(1).keyword === 'IN' || this.peek(1).keyword === 'BETWEEN');
    if (negated) this.i++;
    if (this.acceptKeyword('IN')) {
      this.expectPunct('(');
      const list: QueryExpression[] = [];
      do list.push(this.additive());
      while (this.acceptPunct(','));
      this.expectPunct(')');
      return { type: 'in', operand: left, list, negated, ...pos(t) };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.additive();
      this.expectKeyword('AND', 'И');
      return { type: 'between', operand: left, low, high: this.additive(), negated, ...pos(t) };
    }
    if (negated) this.fail(this.peek(), 'Ожидается В или МЕЖДУ после НЕ');
    return left;
  }

  private additive(): QueryExpression {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || (t.text !== '+' && t.text !== '-')) return left;
      this.i++;
      left = { type: 'binary', operator: t.text, left, right: this.multiplicative(), ...pos(t) };
    }
  }

  private multiplicative(): QueryExpression {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || (t.text !== '*' && t.text !== '/')) return left;
      this.i++;
      left = { type: 'binary', operator: t.text, left, right: this.unary(), ...pos(t) };
    }
  }

  private unary(): QueryExpression {
    const t = this.peek();
    if (this.acceptPunct('-')) return { type: 'negate', operand: this.unary(), ...pos(t) };
    if (this.acceptPunct('+')) return this.unary();
    return this.primary();
  }

  private primary(): QueryExpression {
    const t = this.next();
    const at = pos(t);
    if (t.kind === 'number') return { type: 'literal', literal: { kind: 'number', text: t.text }, ...at };
    if (t.kind === 'string') return { type: 'literal', literal: { kind: 'string', value: t.text }, ...at };
    if (t.kind === 'parameter') return { type: 'parameter', name: t.text, ...at };
    if (t.kind === 'punct' && t.text === '(') {
      const inner = this.expression();
      this.expectPunct(')');
      return inner;
    }
    if (t.kind === 'word') {
      switch (t.keyword) {
        case 'TRUE':
          return { type: 'literal', literal: { kind: 'boolean', value: true }, ...at };
        case 'FALSE':
          return { type: 'literal', literal: { kind: 'boolean', value: false }, ...at };
        case 'NULL':
          return { type: 'literal', literal: { kind: 'null' }, ...at };
        case 'UNDEFINED':
          return { type: 'literal', literal: { kind: 'undefined' }, ...at };
        case 'DATETIME':
          return this.dateTime(t);
        case undefined:
          return this.field(t);
        default: {
          const aggregate = AGGREGATES[t.keyword];
          if (aggregate) return this.aggregate(t, aggregate);
          this.fail(t, `Синтаксическая ошибка: неожиданное "${t.text}"`);
        }
      }
    }
    this.fail(t, t.kind === 'eof' ? 'Неожиданный конец запроса' : `Синтаксическая ошибка: неожиданное "${t.text}"`);
  }

  private aggregate(t: QueryToken, name: AggregateName): QueryExpression {
    this.expectPunct('(');
    const distinct = this.acceptKeyword('DISTINCT');
    let argument: QueryExpression | '*';
    if (name === 'count' && !distinct && this.acceptPunct('*')) argument = '*';
    else argument = this.expression();
    this.expectPunct(')');
    return { type: 'aggregate', name, distinct, argument, ...pos(t) };
  }

  private dateTime(t: QueryToken): QueryExpression {
    this.expectPunct('(');
    const parts: number[] = [];
    do {
      const n = this.next();
      if (n.kind !== 'number' || !/^[0-9]+$/.test(n.text)) this.fail(n, 'ДАТАВРЕМЯ: ожидается целое число');
      parts.push(Number(n.text));
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    if (parts.length !== 3 && parts.length !== 6) this.fail(t, 'ДАТАВРЕМЯ: ожидается 3 или 6 чисел');
    return { type: 'literal', literal: { kind: 'date', parts }, ...pos(t) };
  }

  /** alias.field[.sub…] or a bare field; whether the first part is an alias is decided at execution. */
  private field(first: QueryToken): QueryExpression {
    const parts = [first.text];
    while (this.acceptPunct('.')) parts.push(this.name());
    return { type: 'field', path: parts, ...pos(first) };
  }

  private name(): string {
    const t = this.next();
    if (t.kind !== 'word' || t.keyword) this.fail(t, `Ожидается имя, а не "${t.text || 'конец запроса'}"`);
    return t.text;
  }

  private peek(ahead = 0): QueryToken {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): QueryToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private acceptKeyword(kw: QueryKeyword): boolean {
    if (this.peek().keyword !== kw) return false;
    this.i++;
    return true;
  }

  private expectKeyword(kw: QueryKeyword, shown: string): void {
    if (!this.acceptKeyword(kw)) this.fail(this.peek(), `Ожидается ${shown}`);
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) return false;
    this.i++;
    return true;
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(this.peek(), `Ожидается "${p}"`);
  }

  private fail(t: QueryToken, message: string): never {
    throw new QuerySyntaxError(message, t.line, t.column);
  }
}

function pos(t: QueryToken): QueryPosition {
  return { line: t.line, column: t.column };
}
