/**
 * Statements and statement lists. The `;` rule is the 1C compiler's: it separates statements
 * and may be left out only before a keyword that ends the list (КонецЕсли, Иначе, Исключение,
 * КонецЦикла, КонецПроцедуры, ...) or at the end of the module.
 */
import type { Expression, Position, ProcedureInfo, Statement, VariableInfo } from './ast.js';
import { ExpressionParser, renderQualifier } from './expression-parser.js';
import { BLOCK_CLOSERS, isLatin, type Keyword, kwText } from './keywords.js';
import type { Token } from './lexer.js';

type BlockKind = 'If' | 'Loop' | 'Try' | 'Method';

interface OpenBlock {
  kind: BlockKind;
  opener: Token;
  name?: string;
}

/** The construct each list-ending keyword belongs to. */
const CLOSER_OWNER: Partial<Record<Keyword, BlockKind>> = {
  ElsIf: 'If',
  Else: 'If',
  EndIf: 'If',
  EndDo: 'Loop',
  Except: 'Try',
  EndTry: 'Try',
  EndProcedure: 'Method',
  EndFunction: 'Method',
};

const OWNER_NAME: Record<BlockKind, [string, string]> = {
  If: ['Если', 'If'],
  Loop: ['Для/Пока ... Цикл', 'For/While ... Do'],
  Try: ['Попытка', 'Try'],
  Method: ['Процедура/Функция', 'Procedure/Function'],
};

const STARTS_METHOD: ReadonlySet<Keyword> = new Set<Keyword>(['Procedure', 'Function', 'Async']);

export class StatementParser extends ExpressionParser {
  protected method: { info: ProcedureInfo; opener: Token } | undefined;
  protected loopDepth = 0;
  protected blocks: OpenBlock[] = [];
  /** Labels and `Перейти` targets of the current scope (a method, or the module body). */
  protected labels = new Map<string, Token>();
  protected gotos: Token[] = [];

  /** Where a statement list stops: a closing keyword, the next method, or the end. */
  protected atListEnd(): boolean {
    const t = this.tok;
    if (t.kind === 'eof') return true;
    if (this.isPunct('&')) return this.atAnnotation();
    return t.keyword !== undefined && (BLOCK_CLOSERS.has(t.keyword) || STARTS_METHOD.has(t.keyword));
  }

  /** `&` only starts an annotation at the start of a line; elsewhere it is a stray character. */
  protected atAnnotation(): boolean {
    return this.isPunct('&') && (this.pos === 0 || this.tok.line > this.prev.endLine);
  }

