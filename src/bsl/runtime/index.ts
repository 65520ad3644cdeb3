/** BSL runtime: see README.md for the host API. */
export { BslRuntime, CountingTransactions, compareVersions, parseVersion, type RuntimeOptions } from './runtime.js';
export { createPlatformRuntime, installPlatformLibrary, PLATFORM_FUNCTIONS, PLATFORM_TYPES, platformProperties } from './library/index.js';
export { ManualClock, systemClock } from './clock.js';
export { Ref } from './ref.js';
export { BslCompileError, CompiledModule } from './compiled-module.js';
export { ModuleInstance, CommonModuleObject } from './module-instance.js';
export { BslError, BslRuntimeError, MemberNotFound, WrongArgumentCount, type BslPosition } from './errors.js';
export { NameMap, PlatformObject, defineClass, type ClassDef, type MethodDef, type PropertyDef, type PlatformClass } from './class-def.js';
export { BslDate, Decimal, num, isObject, isNumber, type BslValue } from './values.js';
export { bslEquals, bslCompare, toBslString, toNumber, toBoolean, typeNameOf } from './convert.js';
export type {
  BslObject, CallContext, Clock, ConstructorDef, EventLogEntry, GlobalFunctionDef, GlobalPropertyDef, PlatformVersion,
  RuntimeServices, TransactionHooks, TypeName,
} from './host-api.js';
export { BslArray, BslMap, BslStructure, KeyAndValue } from './library/collections.js';
export { ValueTable, ValueTableRow } from './library/value-table.js';
export { BslUuid } from './library/uuid.js';
export { BinaryData, BinaryBuffer } from './library/binary.js';
export { EnumValue, SystemEnum } from './library/enums.js';
export { formatValue } from './library/format.js';
