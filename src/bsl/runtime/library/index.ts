/**
 * The platform library: every global function, global property and constructible type the
 * runtime offers, registered on a runtime. `createPlatformRuntime` is the usual entry point.
 */
import type { ConstructorDef, GlobalFunctionDef, GlobalPropertyDef } from '../host-api.js';
import { BslRuntime, type RuntimeOptions } from '../runtime.js';
import { BINARY_FUNCTIONS, BINARY_TYPES } from './binary.js';
import { COLLECTION_TYPES } from './collections.js';
import { GLOBAL_FUNCTIONS, globalProperties, SYSTEM_INFO_TYPE } from './globals.js';
import { HTTP_FUNCTIONS, HTTP_TYPES } from './http.js';
import { JSON_FUNCTIONS, JSON_TYPES } from './json.js';
import { STRING_FUNCTIONS } from './strings.js';
import { TEXT_WRITER_TYPE } from './text-writer.js';
import { TYPES_AND_FUNCTIONS } from './types-and-functions.js';
import { UUID_TYPE } from './uuid.js';
import { VALUE_TABLE_TYPE } from './value-table.js';

export const PLATFORM_FUNCTIONS: GlobalFunctionDef[] = [
  ...STRING_FUNCTIONS,
  ...GLOBAL_FUNCTIONS,
  ...BINARY_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...HTTP_FUNCTIONS,
  ...TYPES_AND_FUNCTIONS.functions,
];

/** Built on first use: the system enumerations come from the platform catalogue. */
export function platformProperties(): GlobalPropertyDef[] {
  return globalProperties();
}

export const PLATFORM_TYPES: ConstructorDef[] = [
  ...COLLECTION_TYPES,
  VALUE_TABLE_TYPE,
  SYSTEM_INFO_TYPE,
  UUID_TYPE,
  ...BINARY_TYPES,
  ...JSON_TYPES,
  ...HTTP_TYPES,
  TEXT_WRITER_TYPE,
  ...TYPES_AND_FUNCTIONS.types,
];

export function installPlatformLibrary(rt: BslRuntime): BslRuntime {
  for (const f of PLATFORM_FUNCTIONS) rt.defineFunction(f);
  for (const p of platformProperties()) rt.defineProperty(p);
  for (const t of PLATFORM_TYPES) rt.defineType(t);
  return rt;
}

/** A runtime with the whole platform library installed. */
export function createPlatformRuntime(options: RuntimeOptions = {}): BslRuntime {
  return installPlatformLibrary(new BslRuntime(options));
}