  protected parseStatements(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      while (this.isPunct(';')) this.advance();
      if (this.atListEnd()) return out;
      out.push(this.parseStatement());
      if (this.isPunct(';')) {
        this.advance();
        continue;
      }
      if (this.atListEnd()) return out;
      this.missingSemicolon();
    }
  }

  /** Reported where the `;` belongs: right after the previous token. */
  protected missingSemicolon(): never {
    const t = this.tok;
    if (this.isPunct(')')) this.fail(t, "Unbalanced ')': there is no '(' for it to close");
    if (this.isPunct(']')) this.fail(t, "Unbalanced ']': there is no '[' for it to close");
    if (this.isPunct('&')) this.fail(t, "Unexpected '&': an annotation (&НаСервере) stands on its own line before a procedure");
    const p = this.prev;
    this.fail({ line: p.endLine, column: p.endColumn }, `Expected ';' before ${this.describe(t)}`);
  }

  /** `Перем А, Б Экспорт;` */
  protected parseVarDecl(exportAllowed: boolean, annotations: string[]): VariableInfo[] {
    this.advance();
    const out: VariableInfo[] = [];
    for (;;) {
      const name = this.expectName('a variable name');
      let exported = false;
      if (this.isKw('Export')) {
        const e = this.advance();
        if (!exportAllowed) this.report(e, `A local variable cannot be exported ('${e.text}')`);
        exported = true;
      }
      out.push({ name: name.text, exported, annotations, line: name.line, column: name.column });
      if (!this.isPunct(',')) break;
      this.advance();
    }
    if (this.isPunct(';')) this.advance();
    else if (!(this.tok.keyword && BLOCK_CLOSERS.has(this.tok.keyword))) this.missingSemicolon();
    return out;
  }

  private parseStatement(): Statement {
    const t = this.tok;
    if (!this.isPunct('~')) return this.parseUnlabeled();
    this.advance();
    const name = this.tok;
    if (name.kind !== 'word') this.fail(name, `Expected a label name after '~', found ${this.describe(name)}`);
    this.advance();
    this.expectPunct(':', `after the label ~${name.text}`);
    const key = name.text.toLowerCase();
    const seen = this.labels.get(key);
    if (seen) this.report(name, `Label ~${name.text} is already defined at line ${seen.line}`);
    else this.labels.set(key, name);
    if (this.isPunct(';') || this.atListEnd()) return { type: 'Label', label: name.text, line: t.line, column: t.column };
    const st = this.parseUnlabeled();
    st.label = name.text;
    return st;
  }

  private atExprEnd(): boolean {
    return this.isPunct(';') || this.atListEnd();
  }

  /**
   * `ВызватьИсключение [Выражение]`, or since 8.3.21 the argument-list form
   * `ВызватьИсключение(Текст, Категория, Код, Подробность, Причина)`. A parenthesised single
   * argument is the old form's expression; `ВызватьИсключение ("а") + Б` is re-read as one.
   */
  private parseRaise(at: Position): Statement {
    this.advance();
    if (this.atExprEnd()) return { type: 'Raise', ...at };
    if (this.isPunct('(')) {
      const start = this.pos;
      const marks = [this.calls.length, this.errors.length] as const;
      const args = this.parseArgs();
      if (this.atExprEnd() && args.length > 1) {
        if (args[0] === null) this.report(at, `${this.tokens[start - 1]!.text}(...) needs the error text as its first argument`);
        return { type: 'Raise', ...(args[0] ? { value: args[0] } : {}), args, ...at };
      }
      this.pos = start;
      this.calls.length = marks[0];
      this.errors.length = marks[1];
    }
    return { type: 'Raise', value: this.parseExpression(), ...at };
  }

  private parseUnlabeled(): Statement {
    const t = this.tok;
    const at = { line: t.line, column: t.column };
    switch (t.keyword) {
      case 'If':
        return this.parseIf();
      case 'While':
        return this.parseWhile();
      case 'For':
        return this.parseFor();
      case 'Try':
        return this.parseTry();
      case 'Return':
        return this.parseReturn();
      case 'Break':
      case 'Continue':
        this.advance();
        if (this.loopDepth === 0) this.report(t, `'${t.text}' is only allowed inside a loop`);
        return { type: t.keyword, ...at };
      case 'Raise':
        return this.parseRaise(at);
      case 'Goto': {
        this.advance();
        this.expectPunct('~', `before the label name (${t.text} ~Label)`);
        const name = this.tok;
        if (name.kind !== 'word') this.fail(name, `Expected a label name after '~', found ${this.describe(name)}`);
        this.advance();
        this.gotos.push(name);
        return { type: 'Goto', label: name.text, ...at };
      }
      case 'Execute':
        this.advance();
        return { type: 'Execute', code: this.parseExpression(), ...at };
      case 'AddHandler':
      case 'RemoveHandler': {
        this.advance();
        const event = this.parseExpression();
        this.expectPunct(',', `between the event and the handler of ${t.text}`);
        return { type: t.keyword, event, handler: this.parseExpression(), ...at };
      }
      case 'Await':
        this.checkAwait(t);
        this.advance();
        return { type: 'Await', expression: this.parseExpression(), ...at };
      case 'Var':
        return this.fail(t, `Variable declarations (${t.text}) must come before all statements`);
      case undefined:
        if (t.kind === 'word') return this.parseAssignmentOrCall();
        return this.fail(t, `Expected a statement, found ${this.describe(t)}`);
      default:
        return this.fail(t, `Unexpected keyword '${t.text}': a statement cannot start with it`);
    }
  }

  private parseAssignmentOrCall(): Statement {
    const first = this.advance();
    const target = this.parsePostfix({ type: 'Identifier', name: first.text, line: first.line, column: first.column });
    const at = { line: first.line, column: first.column };
    if (this.isPunct('=')) {
      if (target.type === 'Call') this.fail(this.tok, 'Cannot assign to the result of a call');
      this.advance();
      return { type: 'Assign', target, value: this.parseExpression(), ...at };
    }
    if (target.type === 'Call') {
      const record = this.callRecords.get(target);
      if (record) record.statement = true;
      return { type: 'Call', call: target, ...at };
    }
    this.fail(this.tok, `Expected '=' or a procedure call after '${renderQualifier(target)}', found ${this.describe()}`);
  }

  private parseReturn(): Statement {
    const t = this.advance();
    const at = { line: t.line, column: t.column };
    if (!this.method) this.report(t, `'${t.text}' is only allowed inside a procedure or function`);
    if (this.atExprEnd()) return { type: 'Return', ...at };
    const m = this.method;
    if (m && m.info.kind === 'procedure') {
      const en = isLatin(m.opener.text);
      this.report(
        t,
        en
          ? `Procedure '${m.info.name}' cannot return a value: '${t.text}' with a value is allowed only in a Function`
          : `Процедура '${m.info.name}' cannot return a value: '${t.text}' with a value is allowed only in a Функция`,
      );
    }
    return { type: 'Return', value: this.parseExpression(), ...at };
  }

  private parseIf(): Statement {
    const ifTok = this.advance();
    const block: OpenBlock = { kind: 'If', opener: ifTok };
    this.blocks.push(block);
    const branches: Array<{ condition: Expression; body: Statement[] }> = [];
    let elseBody: Statement[] | undefined;
    let head = ifTok;
    for (;;) {
      const condition = this.parseExpression();
      this.expectKw('Then', ifTok, `after the condition of ${head.text} (line ${head.line})`);
      branches.push({ condition, body: this.parseStatements() });
      const t = this.tok;
      if (this.isKw('ElsIf')) {
        head = this.advance();
        continue;
      }
      if (this.isKw('Else')) {
        this.advance();
        elseBody = this.parseStatements();
        if (this.isKw('ElsIf') || this.isKw('Else')) {
          this.fail(this.tok, `'${this.tok.text}' after '${t.text}' in ${ifTok.text} (line ${ifTok.line})`);
        }
      }
      if (!this.isKw('EndIf')) this.closerMismatch(block, 'EndIf');
      this.advance();
      break;
    }
    this.blocks.pop();
    return { type: 'If', branches, elseBody, line: ifTok.line, column: ifTok.column };
  }

  private parseLoopBody(block: OpenBlock): Statement[] {
    this.blocks.push(block);
    this.loopDepth++;
    const body = this.parseStatements();
    if (!this.isKw('EndDo')) this.closerMismatch(block, 'EndDo');
    this.advance();
    this.loopDepth--;
    this.blocks.pop();
    return body;
  }

  private parseWhile(): Statement {
    const w = this.advance();
    const condition = this.parseExpression();
    this.expectKw('Do', w, `after the condition of ${w.text} (line ${w.line})`);
    return { type: 'While', condition, body: this.parseLoopBody({ kind: 'Loop', opener: w }), line: w.line, column: w.column };
  }

  private parseFor(): Statement {
    const f = this.advance();
    const at = { line: f.line, column: f.column };
    const en = isLatin(f.text);
    if (this.isKw('Each')) {
      const each = this.advance();
      const variable = this.expectName('the loop variable').text;
      this.expectKw('In', f, `after the loop variable of ${f.text} ${each.text} (line ${f.line})`);
      const collection = this.parseExpression();
      this.expectKw('Do', f, `after the collection of ${f.text} ${each.text} (line ${f.line})`);
      return { type: 'ForEach', variable, collection, body: this.parseLoopBody({ kind: 'Loop', opener: f }), ...at };
    }
    const variable = this.expectName(`the loop variable or ${kwText('Each', en)}`).text;
    this.expectPunct('=', `after the loop variable of ${f.text} (line ${f.line})`);
    const from = this.parseExpression();
    this.expectKw('To', f, `after the start value of ${f.text} (line ${f.line})`);
    const to = this.parseExpression();
    this.expectKw('Do', f, `after the end value of ${f.text} (line ${f.line})`);
    return { type: 'For', variable, from, to, body: this.parseLoopBody({ kind: 'Loop', opener: f }), ...at };
  }

  private parseTry(): Statement {
    const tr = this.advance();
    const block: OpenBlock = { kind: 'Try', opener: tr };
    this.blocks.push(block);
    const body = this.parseStatements();
    if (!this.isKw('Except')) this.closerMismatch(block, 'Except');
    this.advance();
    const handler = this.parseStatements();
    if (!this.isKw('EndTry')) this.closerMismatch(block, 'EndTry');
    this.advance();
    this.blocks.pop();
    return { type: 'Try', body, handler, line: tr.line, column: tr.column };
  }

  /**
   * A statement list of `block` ended on something other than `expected`. If that keyword
   * closes a construct that is open further out, this block is the unclosed one; otherwise
   * the keyword is stray.
   */
  protected closerMismatch(block: OpenBlock, expected: Keyword): never {
    const t = this.tok;
    const want = kwText(expected, isLatin(block.opener.text));
    const name = block.name ? ` '${block.name}'` : '';
    const opener = `${block.opener.text}${name} (line ${block.opener.line})`;
    const owner = t.keyword ? CLOSER_OWNER[t.keyword] : undefined;
    if (owner && !this.blocks.some((b) => b.kind === owner)) this.strayCloser();
    const verb = expected === 'Except' ? 'in' : 'to close';
    this.fail(t, `Expected ${want} ${verb} ${opener}, found ${this.describe(t)}`);
  }

  /** A closing keyword with nothing open that it could close. */
  protected strayCloser(): never {
    const t = this.tok;
    const owner = t.keyword ? CLOSER_OWNER[t.keyword] : undefined;
    if (owner) this.fail(t, `'${t.text}' without a matching ${OWNER_NAME[owner][isLatin(t.text) ? 1 : 0]}`);
    this.fail(t, `Unexpected ${this.describe(t)}`);
  }

  /** Every `Перейти ~Метка` of the finished scope must have its label there. */
  protected closeLabelScope(): void {
    for (const g of this.gotos) {
      if (!this.labels.has(g.text.toLowerCase())) this.report(g, `Label ~${g.text} is not defined in this procedure or module body`);
    }
    this.labels = new Map();
    this.gotos = [];
  }
}
