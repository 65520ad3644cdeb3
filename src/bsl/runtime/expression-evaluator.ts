/**
 * Evaluates expressions of one module instance, and reads and writes its variables. Every
 * evaluation is async (a BSL call may make a real HTTP request), except expressions built only of
 * literals, variables and operators, which are computed in place; `Interpreter` adds statements.
 */
import type { Argument, CallExpression, Expression, MethodNode } from '../parser/index.js';
import { NotImplemented } from './catalogue-check.js';
import { lower } from './class-def.js';
import { REQUIRED } from './compiled-module.js';
import { bslAdd, bslCompare, bslDivide, bslEquals, bslModulo, bslMultiply, bslNegate, bslSubtract, toNumber } from './convert.js';
import { BslError, BslRuntimeError, MemberNotFound, WrongArgumentCount } from './errors.js';
import { ArgContext, type ArgSlot, ASYNC, type Cell, type Frame, isPure, literal, noWriteBack, toText } from './evaluation-support.js';
import type { BslObject, CallContext, ConstructorDef, GlobalFunctionDef } from './host-api.js';
import type { ModuleInstance } from './module-instance.js';
import { BslDate, type BslValue, Decimal, isObject } from './values.js';

export class ExpressionEvaluator {
  constructor(readonly frame: Frame) {}

  protected get module(): ModuleInstance {
    return this.frame.module;
  }

  /** Wraps a host or library error with this position. */
  fail(e: unknown, at: { line: number; column: number }, context?: string): never {
    if (e instanceof BslRuntimeError) throw e;
    if (e instanceof NotImplemented) throw this.error(e.message, at, false, true);
    if (e instanceof BslError || e instanceof RangeError) {
      const text = e instanceof BslError || /^Недопустимое/.test(e.message) ? e.message : `Недопустимое значение (${e.message})`;
      const catalogue = e instanceof MemberNotFound || e instanceof WrongArgumentCount;
      throw new BslRuntimeError(
        context && !catalogue ? `Ошибка при вызове метода контекста (${context}): ${text}` : text,
        { module: this.module.compiled.name, line: at.line, column: at.column },
        { category: e instanceof BslError ? e.category : undefined, catalogue },
      );
    }
    throw e;
  }

  error(message: string, at: { line: number; column: number }, catalogue = false, fatal = false): BslRuntimeError {
    return new BslRuntimeError(message, { module: this.module.compiled.name, line: at.line, column: at.column }, { catalogue, fatal });
  }

  // ---------- variables ----------

  /** A local, parameter or module variable; with `create`, an unknown name becomes a local. */
  variableCell(name: string, create: boolean): Cell | undefined {
    const key = lower(name);
    const local = this.frame.locals.get(key);
    if (local) return local;
    const mv = this.module.vars.get(key);
    if (mv) return mv;
    if (!create) return undefined;
    const cell: Cell = { value: undefined };
    this.frame.locals.set(key, cell);
    return cell;
  }

  protected async assign(target: Expression, value: BslValue): Promise<void> {
    if (target.type === 'Identifier') {
      const cell = this.variableCell(target.name, false);
      if (cell) {
        cell.value = value;
        return;
      }
      const owner = this.module.owner;
      if (owner?.hasProperty?.(target.name)) {
        try {
          await owner.setProperty(target.name, value, this.context());
        } catch (e) {
          this.fail(e, target);
        }
        return;
      }
      this.variableCell(target.name, true)!.value = value;
      return;
    }
    if (target.type === 'Member') {
      const obj = await this.eval(target.object);
      if (!isObject(obj)) throw this.error(`Поле объекта не обнаружено (${target.name})`, target);
      try {
        await obj.setProperty(target.name, value, this.context());
      } catch (e) {
        this.fail(e, target);
      }
      return;
    }
    if (target.type === 'Index') {
      const obj = await this.eval(target.object);
      const key = await this.eval(target.index);
      await this.setIndexed(obj, key, value, target);
      return;
    }
    throw this.error('Присваивание недопустимо', target);
  }

  protected async setIndexed(obj: BslValue, key: BslValue, value: BslValue, at: Expression): Promise<void> {
    if (!isObject(obj)) throw this.error('Получение элемента по индексу для значения не определено', at);
    try {
      if (obj.setIndexed) await obj.setIndexed(key, value, this.context());
      else if (typeof key === 'string') await obj.setProperty(key, value, this.context());
      else throw new BslError('Получение элемента по индексу для значения не определено');
    } catch (e) {
      this.fail(e, at);
    }
  }

