/**
 * Calls and `Новый` in expressions: arguments with what is needed to write them back (1C passes
 * by reference), calls of methods of objects, modules and the library, constructors, and binding
 * arguments to a BSL method's parameters. Operators and variables are `OperatorEvaluator`'s.
 */
import type { Argument, CallExpression, Expression, MethodNode } from '../parser/index.js';
import { REQUIRED } from './compiled-module.js';
import { catchable, parseExpressionText } from './dynamic-code.js';
import { WrongArgumentCount } from './errors.js';
import { type ArgSlot, ASYNC, type Cell, type Frame, toText } from './evaluation-support.js';
import type { BslObject, ConstructorDef, GlobalFunctionDef } from './host-api.js';
import type { ModuleScope } from './module-scope.js';
import { OperatorEvaluator } from './operator-evaluator.js';
import { type BslValue, isObject } from './values.js';

export class ExpressionEvaluator extends OperatorEvaluator {
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

  /** `Вычислить(Текст)`: the expression evaluated in this frame (dynamic-code.ts). */
  async evaluateText(text: string, at: { line: number; column: number }): Promise<BslValue> {
    let expression: Expression;
    try {
      expression = parseExpressionText(text, at);
    } catch (err) {
      this.fail(err, at, 'Вычислить');
    }
    try {
      return await this.eval(expression);
    } catch (err) {
      throw catchable(err);
    }
  }

  async callObjectMethod(obj: BslObject, name: string, slots: ArgSlot[], at: { line: number; column: number }): Promise<BslValue> {
    const bsl = (obj as { bslModule?: ModuleScope }).bslModule;
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
    module: ModuleScope,
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
