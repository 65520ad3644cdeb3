/**
 * What the evaluators need of the live module they run and of its runtime, as interfaces:
 * `ModuleInstance` and `BslRuntime` provide them, and the evaluators (which a module creates
 * for every run) name only these, so the module and its evaluators do not import each other.
 */
import type { MethodNode } from '../parser/index.js';
import type { CompiledModule } from './compiled-module.js';
import type { BslRuntimeError } from './errors.js';
import type { BslObject, BslValue, CallContext, ConstructorDef, GlobalFunctionDef, RuntimeServices } from './host-api.js';

export interface Cell {
  value: BslValue;
}

/** A call's frame: locals (parameters included) and, inside `&Вместо`, how to continue the call. */
export interface Frame {
  module: ModuleScope;
  locals: Map<string, Cell>;
  method?: MethodNode;
  proceed?: (args: Cell[]) => Promise<BslValue>;
}

/** An argument as the caller passed it: its value and, for a variable or property, how to write it back. */
export interface ArgSlot {
  value: BslValue;
  cell?: Cell;
  write?: (v: BslValue) => unknown;
  omitted?: boolean;
}

interface At {
  line: number;
  column: number;
}

/** The runtime as a module sees it: the host services plus name lookup and the exceptions being handled. */
export interface RuntimeScope extends RuntimeServices {
  /** The exceptions whose Исключение blocks are running, innermost last (ИнформацияОбОшибке, ВызватьИсключение without arguments). */
  readonly handling: BslRuntimeError[];
  globalFunction(name: string): GlobalFunctionDef | undefined;
  globalProperty(name: string, ctx: CallContext): Promise<{ found: boolean; value?: BslValue }>;
  typeDef(name: string): ConstructorDef | undefined;
}

/** A live module as its evaluators see it. `caller` is the evaluator making the call: the module calls back into it. */
export interface ModuleScope {
  readonly runtime: RuntimeScope;
  readonly compiled: CompiledModule;
  readonly owner?: BslObject;
  readonly extended?: ModuleScope;
  readonly vars: Map<string, Cell>;
  resolveName(name: string, ctx: CallContext): Promise<{ found: boolean; value?: BslValue }>;
  callUnqualified(caller: object, name: string, slots: ArgSlot[], at: At, statement: boolean): Promise<BslValue>;
  callExported(name: string, slots: ArgSlot[], at: At, caller: object): Promise<BslValue>;
  run(method: MethodNode, locals: Map<string, Cell>, proceed?: Frame['proceed']): Promise<BslValue>;
}