  // ---------- expressions ----------

  /** A condition must be Булево (a number converts: non-zero is Истина), as in 1C. */
  protected async condition(e: Expression): Promise<boolean> {
    const fast = this.sync(e);
    const v = fast !== ASYNC ? fast : await this.eval(e);
    if (typeof v === 'boolean') return v;
    if (v instanceof Decimal) return !v.isZero();
    throw this.error('Преобразование значения к типу Булево не может быть выполнено', e);
  }

  protected asNumber(v: BslValue, at: { line: number; column: number }): Decimal {
    try {
      return toNumber(v);
    } catch (e) {
      this.fail(e, at);
    }
  }

  /**
   * The value of an expression that needs no await (literals, local variables and operators
   * over them), or ASYNC. Most of a loop body is such arithmetic; skipping the promise per
   * node makes it several times faster.
   */
  protected sync(e: Expression): BslValue | typeof ASYNC {
    if (!isPure(e)) return ASYNC;
    switch (e.type) {
      case 'Number':
        return literal(e);
      case 'String':
      case 'Boolean':
        return e.value;
      case 'Undefined':
        return undefined;
      case 'Null':
        return null;
      case 'Paren':
        return this.sync(e.expression);
      case 'Identifier': {
        const cell = this.variableCell(e.name, false);
        return cell ? cell.value : ASYNC;
      }
      case 'Unary': {
        const v = this.sync(e.operand);
        if (v === ASYNC) return ASYNC;
        try {
          if (e.operator === '-') return bslNegate(v);
          if (e.operator === '+') return toNumber(v);
          if (typeof v === 'boolean') return !v;
          if (v instanceof Decimal) return v.isZero();
        } catch (err) {
          this.fail(err, e);
        }
        return ASYNC;
      }
      case 'Binary': {
        const a = this.sync(e.left);
        if (a === ASYNC) return ASYNC;
        if (e.operator === 'And' || e.operator === 'Or') {
          if (typeof a !== 'boolean') return ASYNC;
          if (e.operator === 'And' ? !a : a) return a;
          const b = this.sync(e.right);
          return typeof b === 'boolean' ? b : ASYNC;
        }
        const b = this.sync(e.right);
        if (b === ASYNC) return ASYNC;
        return this.binary(e, a, b);
      }
      case 'Call':
        return this.syncCall(e);
      default:
        return ASYNC;
    }
  }

  /** A pure library function called by bare name, when nothing closer defines that name. */
  protected syncCall(e: CallExpression): BslValue | typeof ASYNC {
    const name = (e.callee as { name: string }).name;
    const module = this.module;
    if (module.compiled.methods.get(name) || module.extended) return ASYNC;
    const owner = module.owner;
    if (owner && (!owner.hasMethod || owner.hasMethod(name))) return ASYNC;
    let def: GlobalFunctionDef | undefined;
    try {
      def = module.runtime.globalFunction(name);
    } catch {
      return ASYNC;
    }
    if (!def?.pure || e.args.length < def.min || e.args.length > def.max) return ASYNC;
    const args: BslValue[] = [];
    for (const a of e.args) {
      const v = this.sync(a!);
      if (v === ASYNC) return ASYNC;
      args.push(v);
    }
    try {
      return def.call(args, this.context()) as BslValue;
    } catch (err) {
      this.fail(err, e, name);
    }
  }

  async eval(e: Expression): Promise<BslValue> {
    const fast = this.sync(e);
    if (fast !== ASYNC) return fast;
    switch (e.type) {
      case 'Number':
        return literal(e);
      case 'String':
        return e.value;
      case 'Boolean':
        return e.value;
      case 'Undefined':
        return undefined;
      case 'Null':
        return null;
      case 'Date':
        try {
          return BslDate.parseLiteral(e.raw);
        } catch (err) {
          return this.fail(err, e);
        }
      case 'Paren':
        return this.eval(e.expression);
      case 'Identifier':
        return this.readName(e);
      case 'Member': {
        const obj = await this.eval(e.object);
        if (!isObject(obj)) throw this.error(`Поле объекта не обнаружено (${e.name})`, e);
        try {
          return await obj.getProperty(e.name, this.context());
        } catch (err) {
          return this.fail(err, e);
        }
      }
      case 'Index': {
        const obj = await this.eval(e.object);
        const key = await this.eval(e.index);
        if (!isObject(obj)) throw this.error('Получение элемента по индексу для значения не определено', e);
        try {
          if (obj.getIndexed) return await obj.getIndexed(key, this.context());
          if (typeof key === 'string') return await obj.getProperty(key, this.context());
          throw new BslError('Получение элемента по индексу для значения не определено');
        } catch (err) {
          return this.fail(err, e);
        }
      }
      case 'Call':
        return this.evalCall(e, false);
      case 'New':
        return this.evalNew(e);
      case 'Ternary':
        return (await this.condition(e.condition)) ? this.eval(e.whenTrue) : this.eval(e.whenFalse);
      case 'Unary': {
        const v = await this.eval(e.operand);
        try {
          if (e.operator === 'Not') {
            if (typeof v === 'boolean') return !v;
            if (v instanceof Decimal) return v.isZero();
            throw new BslError('Преобразование значения к типу Булево не может быть выполнено');
          }
          if (e.operator === '-') return bslNegate(v);
          if (e.operator === '+') return toNumber(v);
        } catch (err) {
          this.fail(err, e);
        }
        throw this.error('Ждать не поддерживается', e);
      }
      case 'Binary':
        return this.evalBinary(e);
    }
  }

