/**
 * Module level of the BSL grammar: module variables, then procedures and functions, then the
 * module's own statements, in that order (as the 1C compiler requires). An error inside a
 * procedure is reported once and parsing resumes after its КонецПроцедуры/КонецФункции, so
 * the procedures after it are still known and checked.
 */
import type { BslError, MethodNode, ParamInfo, ParsedModule, ProcedureInfo, Statement, VariableInfo } from './ast.js';
import { ParseError } from './expression-parser.js';
import { isLatin, type Keyword, kwText } from './keywords.js';
import { tokenize } from './lexer.js';
import { checkDirectives } from './preprocessor.js';
import { StatementParser } from './statement-parser.js';

/** Compilation directives take no arguments; extension annotations name the method they wrap. */
const ANNOTATIONS: Record<string, 'directive' | 'extension'> = {
  наклиенте: 'directive',
  atclient: 'directive',
  насервере: 'directive',
  atserver: 'directive',
  насерверебезконтекста: 'directive',
  atservernocontext: 'directive',
  наклиентенасерверебезконтекста: 'directive',
  atclientatservernocontext: 'directive',
  наклиентенасервере: 'directive',
  atclientatserver: 'directive',
  перед: 'extension',
  before: 'extension',
  после: 'extension',
  after: 'extension',
  вместо: 'extension',
  around: 'extension',
  изменениеиконтроль: 'extension',
  changeandvalidate: 'extension',
};

export function parseBsl(text: string): { module?: ParsedModule; errors: BslError[] } {
  const lexed = tokenize(text);
  const directives = checkDirectives(lexed.directives);
  const parser = new ModuleParser(lexed.tokens);
  const module = parser.parseModule();
  module.regions = directives.regions;
  return { module, errors: sortErrors([...lexed.errors, ...directives.errors, ...parser.errors]) };
}

