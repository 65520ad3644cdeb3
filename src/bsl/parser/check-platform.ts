/**
 * The platform-API check of one parsed module against the platform catalogue: what 1C would
 * reject at compile time or at the first run of the line, and nothing that depends on values
 * only known at run time.
 *
 * - `Новый T(...)`: T must be a platform type and, where the catalogue lists its constructors,
 *   get an argument count one of them takes.
 * - `Ф(...)` naming a global-context function: its argument count. Given the configuration's
 *   procedures (`procedures`, the folder check), every call is resolved here — own procedure,
 *   global module's export, platform function, method of the module's object or form — and an
 *   unresolved one is reported (an error or a warning, as `procedures.unknownNames` says); else
 *   unknown names are `check-module.ts`'s business.
 * - `П.М(...)` where the type of `П` is known without running the code: a local variable
 *   assigned only from `Новый T` (all assignments in the method, the same T), a `Новый T`
 *   itself, or a global property whose type the catalogue describes. The method must be one of
 *   T's, with a fitting argument count. A receiver of any other kind is not checked.
 * - `Перечисление.Значение` of a system enumeration (not shadowed by a variable): the value
 *   must exist.
 * - With a target platform version: names that version lacks (see platform/versions.ts) are
 *   warnings, because code may guard them with a run-time version check.
 */
import { type Arity, isAvailableIn, platformCatalogue, type TypeInfo, versionGate } from '../platform/index.js';
import type { Argument, Expression, MethodNode, ParsedModule, Statement } from './ast.js';
import { gatedMethodByName } from './gated-methods.js';
import { isGlobalFunction } from './global-functions.js';
import { type Known, localTypes } from './local-types.js';
import { emptyStats, type PlatformCheckOptions, type PlatformCheckStats, type PlatformFinding } from './platform-check-options.js';
import { usageProblem } from './usage-problem.js';

export function checkPlatformApi(module: ParsedModule, options: PlatformCheckOptions = {}): PlatformFinding[] {
  const checker = new PlatformChecker(module, options);
  for (const method of module.methods) checker.checkMethod(method);
  checker.checkBody(module.body);
  return checker.findings;
}

/**
 * Enumerations whose values a configuration adds to (its common pictures and style items): the
 * catalogue has only the platform's own.
 */
const CONFIGURATION_EXTENDED = new Set(['БиблиотекаКартинок', 'ЦветаСтиля', 'ШрифтыСтиля', 'РамкиСтиля']);

class PlatformChecker {
  readonly findings: PlatformFinding[] = [];
  private readonly catalogue = platformCatalogue();
  private readonly stats: PlatformCheckStats;
  private readonly moduleVariables: Set<string>;
  private scope = new Map<string, Known>();

  constructor(
    module: ParsedModule,
    private readonly options: PlatformCheckOptions,
  ) {
    this.stats = options.stats ?? emptyStats();
    this.moduleVariables = new Set(module.variables.map((v) => v.name.toLowerCase()));
  }

  checkMethod(method: MethodNode): void {
    this.scope = localTypes(method, this.moduleVariables, this.catalogue);
    this.walkStatements(method.body);
  }

  checkBody(body: Statement[]): void {
    this.scope = new Map();
    this.walkStatements(body);
  }

  /** The type of a receiver, when it is known without running the code. */
  private receiverType(e: Expression): { type: TypeInfo; origin: string } | undefined {
    if (e.type === 'New' && e.typeName) {
      const type = this.catalogue.type(e.typeName);
      return type ? { type, origin: `Новый ${type.name}` } : undefined;
    }
    if (e.type !== 'Identifier') return undefined;
    const key = e.name.toLowerCase();
    const local = this.scope.get(key);
    if (local) return local.kind === 'type' ? local : undefined;
    if (this.moduleVariables.has(key) || this.options.shadowing?.has(key)) return undefined;
    // A global property whose value's type the catalogue describes by the same name
    // (ФабрикаXDTO, СериализаторXDTO).
    const property = this.catalogue.globalProperty(e.name);
    const type = property && this.catalogue.type(property.name);
    return type && type.methods.length > 0 ? { type, origin: `the global property ${property.name}` } : undefined;
  }

  // ---- the walk ----

