/** BSL runtime: see README.md for the host API. */

export { type ClassDef, defineClass, type MethodDef, NameMap, type PlatformClass, PlatformObject, type PropertyDef } from './class-def.js';
export { ManualClock, systemClock } from './clock.js';
export { BslCompileError, CompiledModule } from './compiled-module.js';
export { bslCompare, bslEquals, toBoolean, toBslString, toNumber, typeNameOf } from './convert.js';
export { BslError, type BslPosition, BslRuntimeError, MemberNotFound, WrongArgumentCount } from './errors.js';
export type {
  BslObject,
  CallContext,
  Clock,
  ConstructorDef,
  EventLogEntry,
  GlobalFunctionDef,
  GlobalPropertyDef,
  PlatformVersion,
  RuntimeServices,
  TransactionHooks,
  TypeName,
} from './host-api.js';
export { BinaryBuffer, BinaryData } from './library/binary.js';
export { BslArray, BslMap, BslStructure, KeyAndValue } from './library/collections.js';
export { EnumValue, SystemEnum } from './library/enums.js';
export { formatValue } from './library/format.js';
export { createPlatformRuntime, installPlatformLibrary, PLATFORM_FUNCTIONS, PLATFORM_TYPES, platformProperties } from './library/index.js';
export { BslUuid } from './library/uuid.js';
export { ValueTable, ValueTableRow } from './library/value-table.js';
export { CommonModuleObject, ModuleInstance } from './module-instance.js';
export { Ref } from './ref.js';
export { BslRuntime, CountingTransactions, compareVersions, parseVersion, type RuntimeOptions } from './runtime.js';
export { BslDate, type BslValue, Decimal, isNumber, isObject, num } from './values.js';
