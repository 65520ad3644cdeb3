/**
 * What the platform-API check (check-platform.ts) takes and gives: its options, the configuration's
 * procedures and common modules it resolves calls against, its findings and its counts.
 */
import type { ProcedureInfo } from './ast.js';

export interface PlatformFinding {
  message: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
}

export interface PlatformCheckOptions {
  /** Target platform, e.g. "8.3.18": names it lacks are reported as warnings. */
  platformVersion?: string;
  /**
   * Names that are not platform globals here: common modules and the module's own
   * procedures (lower case). A variable or module of such a name shadows a system enum.
   */
  shadowing?: ReadonlySet<string>;
  /**
   * The configuration's own procedures: when given, every call is resolved (own procedure,
   * common module, global-context function) and an unresolved one is an error.
   */
  procedures?: ProcedureScope;
  /** Counts of what was checked, added to (for a summary, and to show a check is not vacuous). */
  stats?: PlatformCheckStats;
}

export interface PlatformCheckStats {
  /** `Новый T` of a catalogued type (arity checked where constructors are listed). */
  constructors: number;
  /** Calls of platform global functions. */
  globalFunctionCalls: number;
  /** Calls of the configuration's own procedures (this module's, common modules'). */
  procedureCalls: number;
  /** Method calls on receivers of a known type. */
  methodCalls: number;
  /** System enumeration values. */
  enumValues: number;
}

export function emptyStats(): PlatformCheckStats {
  return { constructors: 0, globalFunctionCalls: 0, procedureCalls: 0, methodCalls: 0, enumValues: 0 };
}

export interface CommonModuleEntry {
  name: string;
  /** From the module's metadata; undefined when the folder does not say (then it resolves unqualified too). */
  global: boolean | undefined;
  procedures: ReadonlyMap<string, ProcedureInfo>;
}

export interface ProcedureScope {
  /** The module's own procedures by lower-case name. */
  own: ReadonlyMap<string, ProcedureInfo>;
  /** Common modules by lower-case name. */
  commonModules: ReadonlyMap<string, CommonModuleEntry>;
  /** Exports of global (or possibly global) modules by lower-case name, for unqualified calls. */
  globalExports: ReadonlyMap<string, { module: CommonModuleEntry; procedure: ProcedureInfo }>;
  /** Exports of modules known not to be global, by lower-case name (for a clearer message). */
  otherExports: ReadonlyMap<string, CommonModuleEntry>;
  /**
   * The module runs with an object or a form as its context (object, manager, record set and
   * form modules): an unqualified name may be one of that object's methods (`Записать`,
   * `Закрыть`), which the catalogue does not list, so an unknown name is not reported there.
   */
  objectContext: boolean;
  /**
   * Unqualified names the module's context adds to the global one (its object's or form's
   * methods, `context-methods.ts`); an unknown name that is not one of them is reported.
   */
  contextMethod: (name: string) => boolean;
  /**
   * How an unknown unqualified name is reported: an error where every global common module is
   * known and the module's kind is known (a configuration folder), a warning where either may be
   * missing (a file checked alone, a plain folder of `.bsl` files).
   */
  unknownNames: 'error' | 'warning';
}