  private walkStatements(list: Statement[]): void {
    for (const st of list) {
      switch (st.type) {
        case 'Assign':
          this.walk(st.target);
          this.walk(st.value);
          break;
        case 'Call':
          this.walkCall(st.call, true);
          break;
        case 'If':
          for (const b of st.branches) {
            this.walk(b.condition);
            this.walkStatements(b.body);
          }
          if (st.elseBody) this.walkStatements(st.elseBody);
          break;
        case 'While':
          this.walk(st.condition);
          this.walkStatements(st.body);
          break;
        case 'For':
          this.walk(st.from);
          this.walk(st.to);
          this.walkStatements(st.body);
          break;
        case 'ForEach':
          this.walk(st.collection);
          this.walkStatements(st.body);
          break;
        case 'Try':
          this.walkStatements(st.body);
          this.walkStatements(st.handler);
          break;
        case 'Return':
          if (st.value) this.walk(st.value);
          break;
        case 'Raise':
          if (st.args) this.walkArgs(st.args);
          else if (st.value) this.walk(st.value);
          break;
        case 'Execute':
          this.walk(st.code);
          break;
        case 'AddHandler':
        case 'RemoveHandler':
          this.walk(st.event);
          this.walk(st.handler);
          break;
        case 'Await':
          this.walk(st.expression);
          break;
        default:
          break;
      }
    }
  }

  private walkArgs(args: Argument[]): void {
    for (const a of args) if (a) this.walk(a);
  }

  private walk(e: Expression): void {
    switch (e.type) {
      case 'New':
        this.checkNew(e);
        if (e.args) this.walkArgs(e.args);
        break;
      case 'Call':
        this.walkCall(e, false);
        break;
      case 'Member':
        this.checkMember(e.object, e.name, e.line, e.column);
        this.walk(e.object);
        break;
      case 'Index':
        this.walk(e.object);
        this.walk(e.index);
        break;
      case 'Ternary':
        this.walk(e.condition);
        this.walk(e.whenTrue);
        this.walk(e.whenFalse);
        break;
      case 'Unary':
        this.walk(e.operand);
        break;
      case 'Binary':
        this.walk(e.left);
        this.walk(e.right);
        break;
      case 'Paren':
        this.walk(e.expression);
        break;
      default:
        break;
    }
  }

  /** The callee's receiver is walked, but the callee itself is a method name, not a member read. */
  private walkCall(e: Extract<Expression, { type: 'Call' }>, statement: boolean): void {
    this.checkCall(e.callee, e.args.length, statement);
    if (e.callee.type === 'Member') this.walk(e.callee.object);
    this.walkArgs(e.args);
  }

  // ---- the checks ----

  private checkNew(e: Extract<Expression, { type: 'New' }>): void {
    if (!e.typeName) return; // Новый("Тип", Параметры): the type is a value
    const type = this.catalogue.type(e.typeName);
    if (!type) {
      // The catalogue gives English names for a few types only (the classes and 90 more), so an
      // English name it lacks cannot be judged; a Russian one it lacks is not a platform type.
      if (/[а-яё]/i.test(e.typeName)) this.error(e, `Unknown type '${e.typeName}': the platform has no such type to create with Новый`);
      return;
    }
    // The catalogue lists the constructors of some types only; for the others it does not say.
    if (!type.constructible) {
      this.versionCheck(type.name, e, `Новый ${type.name}`);
      return;
    }
    this.stats.constructors++;
    const count = e.args?.length ?? 0;
    const problem = arityProblem(count, type.constructorArity, `Новый ${type.name}`);
    if (problem) this.error(e, problem);
    this.versionCheck(type.name, e, `Новый ${type.name}`);
  }

  private checkCall(callee: Expression, argCount: number, statement: boolean): void {
    if (callee.type === 'Identifier') {
      this.checkUnqualified(callee, argCount, statement);
      return;
    }
    if (callee.type !== 'Member') return;
    if (this.checkCommonModuleCall(callee, argCount, statement)) return;
    const receiver = this.receiverType(callee.object);
    if (!receiver) {
      this.versionCheckByMethodName(callee.name, callee);
      return;
    }
    const { type, origin } = receiver;
    // The catalogue lists no methods for some types (managers, ЗащищенноеСоединениеOpenSSL):
    // there it does not describe them, so nothing is claimed.
    if (type.methods.length === 0) return;
    this.stats.methodCalls++;
    const method = type.method(callee.name);
    if (!method) {
      this.error(callee, `${type.name} has no method '${callee.name}' (the receiver is ${origin})`);
      return;
    }
    const problem = arityProblem(argCount, method.arity, `${type.name}.${method.name}`);
    if (problem) this.error(callee, problem);
    this.versionCheck(`${type.name}.${method.name}`, callee, `${type.name}.${method.name}`);
  }

