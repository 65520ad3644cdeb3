/**
 * The 1C:Enterprise 8.3 platform API (types, global functions and properties, system
 * enumerations, signatures and availability) and which platform versions have the names that
 * matter. The parser's `bsl check`, the BSL runtime and the generator's tests build on it.
 */
export {
  platformCatalogue, type Context, type EnumValueInfo, type MethodInfo, type PlatformCatalogue, type PropertyInfo,
  type SystemEnumInfo, type TypeInfo,
} from './catalogue.js';
export { arityOf, parseSignature, type Arity, type Param, type Signature } from './signature.js';
export {
  compareVersions, inRanges, isAvailableIn, parsePlatformVersion, versionGate, VERSION_GATES,
  type PlatformVersion, type VersionGate, type VersionRange,
} from './versions.js';
