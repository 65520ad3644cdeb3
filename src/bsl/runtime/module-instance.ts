/**
 * One live module: its module variables, the object it belongs to (an object module's
 * `ЭтотОбъект`), the extension modules attached to it, and name resolution for calls.
 */
import type { MethodNode } from '../parser/index.js';
import { lower } from './class-def.js';
import { BslCompileError, type CompiledModule, type ExtensionBinding } from './compiled-module.js';
import { toBslString } from './convert.js';
import { ErrorInfo, errorDescription } from './error-info.js';
import { BslRuntimeError, MemberNotFound } from './errors.js';
import type { ExpressionEvaluator } from './expression-evaluator.js';
import type { BslObject, CallContext, GlobalFunctionDef, TypeName } from './host-api.js';
import { type ArgSlot, type Cell, type Frame, Interpreter } from './interpreter.js';
import type { RuntimeScope } from './module-scope.js';
import { Ref } from './ref.js';
import type { BslValue } from './values.js';

type Slot = ArgSlot;
interface At {
  line: number;
  column: number;
}

interface Wrapped {
  before: Array<{ ext: ModuleInstance; method: MethodNode }>;
  instead?: { ext: ModuleInstance; method: MethodNode };
  after: Array<{ ext: ModuleInstance; method: MethodNode }>;
}

/**
 * Global functions the interpreter answers itself (they need the calling frame or the error
 * being handled), so they are not library definitions; the coverage test lists them.
 */
export const INTERPRETER_FUNCTIONS: readonly string[] = ['ОписаниеОшибки', 'ИнформацияОбОшибке', 'ПродолжитьВызов', 'Вычислить'];

export class ModuleInstance {
  readonly vars = new Map<string, Cell>();
  private readonly wrapped = new Map<string, Wrapped>();
  /** For an extension module: the module it extends (its methods are callable unqualified). */
  extended?: ModuleInstance;

  constructor(
    readonly runtime: RuntimeScope,
    readonly compiled: CompiledModule,
    readonly owner?: BslObject,
  ) {
    for (const v of compiled.parsed.variables) this.vars.set(v.name.toLowerCase(), { value: undefined });
  }

  /** Attaches an extension module's `&Перед/&После/&Вместо` methods to this module's methods. */
  attach(ext: ModuleInstance): void {
    ext.extended = this;
    const missing = ext.compiled.extensions.filter((b) => !this.compiled.methods.get(b.target));
    if (missing.length > 0) {
      throw new BslCompileError(
        ext.compiled.name,
        missing.map((b: ExtensionBinding) => ({
          message: `Метод не найден в расширяемом модуле (${b.target})`,
          line: b.method.line,
          column: b.method.column,
        })),
      );
    }
    for (const b of ext.compiled.extensions) {
      const key = b.target.toLowerCase();
      const w = this.wrapped.get(key) ?? { before: [], after: [] };
      if (b.kind === 'before') w.before.push({ ext, method: b.method });
      else if (b.kind === 'after') w.after.push({ ext, method: b.method });
      else w.instead = { ext, method: b.method };
      this.wrapped.set(key, w);
    }
  }

  /** Runs the module body (object modules' statements after the procedures). */
  async init(): Promise<void> {
    if (this.compiled.parsed.body.length === 0) return;
    const interp = new Interpreter({ module: this, locals: new Map() });
    await interp.execBlock(this.compiled.parsed.body);
  }

  /** True when the module (or an extension of it) defines `name`. */
  has(name: string): boolean {
    return this.compiled.methods.get(name) !== undefined;
  }

  /**
   * Calls a method from the host: `Ref` arguments are by-reference variables, anything else
   * a value. Extensions attached to the method run around it.
   */
  async call(name: string, args: Array<BslValue | Ref> = []): Promise<BslValue> {
    const slots: Slot[] = args.map((a) => (a instanceof Ref ? { value: a.value, cell: a } : { value: a }));
    const interp = new Interpreter({ module: this, locals: new Map() });
    const at = { line: 0, column: 0 };
    if (!this.compiled.methods.get(name)) {
      throw new BslRuntimeError(`Метод объекта не обнаружен (${name})`, { module: this.compiled.name, line: 0, column: 0 }, { catalogue: true });
    }
    return this.invoke(interp, name, slots, at);
  }

  /** `Модуль.Метод(...)` on a common module: the method must be exported. */
  async callExported(name: string, slots: Slot[], at: At, caller: ExpressionEvaluator): Promise<BslValue> {
    const m = this.compiled.methods.get(name);
    if (!m?.info.exported) throw caller.error(`Метод объекта не обнаружен (${name})`, at, true, true);
    return this.invoke(caller, name, slots, at);
  }