  private checkUnqualified(callee: Extract<Expression, { type: 'Identifier' }>, argCount: number, statement: boolean): void {
    const key = callee.name.toLowerCase();
    const scope = this.options.procedures;
    if (scope) {
      const own = scope.own.get(key);
      const shared = own ? undefined : scope.globalExports.get(key);
      const target = own ?? shared?.procedure;
      if (target) {
        this.stats.procedureCalls++;
        const problem = usageProblem({ argCount, statement }, target, shared ? `${shared.module.name}.${target.name}` : target.name);
        if (problem) this.error(callee, problem);
        return;
      }
    } else if (this.options.shadowing?.has(key)) {
      return; // the module's own procedure or a common module's, checked by checkBsl
    }
    const fn = this.catalogue.globalFunction(callee.name);
    if (!fn) {
      if (!scope || isGlobalFunction(callee.name) || scope.contextMethod(callee.name)) return;
      const other = scope.otherExports.get(key);
      this.findings.push({
        message: other
          ? `'${callee.name}' is exported by common module ${other.name}, which is not global: call it as ${other.name}.${callee.name}(...)`
          : `Procedure or function '${callee.name}' is not defined (not in this module, not exported by a global common module, ` +
            `not a platform global-context method${scope.objectContext ? " nor a method of the module's object or form" : ''}); ` +
            `1C: «Процедура или функция с указанным именем не определена (${callee.name})»`,
        line: callee.line,
        column: callee.column,
        severity: scope.unknownNames,
      });
      return;
    }
    this.stats.globalFunctionCalls++;
    const problem = arityProblem(argCount, fn.arity, fn.name);
    if (problem) this.error(callee, problem);
    this.versionCheck(fn.name, callee, fn.name);
  }

  /** `Модуль.Метод(...)` for a common module of the configuration; true when the receiver is one. */
  private checkCommonModuleCall(callee: Extract<Expression, { type: 'Member' }>, argCount: number, statement: boolean): boolean {
    const scope = this.options.procedures;
    if (!scope || callee.object.type !== 'Identifier') return false;
    const key = callee.object.name.toLowerCase();
    const module = scope.commonModules.get(key);
    if (!module || this.scope.has(key) || this.moduleVariables.has(key)) return false;
    const p = module.procedures.get(callee.name.toLowerCase());
    // In an object's or a form's module the name may be one of its attributes or tabular
    // sections (a catalog's tabular section `Пользователи` beside the common module), which
    // shadow the common module: only a call that the module does have is checked there.
    if (!p && scope.objectContext) return true;
    this.stats.procedureCalls++;
    const problem = !p
      ? `Common module ${module.name} has no procedure or function '${callee.name}'`
      : !p.exported
        ? `'${module.name}.${p.name}' is not exported (add Экспорт to its declaration)`
        : usageProblem({ argCount, statement }, p, `${module.name}.${p.name}`);
    if (problem) this.error(callee, problem);
    return true;
  }

  private checkMember(object: Expression, name: string, line: number, column: number): void {
    if (object.type !== 'Identifier') return;
    const key = object.name.toLowerCase();
    if (this.scope.has(key) || this.moduleVariables.has(key) || this.options.shadowing?.has(key)) return;
    const systemEnum = this.catalogue.systemEnum(object.name);
    if (!systemEnum || systemEnum.values.length === 0 || CONFIGURATION_EXTENDED.has(systemEnum.name)) return;
    this.stats.enumValues++;
    if (!systemEnum.value(name)) {
      this.error({ line, column }, `System enumeration ${systemEnum.name} has no value '${name}'`);
    }
  }

  private versionCheck(name: string, at: { line: number; column: number }, shown: string): void {
    const version = this.options.platformVersion;
    if (version === undefined || isAvailableIn(name, version)) return;
    const gate = versionGate(name)!;
    this.findings.push({
      message:
        `${shown} is not available on platform ${version} (it needs ${gate.minimum} or later: ${gate.note}); ` +
        'fine only where the code checks the platform version first',
      line: at.line,
      column: at.column,
      severity: 'warning',
    });
  }

  /** A gated method whose name no other type has (ЗаписатьПобитовоеИсключительноеИли) is found on any receiver. */
  private versionCheckByMethodName(name: string, at: { line: number; column: number }): void {
    if (this.options.platformVersion === undefined) return;
    const full = gatedMethodByName(name);
    if (full) this.versionCheck(full, at, full);
  }

  private error(at: { line: number; column: number }, message: string): void {
    this.findings.push({ message, line: at.line, column: at.column, severity: 'error' });
  }
}

function arityProblem(count: number, arity: Arity, shown: string): string | undefined {
  if (count > arity.max) return `Too many arguments for ${shown}: ${count} given, it takes at most ${arity.max}`;
  if (count < arity.min) return `Not enough arguments for ${shown}: ${count} given, it needs at least ${arity.min}`;
  return undefined;
}
