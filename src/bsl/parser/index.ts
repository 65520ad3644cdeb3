/**
 * BSL (1C:Enterprise language) parser: syntax check of a module and of the calls it makes.
 * `parseBsl` gives the syntax tree and syntax errors; `checkBsl` adds the call checks.
 */
export type {
  Argument,
  BslError,
  CallExpression,
  CallInfo,
  Expression,
  MethodNode,
  ParamInfo,
  ParsedModule,
  Position,
  ProcedureInfo,
  RegionInfo,
  Statement,
  VariableInfo,
} from './ast.js';
export {
  checkBslFiles,
  checkBslPath,
  type FileFinding,
  type FolderCheckOptions,
  type FolderCheckResult,
  listBslFiles,
} from './check-folder.js';
export { type CheckOptions, checkBsl } from './check-module.js';
export { checkPlatformApi } from './check-platform.js';
export { GLOBAL_FUNCTIONS, isGlobalFunction } from './global-functions.js';
export { parseBsl } from './parser.js';
export {
  type CommonModuleEntry,
  emptyStats,
  type PlatformCheckOptions,
  type PlatformCheckStats,
  type PlatformFinding,
  type ProcedureScope,
} from './platform-check-options.js';
