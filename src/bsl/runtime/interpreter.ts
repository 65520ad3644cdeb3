/**
 * Executes statements of one module instance. Every evaluation is async (docs/decisions/bsl-runtime.md).
 * Control flow (Прервать, Продолжить, Возврат) travels as a return signal, exceptions as
 * `BslRuntimeError`; a host's `BslError` gets the position of the call that raised it.
 */
import type { Statement } from '../parser/index.js';
import { catchable, parseStatementsText } from './dynamic-code.js';
import { ErrorInfo } from './error-info.js';
import { BslRuntimeError } from './errors.js';
import { ASYNC, BREAK, CONTINUE, isCatchable, type Signal, toText } from './evaluation-support.js';
import { ExpressionEvaluator } from './expression-evaluator.js';
import { type BslValue, Decimal, isObject } from './values.js';

export { type ArgSlot, type Cell, type Frame, isCatchable } from './evaluation-support.js';

export class Interpreter extends ExpressionEvaluator {
  // ---------- statements ----------

  async execBlock(body: Statement[]): Promise<Signal> {
    for (const st of body) {
      // `Переменная = <arithmetic>` needs no promise: done in place, the commonest statement.
      if (st.type === 'Assign' && st.target.type === 'Identifier') {
        const cell = this.variableCell(st.target.name, false);
        if (cell) {
          const v = this.sync(st.value);
          if (v !== ASYNC) {
            cell.value = v;
            continue;
          }
        }
      }
      if (st.type === 'If') {
        const s = await this.execIf(st);
        if (s) return s;
        continue;
      }
      const s = await this.exec(st);
      if (s) return s;
    }
    return undefined;
  }

  /** `Если`: a condition of literals, variables and operators is tested in place. */
  private async execIf(st: Extract<Statement, { type: 'If' }>): Promise<Signal> {
    for (const b of st.branches) {
      const fast = this.sync(b.condition);
      let ok: boolean;
      if (typeof fast === 'boolean') ok = fast;
      else if (fast instanceof Decimal) ok = !fast.isZero();
      else ok = await this.condition(b.condition);
      if (ok) return b.body.length === 0 ? undefined : this.execBlock(b.body);
    }
    return st.elseBody ? this.execBlock(st.elseBody) : undefined;
  }

  private async exec(st: Statement): Promise<Signal> {
    switch (st.type) {
      case 'Assign': {
        const fast = this.sync(st.value);
        const value = fast !== ASYNC ? fast : await this.eval(st.value);
        await this.assign(st.target, value);
        return undefined;
      }
      case 'Call':
        await this.evalCall(st.call, true);
        return undefined;
      case 'If': {
        for (const b of st.branches) {
          if (await this.condition(b.condition)) return this.execBlock(b.body);
        }
        return st.elseBody ? this.execBlock(st.elseBody) : undefined;
      }
      case 'While': {
        while (await this.condition(st.condition)) {
          const s = await this.execBlock(st.body);
          if (s === BREAK) break;
          if (s && s !== CONTINUE) return s;
        }
        return undefined;
      }
      case 'For': {
        const from = this.asNumber(await this.eval(st.from), st.from);
        const to = this.asNumber(await this.eval(st.to), st.to);
        const cell = this.variableCell(st.variable, true)!;
        cell.value = from;
        for (;;) {
          const current = this.asNumber(cell.value, st);
          if (current.gt(to)) break;
          const s = await this.execBlock(st.body);
          if (s === BREAK) break;
          if (s && s !== CONTINUE) return s;
          cell.value = this.asNumber(cell.value, st).plus(1);
        }
        return undefined;
      }
      case 'ForEach': {
        const collection = await this.eval(st.collection);
        if (!isObject(collection) || !collection.iterate) {
          throw this.error('Итератор для значения не определен', st.collection);
        }
        const cell = this.variableCell(st.variable, true)!;
        let iterable: Iterable<BslValue> | AsyncIterable<BslValue>;
        try {
          iterable = collection.iterate(this.context());
        } catch (e) {
          this.fail(e, st.collection);
        }
        for await (const item of iterable) {
          cell.value = item;
          const s = await this.execBlock(st.body);
          if (s === BREAK) break;
          if (s && s !== CONTINUE) return s;
        }
        return undefined;
      }
      case 'Try': {
        try {
          return await this.execBlock(st.body);
        } catch (e) {
          if (!isCatchable(e) || (e instanceof BslRuntimeError && e.options.fatal)) throw e;
          const err = e instanceof BslRuntimeError ? e : this.wrapLoose(e, st);
          this.module.runtime.handling.push(err);
          try {
            return await this.execBlock(st.handler);
          } finally {
            this.module.runtime.handling.pop();
          }
        }
      }
      case 'Return':
        return { kind: 'return', value: st.value ? await this.eval(st.value) : undefined };
      case 'Raise':
        throw await this.raise(st);
      case 'Break':
        return BREAK;
      case 'Continue':
        return CONTINUE;
      case 'Label':
        return undefined;
      case 'Execute': {
        // Выполнить(Текст): the statements run in this frame (dynamic-code.ts).
        const text = toText(await this.eval(st.code));
        let body: Statement[];
        try {
          body = parseStatementsText(text, st);
        } catch (err) {
          this.fail(err, st, 'Выполнить');
        }
        try {
          return await this.execBlock(body);
        } catch (err) {
          throw catchable(err);
        }
      }
      default:
        throw this.error(`Оператор не поддерживается средой выполнения (${st.type})`, st);
    }
  }

  private wrapLoose(e: unknown, at: { line: number; column: number }): BslRuntimeError {
    try {
      this.fail(e, at);
    } catch (w) {
      return w as BslRuntimeError;
    }
  }

  private async raise(st: Extract<Statement, { type: 'Raise' }>): Promise<BslRuntimeError> {
    const at = { module: this.module.compiled.name, line: st.line, column: st.column };
    const args = st.args;
    if (args) {
      // 8.3.21+: ВызватьИсключение(Текст, Категория, Код, Подробность, Причина).
      const v = await Promise.all(args.map((a) => (a ? this.eval(a) : undefined)));
      const cause = v[4];
      return new BslRuntimeError(toText(v[0]), at, {
        raised: true,
        category: v[1] === undefined ? undefined : toText(v[1]),
        code: v[2] === undefined ? undefined : toText(v[2]),
        details: v[3] === undefined ? undefined : toText(v[3]),
        cause: cause instanceof ErrorInfo ? cause.error : undefined,
      });
    }
    if (!st.value) {
      const current = this.module.runtime.handling.at(-1);
      if (!current) return this.error('Оператор ВызватьИсключение без параметров может употребляться только в блоке обработки исключения', st);
      return current;
    }
    const value = await this.eval(st.value);
    return new BslRuntimeError(toText(value), at, { raised: true });
  }
}