  protected async evalBinary(e: Extract<Expression, { type: 'Binary' }>): Promise<BslValue> {
    if (e.operator === 'And') return (await this.condition(e.left)) && this.condition(e.right);
    if (e.operator === 'Or') return (await this.condition(e.left)) || this.condition(e.right);
    const a = await this.eval(e.left);
    const b = await this.eval(e.right);
    return this.binary(e, a, b);
  }

  protected binary(e: Extract<Expression, { type: 'Binary' }>, a: BslValue, b: BslValue): BslValue {
    try {
      switch (e.operator) {
        case '=':
          return bslEquals(a, b);
        case '<>':
          return !bslEquals(a, b);
        case '<':
          return bslCompare(a, b) < 0;
        case '>':
          return bslCompare(a, b) > 0;
        case '<=':
          return bslCompare(a, b) <= 0;
        case '>=':
          return bslCompare(a, b) >= 0;
        case '+':
          return bslAdd(a, b);
        case '-':
          return bslSubtract(a, b);
        case '*':
          return bslMultiply(a, b);
        case '/':
          return bslDivide(a, b);
        case '%':
          return bslModulo(a, b);
        default:
          throw new BslError(`Операция не поддерживается (${e.operator})`);
      }
    } catch (err) {
      this.fail(err, e);
    }
  }

  protected async readName(e: Extract<Expression, { type: 'Identifier' }>): Promise<BslValue> {
    const cell = this.variableCell(e.name, false);
    if (cell) return cell.value;
    const found = await this.module.resolveName(e.name, this.context());
    if (found.found) return found.value;
    throw this.error(`Переменная не определена (${e.name})`, e, true, true);
  }

  protected plainContext?: CallContext;

  /** The context of a host call; with `slots`, writeBack reaches the caller's arguments. */
  context(slots?: ArgSlot[]): CallContext {
    if (!slots) {
      this.plainContext ??= { runtime: this.module.runtime, writeBack: noWriteBack };
      return this.plainContext;
    }
    return new ArgContext(this.module.runtime, slots);
  }

  /** Arguments with what is needed to write them back (1C passes by reference). */
  protected async evalArgs(args: Argument[]): Promise<ArgSlot[]> {
    const out: ArgSlot[] = [];
    for (const a of args) {
      if (a === null) {
        out.push({ value: undefined, omitted: true });
        continue;
      }
      if (a.type === 'Identifier') {
        const cell = this.variableCell(a.name, false);
        if (cell) {
          out.push({ value: cell.value, cell });
          continue;
        }
        const found = await this.module.resolveName(a.name, this.context());
        if (!found.found) {
          // A name first seen as an argument declares a local (1C compiles
          // `Структура.Свойство("Ключ", Значение)` without an earlier `Значение = …`).
          const local = this.variableCell(a.name, true)!;
          out.push({ value: undefined, cell: local });
          continue;
        }
        const owner = this.module.owner ?? this.module.extended?.owner;
        out.push({ value: found.value, write: owner?.hasProperty?.(a.name) ? (v) => owner.setProperty(a.name, v, this.context()) : undefined });
        continue;
      }
      if (a.type === 'Member') {
        const obj = await this.eval(a.object);
        if (!isObject(obj)) throw this.error(`Поле объекта не обнаружено (${a.name})`, a);
        let value: BslValue;
        try {
          value = await obj.getProperty(a.name, this.context());
        } catch (err) {
          this.fail(err, a);
        }
        out.push({ value, write: (v) => obj.setProperty(a.name, v, this.context()) });
        continue;
      }
      if (a.type === 'Index') {
        const obj = await this.eval(a.object);
        const key = await this.eval(a.index);
        let v: BslValue;
        try {
          v =
            isObject(obj) && obj.getIndexed
              ? await obj.getIndexed(key, this.context())
              : isObject(obj) && typeof key === 'string'
                ? await obj.getProperty(key, this.context())
                : undefined;
        } catch (err) {
          this.fail(err, a);
        }
        out.push({ value: v, write: (nv) => this.setIndexed(obj, key, nv, a) });
        continue;
      }
      out.push({ value: await this.eval(a) });
    }
    return out;
  }

