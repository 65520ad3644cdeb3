/**
 * Token cursor, error plumbing and the expression grammar of BSL. Precedence, low to high:
 * ИЛИ < И < НЕ < comparisons < + - < * / % < unary - + < postfix (. [] ()).
 */
import type { Argument, BslError, CallExpression, CallInfo, Expression, Position } from './ast.js';
import { isLatin, type Keyword, kwText } from './keywords.js';
import type { Token } from './lexer.js';

/** Thrown for an error the parser cannot continue past; caught where it can resynchronise. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);
const EXPRESSION_KEYWORDS: ReadonlySet<Keyword> = new Set<Keyword>(['New', 'Not', 'True', 'False', 'Undefined', 'Null', 'Await']);

export class ExpressionParser {
  protected pos = 0;
  readonly errors: BslError[] = [];
  readonly calls: CallInfo[] = [];
  protected readonly callRecords = new Map<CallExpression, CallInfo>();
  /** Name of the procedure being parsed, for CallInfo.inMethod. */
  protected methodName: string | undefined;
  /** Whether `Ждать` is legal here (inside an `Асинх` method). */
  protected asyncMethod = false;

  constructor(protected readonly tokens: Token[]) {}

  protected get tok(): Token {
    return this.tokens[this.pos]!;
  }

  protected get prev(): Token {
    return this.tokens[Math.max(0, this.pos - 1)]!;
  }

  protected advance(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** A method, so that TypeScript does not narrow `this.tok` across advance() calls. */
  protected atEof(): boolean {
    return this.tok.kind === 'eof';
  }

  protected isKw(kw: Keyword, t: Token = this.tok): boolean {
    return t.keyword === kw;
  }

  protected isPunct(p: string, t: Token = this.tok): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  /**
   * Stops parsing. When the parser is stuck on a character the lexer could not read, or just
   * after a string the lexer found unterminated, the lexer's error is the real cause: it is
   * raised instead (and merges with the lexer's report of the same error).
   */
  protected fail(at: Position, message: string): never {
    const t = this.tok;
    if (t.kind === 'unknown') throw new ParseError(`Unknown character '${t.text}'`, t.line, t.column);
    const p = this.prev;
    if (p.unterminated && p !== t) throw new ParseError('Unterminated string literal', p.line, p.column);
    throw new ParseError(message, at.line, at.column);
  }

  /** A non-fatal error: parsing goes on as if the code were right. */
  protected report(at: Position, message: string): void {
    this.errors.push({ message, line: at.line, column: at.column });
  }

  protected describe(t: Token = this.tok): string {
    switch (t.kind) {
      case 'eof':
        return 'end of file';
      case 'string':
        return `string "${t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text}"`;
      case 'date':
        return `date '${t.text}'`;
      default:
        return `'${t.text}'`;
    }
  }

  protected expectPunct(p: string, context: string): Token {
    if (!this.isPunct(p)) this.fail(this.tok, `Expected '${p}' ${context}, found ${this.describe()}`);
    return this.advance();
  }

  protected expectKw(kw: Keyword, opener: Token, context: string): Token {
    if (!this.isKw(kw)) {
      this.fail(this.tok, `Expected ${kwText(kw, isLatin(opener.text))} ${context}, found ${this.describe()}`);
    }
    return this.advance();
  }

  /** An identifier: a word that is not a reserved keyword. */
  protected expectName(what: string): Token {
    const t = this.tok;
    if (t.kind !== 'word') this.fail(t, `Expected ${what}, found ${this.describe(t)}`);
    if (t.keyword) this.fail(t, `Expected ${what}, found the reserved word '${t.text}'`);
    return this.advance();
  }

  parseExpression(): Expression {
    return this.parseOr();
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isKw('Or')) {
      this.advance();
      left = { type: 'Binary', operator: 'Or', left, right: this.parseAnd(), line: left.line, column: left.column };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKw('And')) {
      this.advance();
      left = { type: 'Binary', operator: 'And', left, right: this.parseNot(), line: left.line, column: left.column };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.isKw('Not')) {
      const t = this.advance();
      return { type: 'Unary', operator: 'Not', operand: this.parseNot(), line: t.line, column: t.column };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expression {
    let left = this.parseAdditive();
    while (this.tok.kind === 'punct' && COMPARISONS.has(this.tok.text)) {
      const op = this.advance().text as '=' | '<>' | '<' | '>' | '<=' | '>=';
      left = { type: 'Binary', operator: op, left, right: this.parseAdditive(), line: left.line, column: left.column };
    }
    return left;
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.advance().text as '+' | '-';
      left = { type: 'Binary', operator: op, left, right: this.parseMultiplicative(), line: left.line, column: left.column };
    }
    return left;
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const op = this.advance().text as '*' | '/' | '%';
      left = { type: 'Binary', operator: op, left, right: this.parseUnary(), line: left.line, column: left.column };
    }
    return left;
  }

  private parseUnary(): Expression {
    const t = this.tok;
    if (this.isPunct('-') || this.isPunct('+')) {
      this.advance();
      return { type: 'Unary', operator: t.text as '-' | '+', operand: this.parseUnary(), line: t.line, column: t.column };
    }
    // НЕ after an operator (`А = НЕ Б` inside parentheses) is accepted, as the platform does.
    if (this.isKw('Not')) {
      this.advance();
      return { type: 'Unary', operator: 'Not', operand: this.parseUnary(), line: t.line, column: t.column };
    }
    if (this.isKw('Await')) {
      this.checkAwait(t);
      this.advance();
      return { type: 'Unary', operator: 'Await', operand: this.parseUnary(), line: t.line, column: t.column };
    }
    return this.parsePrimary();
  }

  protected checkAwait(t: Token): void {
    if (!this.asyncMethod) this.report(t, `'${t.text}' is only allowed inside an Асинх (Async) procedure or function`);
  }

  private parsePrimary(): Expression {
    const t = this.tok;
    const at = { line: t.line, column: t.column };
    if (t.kind === 'number') {
      this.advance();
      return { type: 'Number', value: Number(t.text), raw: t.text, ...at };
    }
    if (t.kind === 'string') {
      // Adjacent literals ("а" "б") form one string.
      let value = '';
      while (this.tok.kind === 'string') value += this.advance().text;
      return { type: 'String', value, ...at };
    }
    if (t.kind === 'date') {
      this.advance();
      return { type: 'Date', raw: t.text, ...at };
    }
    if (t.kind === 'word') {
      if (t.keyword === undefined) {
        this.advance();
        return this.parsePostfix({ type: 'Identifier', name: t.text, ...at });
      }
      if (t.keyword === 'New') return this.parsePostfix(this.parseNew());
      if (t.keyword === 'True' || t.keyword === 'False') {
        this.advance();
        return { type: 'Boolean', value: t.keyword === 'True', ...at };
      }
      if (t.keyword === 'Undefined' || t.keyword === 'Null') {
        this.advance();
        return { type: t.keyword, ...at };
      }
      this.fail(t, `Expected an expression, found the keyword '${t.text}'`);
    }
    if (this.isPunct('(')) {
      this.advance();
      const expression = this.parseExpression();
      this.closeParen(t);
      return { type: 'Paren', expression, ...at };
    }
    if (this.isPunct('?')) return this.parsePostfix(this.parseTernary());
    this.fail(t, `Expected an expression, found ${this.describe(t)}`);
  }

  /** `Новый Тип`, `Новый Тип(арг, ...)`, `Новый("Тип", МассивПараметров)`. */
  private parseNew(): Expression {
    const t = this.advance();
    const at = { line: t.line, column: t.column };
    if (this.isPunct('(')) {
      const args = this.parseArgs();
      if (args.length === 0 || args[0] === null) this.fail(t, `${t.text}(...) needs the type as its first argument`);
      return { type: 'New', args, ...at };
    }
    const name = this.tok;
    if (name.kind !== 'word' || name.keyword) this.fail(name, `Expected a type name after '${t.text}', found ${this.describe(name)}`);
    this.advance();
    const args = this.isPunct('(') ? this.parseArgs() : undefined;
    return { type: 'New', typeName: name.text, args, ...at };
  }

  /** `?(Условие, ЕслиИстина, ЕслиЛожь)`. */
  private parseTernary(): Expression {
    const q = this.advance();
    const open = this.expectPunct('(', "after '?' (the form is ?(condition, then, else))");
    const condition = this.parseExpression();
    this.expectPunct(',', 'after the condition of ?(condition, then, else)');
    const whenTrue = this.parseExpression();
    this.expectPunct(',', 'after the second part of ?(condition, then, else)');
    const whenFalse = this.parseExpression();
    this.closeParen(open);
    return { type: 'Ternary', condition, whenTrue, whenFalse, line: q.line, column: q.column };
  }

  private closeParen(open: Token): void {
    if (this.isPunct(')')) {
      this.advance();
      return;
    }
    this.fail(this.tok, `Missing ')' for the '(' at line ${open.line}, column ${open.column} (found ${this.describe()})`);
  }

  protected parsePostfix(base: Expression): Expression {
    let e = base;
    for (;;) {
      if (this.isPunct('.')) {
        this.advance();
        const name = this.tok;
        if (name.kind !== 'word') this.fail(name, `Expected a property or method name after '.', found ${this.describe(name)}`);
        this.advance();
        e = { type: 'Member', object: e, name: name.text, line: name.line, column: name.column };
      } else if (this.isPunct('[')) {
        const open = this.advance();
        const index = this.parseExpression();
        if (!this.isPunct(']')) {
          this.fail(this.tok, `Missing ']' for the '[' at line ${open.line}, column ${open.column} (found ${this.describe()})`);
        }
        this.advance();
        e = { type: 'Index', object: e, index, line: e.line, column: e.column };
      } else if (this.isPunct('(')) {
        if (e.type !== 'Identifier' && e.type !== 'Member') this.fail(this.tok, 'Only a procedure, function or method can be called');
        const at = { line: e.line, column: e.column };
        const args = this.parseArgs();
        const call: CallExpression = { type: 'Call', callee: e, args, ...at };
        const record: CallInfo = {
          name: e.name,
          ...(e.type === 'Member' ? { qualifier: renderQualifier(e.object) } : {}),
          ...at,
          argCount: args.length,
          statement: false,
          ...(this.methodName !== undefined ? { inMethod: this.methodName } : {}),
        };
        this.calls.push(record);
        this.callRecords.set(call, record);
        e = call;
      } else {
        return e;
      }
    }
  }

  /** `(a, , b)`: an empty slot between commas is a legal, omitted argument. */
  protected parseArgs(): Argument[] {
    const open = this.advance();
    const args: Argument[] = [];
    if (this.isPunct(')')) {
      this.advance();
      return args;
    }
    for (;;) {
      if (this.outsideExpression()) this.closeParen(open);
      args.push(this.isPunct(',') || this.isPunct(')') ? null : this.parseExpression());
      if (this.isPunct(',')) {
        this.advance();
        continue;
      }
      if (this.isPunct(')')) {
        this.advance();
        return args;
      }
      if (this.outsideExpression()) this.closeParen(open);
      this.fail(this.tok, `Expected ',' or ')' in the argument list, found ${this.describe()}`);
    }
  }

  /** A token that cannot be inside an argument list: the `)` must have been forgotten. */
  private outsideExpression(): boolean {
    const t = this.tok;
    if (t.kind === 'eof' || this.isPunct(';') || this.isPunct(']')) return true;
    return t.keyword !== undefined && !EXPRESSION_KEYWORDS.has(t.keyword);
  }
}

/** How a call's receiver is shown in CallInfo.qualifier. */
export function renderQualifier(e: Expression): string {
  switch (e.type) {
    case 'Identifier':
      return e.name;
    case 'Member':
      return `${renderQualifier(e.object)}.${e.name}`;
    case 'Call':
      return `${renderQualifier(e.callee)}()`;
    case 'Index':
      return `${renderQualifier(e.object)}[]`;
    case 'New':
      return e.typeName ? `Новый ${e.typeName}` : 'Новый()';
    default:
      return '<expression>';
  }
}