  /** A method of this module with its extensions around it. */
  private async invoke(interp: ExpressionEvaluator, name: string, slots: Slot[], at: At): Promise<BslValue> {
    const own = this.compiled.methods.get(name)!;
    const w = this.wrapped.get(name.toLowerCase());
    if (!w) return interp.invokeMethod(this, own, slots, at);
    for (const b of w.before) await interp.invokeMethod(b.ext, b.method, slots, at);
    let result: BslValue;
    if (w.instead) {
      const proceed = (cells: Cell[]): Promise<BslValue> =>
        interp.invokeMethod(
          this,
          own,
          cells.map((c) => ({ value: c.value, cell: c })),
          at,
        );
      result = await interp.invokeMethod(w.instead.ext, w.instead.method, slots, at, proceed);
    } else {
      result = await interp.invokeMethod(this, own, slots, at);
    }
    for (const b of w.after) await interp.invokeMethod(b.ext, b.method, slots, at);
    return result;
  }

  /** Executes a method body in a new frame. */
  async run(method: MethodNode, locals: Map<string, Cell>, proceed?: Frame['proceed']): Promise<BslValue> {
    for (const v of method.locals) if (!locals.has(v.name.toLowerCase())) locals.set(v.name.toLowerCase(), { value: undefined });
    const interp = new Interpreter({ module: this, locals, method, proceed });
    const s = await interp.execBlock(method.body);
    return s && s.kind === 'return' ? s.value : undefined;
  }

  /** A bare name that is not a variable: ЭтотОбъект, the owner's property, a global property. */
  async resolveName(name: string, ctx: CallContext): Promise<{ found: boolean; value?: BslValue }> {
    const lower = name.toLowerCase();
    const owner = this.owner ?? this.extended?.owner;
    if (owner) {
      if (lower === 'этотобъект' || lower === 'thisobject') return { found: true, value: owner };
      if (owner.hasProperty?.(name)) return { found: true, value: await owner.getProperty(name, ctx) };
    }
    if (this.extended) {
      const v = this.extended.vars.get(lower);
      if (v) return { found: true, value: v.value };
    }
    return this.runtime.globalProperty(name, ctx);
  }

  /** `Имя(...)`: this module, the extended module, the error intrinsics, the owner, the global context. */
  async callUnqualified(interp: ExpressionEvaluator, name: string, slots: Slot[], at: At, statement: boolean): Promise<BslValue> {
    const own = this.compiled.methods.get(name);
    if (own) {
      if (!statement && own.info.kind === 'procedure') throw interp.error(`Использование процедуры как функции (${name})`, at, true, true);
      return this.invoke(interp, name, slots, at);
    }
    if (this.extended?.compiled.methods.get(name)) return this.extended.invoke(interp, name, slots, at);
    const lowerName = lower(name);
    switch (lowerName) {
      case 'описаниеошибки':
      case 'errordescription': {
        const handling = this.runtime.handling.at(-1);
        return handling ? errorDescription(handling) : '';
      }
      case 'информацияобошибке':
      case 'errorinfo': {
        const handling = this.runtime.handling.at(-1);
        return handling ? new ErrorInfo(handling) : undefined;
      }
      case 'вычислить':
      case 'eval': {
        if (slots.length !== 1) throw interp.error(`${slots.length > 1 ? 'Слишком много' : 'Недостаточно'} фактических параметров (${name})`, at, true, true);
        return interp.evaluateText(toBslString(slots[0]!.value), at);
      }
      case 'продолжитьвызов':
      case 'proceedwithcall': {
        const proceed = interp.frame.proceed;
        if (!proceed) throw interp.error('ПродолжитьВызов допустим только в методе с аннотацией &Вместо', at, true, true);
        return proceed(slots.map((s) => s.cell ?? { value: s.value }));
      }
      default:
        break;
    }
    const owner = this.owner ?? this.extended?.owner;
    let global: GlobalFunctionDef | undefined;
    try {
      global = this.runtime.globalFunction(name);
    } catch (e) {
      interp.fail(e, at);
    }
    if (owner && (!global || ownerHasMethod(owner, name))) {
      try {
        return await owner.callMethod(
          name,
          slots.map((s) => s.value),
          interp.context(slots),
        );
      } catch (e) {
        if (!(e instanceof MemberNotFound) || lower(e.member) !== lowerName || global) interp.fail(e, at, name);
      }
    }
    if (!global) throw interp.error(`Процедура или функция с указанным именем не определена (${name})`, at, true, true);
    if (slots.length < global.min || slots.length > global.max) {
      const msg = slots.length > global.max ? 'Слишком много фактических параметров' : 'Недостаточно фактических параметров';
      throw interp.error(`${msg} (${name})`, at, true, true);
    }
    try {
      return await global.call(
        slots.map((s) => s.value),
        interp.context(slots),
      );
    } catch (e) {
      interp.fail(e, at, name);
    }
  }
}

function ownerHasMethod(owner: BslObject, name: string): boolean {
  return owner.hasMethod ? owner.hasMethod(name) : false;
}

/** A common module as a value: `СинхронизацияERP.ЗарегистрироватьИзменение(...)`. */
export class CommonModuleObject implements BslObject {
  readonly bslType: TypeName = { ru: 'ОбщийМодуль', en: 'CommonModule' };

  constructor(readonly bslModule: ModuleInstance) {}

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property');
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property');
  }

  callMethod(name: string, args: BslValue[]): Promise<BslValue> {
    return this.bslModule.call(name, args);
  }

  presentation(): string {
    return toBslString(this.bslModule.compiled.name);
  }
}