  protected async evalCall(call: CallExpression, statement: boolean): Promise<BslValue> {
    const callee = call.callee;
    if (callee.type === 'Member') {
      const obj = await this.eval(callee.object);
      const slots = await this.evalArgs(call.args);
      if (!isObject(obj)) throw this.error(`Метод объекта не обнаружен (${callee.name})`, callee, true);
      return this.callObjectMethod(obj, callee.name, slots, callee);
    }
    if (callee.type !== 'Identifier') throw this.error('Вызов недопустим', call);
    const name = callee.name;
    const slots = await this.evalArgs(call.args);
    const result = await this.module.callUnqualified(this, name, slots, call, statement);
    return result;
  }

  async callObjectMethod(obj: BslObject, name: string, slots: ArgSlot[], at: { line: number; column: number }): Promise<BslValue> {
    const bsl = (obj as { bslModule?: ModuleInstance }).bslModule;
    if (bsl) return bsl.callExported(name, slots, at, this);
    try {
      return await obj.callMethod(
        name,
        slots.map((s) => s.value),
        this.context(slots),
      );
    } catch (err) {
      this.fail(err, at, name);
    }
  }

  protected async evalNew(e: Extract<Expression, { type: 'New' }>): Promise<BslValue> {
    let typeName = e.typeName;
    let args: BslValue[];
    if (typeName === undefined) {
      // Новый("Тип", МассивПараметров)
      const all = await Promise.all((e.args ?? []).map((a) => (a ? this.eval(a) : undefined)));
      typeName = toText(all[0]);
      const params = all[1];
      args = [];
      if (isObject(params) && params.iterate) {
        for await (const v of params.iterate(this.context())) args.push(v);
      }
    } else {
      args = (await this.evalArgs(e.args ?? [])).map((s) => s.value);
    }
    let def: ConstructorDef | undefined;
    try {
      def = this.module.runtime.typeDef(typeName);
    } catch (err) {
      this.fail(err, e);
    }
    if (!def) throw this.error(`Тип не определен (${typeName})`, e, true);
    if (args.length < def.min || args.length > def.max) {
      throw this.error(new WrongArgumentCount(typeName, args.length, def.min, def.max).message, e, true);
    }
    try {
      return await def.construct(args, this.context());
    } catch (err) {
      this.fail(err, e);
    }
  }

  /** Binds arguments to a BSL method's parameters and runs it. */
  async invokeMethod(
    module: ModuleInstance,
    method: MethodNode,
    slots: ArgSlot[],
    at: { line: number; column: number },
    proceed?: Frame['proceed'],
  ): Promise<BslValue> {
    const params = method.info.paramDetails;
    if (slots.length > params.length) {
      throw this.error(`Слишком много фактических параметров (${method.info.name})`, at, true);
    }
    const defaults = module.compiled.defaults.get(method)!;
    const locals = new Map<string, Cell>();
    let writeBacks: Array<() => unknown> | undefined;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const s = slots[i];
      let cell: Cell;
      if (!s || s.omitted) {
        const d = defaults[i];
        if (d === REQUIRED) {
          if (!s) throw this.error(`Недостаточно фактических параметров (${method.info.name})`, at, true);
          cell = { value: undefined };
        } else cell = { value: d as BslValue };
      } else if (p.byVal) {
        cell = { value: s.value };
      } else if (s.cell) {
        cell = s.cell;
      } else {
        cell = { value: s.value };
        // A property passed by reference is written back only when the method assigned it.
        if (s.write) {
          const w = s.write;
          const c = cell;
          const before = s.value;
          writeBacks ??= [];
          writeBacks.push(() => (c.value !== before ? w(c.value) : undefined));
        }
      }
      locals.set(p.name.toLowerCase(), cell);
    }
    const result = await module.run(method, locals, proceed);
    if (writeBacks) for (const w of writeBacks) await w();
    return result;
  }
}
