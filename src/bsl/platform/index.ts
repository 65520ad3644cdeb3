/**
 * The 1C:Enterprise 8.3 platform API (types, global functions and properties, system
 * enumerations, signatures and availability) and which platform versions have the names that
 * matter. The parser's `bsl check`, the BSL runtime and the generator's tests build on it.
 */
export {
  type Context,
  type EnumValueInfo,
  type MethodInfo,
  type PlatformCatalogue,
  type PropertyInfo,
  platformCatalogue,
  type SystemEnumInfo,
  type TypeInfo,
} from './catalogue.js';
export { type Arity, arityOf, type Param, parseSignature, type Signature } from './signature.js';
export {
  compareVersions,
  inRanges,
  isAvailableIn,
  type PlatformVersion,
  parsePlatformVersion,
  VERSION_GATES,
  type VersionGate,
  type VersionRange,
  versionGate,
} from './versions.js';
