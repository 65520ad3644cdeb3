/**
 * Evaluates the operators, literals and variables of one module instance's expressions, and reads
 * and writes its variables. Every evaluation is async (a BSL call may make a real HTTP request),
 * except expressions built only of literals, variables, operators and pure library functions,
 * which are computed in place. Calls and `Новый` are `ExpressionEvaluator`'s; `Interpreter` adds
 * statements.
 */
import type { CallExpression, Expression } from '../parser/index.js';
import { NotImplemented } from './catalogue-check.js';
import { lower } from './class-def.js';
import { bslAdd, bslCompare, bslDivide, bslEquals, bslModulo, bslMultiply, bslNegate, bslSubtract, toNumber } from './convert.js';
import { BslError, BslRuntimeError, MemberNotFound, WrongArgumentCount } from './errors.js';
import { ArgContext, type ArgSlot, ASYNC, type Cell, type Frame, isPure, literal, noWriteBack } from './evaluation-support.js';
import type { CallContext } from './host-api.js';
import type { ModuleScope } from './module-scope.js';
import { BslDate, type BslValue, Decimal, isObject } from './values.js';

export abstract class OperatorEvaluator {
  constructor(readonly frame: Frame) {}

  protected get module(): ModuleScope {
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

  /** A pure library function called by bare name, computed in place; ASYNC when it cannot be. */
  protected abstract syncCall(e: CallExpression): BslValue | typeof ASYNC;
  protected abstract evalCall(call: CallExpression, statement: boolean): Promise<BslValue>;
  protected abstract evalNew(e: Extract<Expression, { type: 'New' }>): Promise<BslValue>;

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
}
