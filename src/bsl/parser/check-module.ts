/**
 * Parse plus the checks the 1C compiler makes about calls: the procedure must exist, be
 * exported when called through a common module, get no more arguments than it has
 * parameters and at least its required ones, and a Процедура cannot be used as a value.
 */

import { platformCatalogue } from '../platform/index.js';
import type { BslError, CallInfo, ProcedureInfo } from './ast.js';
import { checkPlatformApi } from './check-platform.js';
import { isGlobalFunction } from './global-functions.js';
import { parseBsl } from './parser.js';
import { usageProblem } from './usage-problem.js';

export interface CheckOptions {
  /** Common modules the checked module may call, by name, with their source text. */
  commonModules?: Record<string, string>;
  /**
   * Also check platform calls against the catalogue (check-platform.ts): constructors,
   * argument counts of global functions, methods of receivers of a known type, system
   * enumeration values. Its errors are added; version warnings are left to checkPlatformApi.
   */
  platform?: boolean;
}

interface CommonModule {
  name: string;
  procedures: Map<string, ProcedureInfo>;
}

/**
 * Every unqualified call `Foo(...)` must be defined in this module, exported by one of
 * `commonModules`, or be a global-context function (the list in global-functions.ts or the
 * platform catalogue); a call qualified by the name of one of
 * `commonModules` must name an export of that module. Other qualified calls are not checked.
 * Syntax errors of a common module are reported too, prefixed with its name and positioned
 * in its own text. Returns [] for a valid module.
 */
export function checkBsl(text: string, options: CheckOptions = {}): BslError[] {
  const { module, errors } = parseBsl(text);
  const out = [...errors];
  const common = new Map<string, CommonModule>();
  for (const [name, source] of Object.entries(options.commonModules ?? {})) {
    const parsed = parseBsl(source);
    for (const e of parsed.errors) out.push({ ...e, message: `In common module ${name}: ${e.message}` });
    common.set(name.toLowerCase(), { name, procedures: byName(parsed.module?.procedures ?? []) });
  }
  if (!module) return out;
  const local = byName(module.procedures);
  for (const call of module.calls) {
    const problem = call.qualifier === undefined ? checkUnqualified(call, local, common) : checkQualified(call, common.get(call.qualifier.toLowerCase()));
    if (problem) out.push({ message: problem, line: call.line, column: call.column });
  }
  if (options.platform) {
    const shadowing = new Set(local.keys());
    for (const m of common.values()) {
      shadowing.add(m.name.toLowerCase());
      for (const [key, p] of m.procedures) if (p.exported) shadowing.add(key);
    }
    for (const f of checkPlatformApi(module, { shadowing })) {
      if (f.severity === 'error') out.push({ message: f.message, line: f.line, column: f.column });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function byName(procedures: ProcedureInfo[]): Map<string, ProcedureInfo> {
  return new Map(procedures.map((p) => [p.name.toLowerCase(), p]));
}

function checkUnqualified(call: CallInfo, local: Map<string, ProcedureInfo>, common: Map<string, CommonModule>): string | undefined {
  const key = call.name.toLowerCase();
  const own = local.get(key);
  if (own) return usageProblem(call, own, call.name);
  for (const m of common.values()) {
    const p = m.procedures.get(key);
    if (p?.exported) return usageProblem(call, p, `${m.name}.${p.name}`);
  }
  if (isGlobalFunction(call.name) || platformCatalogue().globalFunction(call.name)) return undefined;
  return `Procedure or function '${call.name}' is not defined (not in this module, not exported by a given common module, not a global-context method)`;
}

function checkQualified(call: CallInfo, module: CommonModule | undefined): string | undefined {
  if (!module) return undefined;
  const p = module.procedures.get(call.name.toLowerCase());
  if (!p) return `Common module ${module.name} has no procedure or function '${call.name}'`;
  if (!p.exported) return `'${module.name}.${p.name}' is not exported (add Экспорт to its declaration)`;
  return usageProblem(call, p, `${module.name}.${p.name}`);
}