function sortErrors(errors: BslError[]): BslError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const key = `${e.line}:${e.column}:${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

class ModuleParser extends StatementParser {
  private readonly procedures = new Map<string, ProcedureInfo>();
  private readonly variables = new Map<string, VariableInfo>();
  private readonly methods: MethodNode[] = [];
  private readonly body: Statement[] = [];

  parseModule(): ParsedModule {
    let phase: 'vars' | 'methods' | 'body' = 'vars';
    while (!this.atEof()) {
      // A stray `;` between procedures (`КонецПроцедуры;`) is an empty statement, not module body.
      if (this.isPunct(';')) {
        this.advance();
        continue;
      }
      const before = this.pos;
      try {
        const first = this.tok;
        const annotations = this.parseAnnotations();
        if (this.isKw('Var')) {
          if (phase !== 'vars') {
            this.report(this.tok, `Module variables (${this.tok.text}) must be declared before all procedures, functions and statements`);
          }
          for (const v of this.parseVarDecl(true, annotations)) this.declare(this.variables, v.name, v, 'Variable');
        } else if (this.isKw('Procedure') || this.isKw('Function') || this.isKw('Async')) {
          if (phase === 'body') this.report(this.tok, 'Procedures and functions must come before the statements of the module body');
          else phase = 'methods';
          this.parseMethod(annotations);
        } else {
          if (annotations.length > 0) {
            this.fail(first, `An annotation must be followed by a procedure, a function or a variable declaration, found ${this.describe()}`);
          }
          phase = 'body';
          this.body.push(...this.parseStatements());
          if (!this.atEof() && !this.startsModuleItem()) this.strayCloser();
        }
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.errors.push({ message: e.message, line: e.line, column: e.column });
        if (this.pos === before) this.advance();
        while (!this.atEof() && !this.startsModuleItem()) this.advance();
      }
    }
    this.closeLabelScope();
    return {
      procedures: [...this.procedures.values()],
      // Recorded as each call completes (inner first); consumers want source order.
      calls: [...this.calls].sort((a, b) => a.line - b.line || a.column - b.column),
      variables: [...this.variables.values()],
      regions: [],
      methods: this.methods,
      body: this.body,
    };
  }

  private startsModuleItem(): boolean {
    return this.atAnnotation() || this.isKw('Procedure') || this.isKw('Function') || this.isKw('Async') || this.isKw('Var');
  }

  private declare<T extends { line: number }>(scope: Map<string, T>, name: string, item: T & { column: number }, what: string): void {
    const key = name.toLowerCase();
    const seen = scope.get(key);
    if (seen) this.report(item, `${what} '${name}' is already declared at line ${seen.line}`);
    else scope.set(key, item);
  }

  /** `&НаСервере`, `&Перед("ПриЗаписи")`, rendered without the `&`. */
  private parseAnnotations(): string[] {
    const out: string[] = [];
    while (this.isPunct('&')) {
      const amp = this.advance();
      const name = this.tok;
      if (name.kind !== 'word') this.fail(name, `Expected an annotation name after '&', found ${this.describe(name)}`);
      this.advance();
      const kind = ANNOTATIONS[name.text.toLowerCase()];
      if (!kind) this.report(amp, `Unknown annotation &${name.text}`);
      const args = this.isPunct('(') ? this.parseAnnotationArgs() : undefined;
      if (kind === 'extension' && (args?.length !== 1 || !args[0]!.startsWith('"'))) {
        this.report(amp, `&${name.text} needs the name of the method it extends, e.g. &${name.text}("ПриЗаписи")`);
      }
      if (kind === 'directive' && args) this.report(amp, `&${name.text} takes no arguments`);
      out.push(args ? `${name.text}(${args.join(', ')})` : name.text);
    }
    return out;
  }

  private parseAnnotationArgs(): string[] {
    this.advance();
    const args: string[] = [];
    if (this.isPunct(')')) {
      this.advance();
      return args;
    }
    for (;;) {
      const t = this.tok;
      if (t.kind === 'word' && !t.keyword) {
        this.advance();
        if (this.isPunct('=')) {
          this.advance();
          args.push(`${t.text} = ${this.parseConstant('An annotation parameter value')}`);
        } else {
          args.push(t.text);
        }
      } else {
        args.push(this.parseConstant('An annotation parameter'));
      }
      if (this.isPunct(',')) {
        this.advance();
        continue;
      }
      if (this.isPunct(')')) {
        this.advance();
        return args;
      }
      this.fail(this.tok, `Expected ',' or ')' in the annotation parameters, found ${this.describe()}`);
    }
  }

  /** A literal as the source shows it (default values and annotation arguments must be literals). */
  private parseConstant(what: string): string {
    const t = this.tok;
    if (this.isPunct('-') || this.isPunct('+')) {
      this.advance();
      const n = this.tok;
      if (n.kind !== 'number') this.fail(n, `Expected a number after '${t.text}', found ${this.describe(n)}`);
      this.advance();
      return t.text + n.text;
    }
    if (t.kind === 'number') {
      this.advance();
      return t.text;
    }
    if (t.kind === 'date') {
      this.advance();
      return `'${t.text}'`;
    }
    if (t.kind === 'string') {
      const parts: string[] = [];
      while (this.tok.kind === 'string') parts.push(`"${this.advance().text.replace(/"/g, '""')}"`);
      return parts.join(' ');
    }
    const constants: Keyword[] = ['True', 'False', 'Undefined', 'Null'];
    if (t.keyword && constants.includes(t.keyword)) {
      this.advance();
      return t.text;
    }
    this.fail(t, `${what} must be a constant (a number, string, date, Истина, Ложь, Неопределено or Null), found ${this.describe(t)}`);
  }

  private parseMethod(annotations: string[]): void {
    const start = this.tok;
    const isAsync = this.isKw('Async');
    if (isAsync) {
      this.advance();
      if (!this.isKw('Procedure') && !this.isKw('Function')) {
        this.fail(this.tok, `Expected Процедура or Функция after '${start.text}', found ${this.describe()}`);
      }
    }
    const kwTok = this.advance();
    const isFunction = kwTok.keyword === 'Function';
    let info: ProcedureInfo | undefined;
    try {
      const nameTok = this.expectName(`the name of the ${isFunction ? 'function' : 'procedure'}`);
      this.expectPunct('(', `after the name ${nameTok.text}`);
      const paramDetails = this.parseParams();
      const exported = this.isKw('Export');
      if (exported) this.advance();
      info = {
        name: nameTok.text,
        kind: isFunction ? 'function' : 'procedure',
        exported,
        params: paramDetails.map((p) => p.name),
        line: start.line,
        annotations,
        column: start.column,
        async: isAsync,
        paramDetails,
      };
      const seen = this.procedures.get(info.name.toLowerCase());
      if (seen) this.report(nameTok, `Procedure or function '${info.name}' is already defined at line ${seen.line}`);
      else this.procedures.set(info.name.toLowerCase(), info);
      this.method = { info, opener: kwTok };
      this.methodName = info.name;
      this.asyncMethod = isAsync;
      this.blocks = [{ kind: 'Method', opener: kwTok, name: info.name }];
      this.loopDepth = 0;

      const scope = new Map<string, VariableInfo>();
      for (const p of paramDetails) scope.set(p.name.toLowerCase(), { name: p.name, exported: false, annotations: [], line: start.line, column: 0 });
      const locals: VariableInfo[] = [];
      while (this.isKw('Var')) {
        for (const v of this.parseVarDecl(false, [])) {
          this.declare(scope, v.name, v, 'Variable');
          locals.push(v);
        }
      }
      const body = this.parseStatements();
      const end = this.tok;
      const right: Keyword = isFunction ? 'EndFunction' : 'EndProcedure';
      if (this.isKw('EndProcedure') || this.isKw('EndFunction')) {
        if (end.keyword !== right) {
          this.report(end, `'${end.text}' cannot close ${kwTok.text} '${info.name}' (line ${kwTok.line}): expected ${kwText(right, isLatin(kwTok.text))}`);
        }
        this.advance();
      } else {
        this.closerMismatch(this.blocks[0]!, right);
      }
      this.closeLabelScope();
      this.methods.push({ info, locals, body, line: start.line, column: start.column, endLine: end.line });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.errors.push({ message: e.message, line: e.line, column: e.column });
      this.skipToMethodEnd();
      this.labels = new Map();
      this.gotos = [];
      if (info) this.methods.push({ info, locals: [], body: [], line: start.line, column: start.column, endLine: this.prev.line });
    } finally {
      this.method = undefined;
      this.methodName = undefined;
      this.asyncMethod = false;
      this.blocks = [];
      this.loopDepth = 0;
    }
  }

  /** `(Знач А, Б = Неопределено, В = 30)` */
  private parseParams(): ParamInfo[] {
    const params: ParamInfo[] = [];
    const seen = new Set<string>();
    if (this.isPunct(')')) {
      this.advance();
      return params;
    }
    for (;;) {
      const byVal = this.isKw('Val');
      if (byVal) this.advance();
      const name = this.expectName('a parameter name');
      if (seen.has(name.text.toLowerCase())) this.report(name, `Parameter '${name.text}' is declared twice`);
      seen.add(name.text.toLowerCase());
      const param: ParamInfo = { name: name.text, byVal };
      if (this.isPunct('=')) {
        this.advance();
        param.defaultValue = this.parseConstant('A default parameter value');
      }
      params.push(param);
      if (this.isPunct(',')) {
        this.advance();
        continue;
      }
      if (this.isPunct(')')) {
        this.advance();
        return params;
      }
      this.fail(this.tok, `Expected ',' or ')' in the parameter list, found ${this.describe()}`);
    }
  }

  /** After an error: on to this method's end keyword, or to the start of the next method. */
  private skipToMethodEnd(): void {
    while (!this.atEof()) {
      if (this.isKw('EndProcedure') || this.isKw('EndFunction')) {
        this.advance();
        return;
      }
      if (this.isKw('Procedure') || this.isKw('Function') || this.isKw('Async') || this.atAnnotation()) return;
      this.advance();
    }
  }
}
