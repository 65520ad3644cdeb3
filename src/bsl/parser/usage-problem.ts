/**
 * The compiler's checks of a call to a procedure written in BSL: no more arguments than
 * parameters, at least the required ones (up to the last without a default), and a
 * `Процедура` (unless `Асинх`) cannot be used as a value.
 */
import type { ProcedureInfo } from './ast.js';

export function usageProblem(call: { argCount: number; statement: boolean }, p: ProcedureInfo, shown: string): string | undefined {
  // An Асинх procedure returns a promise (Обещание), so `Ждать П()` uses it as a value legally.
  if (p.kind === 'procedure' && !p.async && !call.statement) {
    return `'${shown}' is a procedure and returns no value: it cannot be used in an expression`;
  }
  if (call.argCount > p.params.length) {
    return `Too many arguments in the call of '${shown}': ${call.argCount} given, it takes at most ${p.params.length}`;
  }
  const required = p.paramDetails.reduce((n, param, i) => (param.defaultValue === undefined ? i + 1 : n), 0);
  if (call.argCount < required) {
    return `Not enough arguments in the call of '${shown}': ${call.argCount} given, it needs at least ${required}`;
  }
  return undefined;
}
