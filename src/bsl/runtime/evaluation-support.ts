/**
 * What the statement executor and the expression evaluator share: frames and cells, control-flow
 * signals, argument slots, and the static facts about expressions (which need no await, the
 * value of a number literal) cached per syntax-tree node.
 */
import type { Expression } from '../parser/index.js';
import { toBslString } from './convert.js';
import { BslError, BslRuntimeError } from './errors.js';
import type { CallContext } from './host-api.js';
import type { ArgSlot } from './module-scope.js';
import { type BslValue, Decimal } from './values.js';

export type { ArgSlot, Cell, Frame } from './module-scope.js';

export const BREAK = { kind: 'break' } as const;
export const CONTINUE = { kind: 'continue' } as const;
export type Signal = typeof BREAK | typeof CONTINUE | { kind: 'return'; value: BslValue } | undefined;

/** Errors that BSL code can catch with Попытка; anything else is a bug in a host and propagates as is. */
export function isCatchable(e: unknown): boolean {
  return e instanceof BslError || e instanceof BslRuntimeError || e instanceof RangeError;
}

export const ASYNC = Symbol('needs await');

export const pureNodes = new WeakMap<Expression, boolean>();

/** Whether an expression is built only of literals, variables and operators (statically). */
export function isPure(e: Expression): boolean {
  let v = pureNodes.get(e);
  if (v === undefined) {
    switch (e.type) {
      case 'Number':
      case 'String':
      case 'Boolean':
      case 'Undefined':
      case 'Null':
      case 'Identifier':
        v = true;
        break;
      case 'Paren':
        v = isPure(e.expression);
        break;
      case 'Unary':
        v = e.operator !== 'Await' && isPure(e.operand);
        break;
      case 'Binary':
        v = isPure(e.left) && isPure(e.right);
        break;
      // `Цел(А / 2)`: a call by bare name with pure arguments may be a pure library function
      // (decided at run time: the module or its object may define the name themselves).
      case 'Call':
        v = e.callee.type === 'Identifier' && e.args.every((a) => a !== null && isPure(a));
        break;
      default:
        v = false;
    }
    pureNodes.set(e, v);
  }
  return v;
}

export const literals = new WeakMap<Expression, Decimal>();

/** A number literal's value, parsed once per syntax-tree node (Decimal is immutable). */
export function literal(e: Extract<Expression, { type: 'Number' }>): Decimal {
  let d = literals.get(e);
  if (!d) {
    d = new Decimal(e.raw);
    literals.set(e, d);
  }
  return d;
}

export function noWriteBack(): void {}

/** A CallContext whose writeBack assigns to the caller's variable or property at that position. */
export class ArgContext implements CallContext {
  constructor(
    readonly runtime: CallContext['runtime'],
    private readonly slots: ArgSlot[],
  ) {}

  writeBack(index: number, value: BslValue): void {
    const s = this.slots[index];
    if (!s) return;
    if (s.cell) s.cell.value = value;
    else if (s.write) void s.write(value);
  }
}

export function toText(v: BslValue): string {
  return toBslString(v);
}
