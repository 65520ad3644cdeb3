/**
 * BSL (1C:Enterprise language) parser: syntax check of a module and of the calls it makes.
 * `parseBsl` gives the syntax tree and syntax errors; `checkBsl` adds the call checks.
 */
export type {
  Argument, BslError, CallExpression, CallInfo, Expression, MethodNode, ParamInfo, ParsedModule,
  Position, ProcedureInfo, RegionInfo, Statement, VariableInfo,
} from './ast.js';
export { parseBsl } from './parser.js';
export { checkBsl, type CheckOptions } from './check-module.js';
export { GLOBAL_FUNCTIONS, isGlobalFunction } from './global-functions.js';
export {
  checkPlatformApi, emptyStats, type CommonModuleEntry, type PlatformCheckOptions, type PlatformCheckStats,
  type PlatformFinding, type ProcedureScope,
} from './check-platform.js';
export {
  checkBslFiles, checkBslPath, listBslFiles, type FileFinding, type FolderCheckOptions, type FolderCheckResult,
} from './check-folder.js';
