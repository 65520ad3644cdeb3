/**
 * Which platform versions have a name, where it matters and public sources say. The catalogue
 * describes one platform (about 8.3.19) and never says when a name appeared; this table does,
 * for the names the generated modules depend on. A name not listed here is not gated.
 *
 * - The binary-data functions and `БуферДвоичныхДанных`: since 8.3.10.2168 (1C's developer
 *   blog on the binary-data extension says "implemented in 8.3.10.2168"; the dispatch tables of
 *   8.3.9.1818 do not have them).
 * - `БуферДвоичныхДанных.ЗаписатьПобитовое…` and `Инвертировать`: absent in 8.3.9.1818 (its
 *   buffer has 16 methods), present in 8.3.23.1688; the first version is not known, so 8.3.23
 *   is taken as the minimum.
 * - `Новый СертификатыУдостоверяющихЦентровОС`: 1C's standard subsystems create it only above
 *   8.3.21, and on 8.3.22 / 8.3.23 / 8.3.24 only from builds 8.3.22.2470 / 8.3.23.2122 /
 *   8.3.24.1446; below those it is treated as unavailable.
 */
import { platformCatalogue } from './catalogue.js';

/** Four numbers, e.g. [8, 3, 22, 2470]; missing parts are 0 ("8.3.22" is 8.3.22.0). */
export type PlatformVersion = readonly [number, number, number, number];

/** A half-open range of versions: `from` included, `to` (when given) excluded. */
export interface VersionRange {
  from: string;
  to?: string;
}

export interface VersionGate {
  /** `Тип`, `Тип.Метод` or a global function, in Russian as the catalogue spells it. */
  name: string;
  kind: 'type' | 'method' | 'globalFunction';
  /** The versions that have it. */
  ranges: readonly VersionRange[];
  /** The oldest version that has it, for messages ("8.3.22.2470"). */
  minimum: string;
  /** Why, in one line. */
  note: string;
}

const BINARY_DATA = 'since 8.3.10.2168 (1C: "implemented in 8.3.10.2168"; absent from 8.3.9.1818)';
const BITWISE = 'absent in 8.3.9.1818, present in 8.3.23.1688; first version unknown, 8.3.23 taken as the minimum';
const OS_CERTIFICATES =
  "1C's standard subsystems create it only above 8.3.21, and on 8.3.22/8.3.23/8.3.24 only from builds 8.3.22.2470/8.3.23.2122/8.3.24.1446";

const since = (from: string): readonly VersionRange[] => [{ from }];

export const VERSION_GATES: readonly VersionGate[] = [
  ...['ПолучитьДвоичныеДанныеИзСтроки', 'ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных', 'ПолучитьДвоичныеДанныеИзБуфераДвоичныхДанных'].map(
    (name): VersionGate => ({ name, kind: 'globalFunction', ranges: since('8.3.10.2168'), minimum: '8.3.10.2168', note: BINARY_DATA }),
  ),
  { name: 'БуферДвоичныхДанных', kind: 'type', ranges: since('8.3.10.2168'), minimum: '8.3.10.2168', note: BINARY_DATA },
  ...['ЗаписатьПобитовоеИ', 'ЗаписатьПобитовоеИли', 'ЗаписатьПобитовоеИНе', 'ЗаписатьПобитовоеИсключительноеИли', 'Инвертировать'].map(
    (m): VersionGate => ({ name: `БуферДвоичныхДанных.${m}`, kind: 'method', ranges: since('8.3.23'), minimum: '8.3.23', note: BITWISE }),
  ),
  {
    name: 'СертификатыУдостоверяющихЦентровОС',
    kind: 'type',
    ranges: [{ from: '8.3.22.2470', to: '8.3.23' }, { from: '8.3.23.2122', to: '8.3.24' }, { from: '8.3.24.1446', to: '8.3.25' }, { from: '8.3.25' }],
    minimum: '8.3.22.2470',
    note: OS_CERTIFICATES,
  },
];

/** Parses "8.3.22.2470" (two to four numbers); throws on anything else. */
export function parsePlatformVersion(text: string): PlatformVersion {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  if (!m) throw new Error(`Not a platform version: "${text}" (expected e.g. 8.3.18 or 8.3.22.2470)`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: string | PlatformVersion, b: string | PlatformVersion): number {
  const x = typeof a === 'string' ? parsePlatformVersion(a) : a;
  const y = typeof b === 'string' ? parsePlatformVersion(b) : b;
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export function inRanges(version: string | PlatformVersion, ranges: readonly VersionRange[]): boolean {
  return ranges.some((r) => compareVersions(version, r.from) >= 0 && (r.to === undefined || compareVersions(version, r.to) < 0));
}

/**
 * The gate of a name, if any: `Тип`, `Тип.Метод` or a global function, Russian or English,
 * any case (`BinaryDataBuffer.WriteBitwiseXor` finds the same gate as the Russian name).
 */
export function versionGate(name: string): VersionGate | undefined {
  const key = canonicalKey(name);
  const gates = gatesByKey();
  const own = gates.get(key);
  if (own) return own;
  // A method of a gated type is gated with it (БуферДвоичныхДанных.Получить before 8.3.10.2168).
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : gates.get(key.slice(0, dot));
}

/**
 * Whether a platform version has a name. Names without a gate are available everywhere this
 * catalogue is (8.3); a version without a build number ("8.3.22") is taken as its first build.
 */
export function isAvailableIn(name: string, version: string): boolean {
  const gate = versionGate(name);
  return gate === undefined || inRanges(version, gate.ranges);
}

let gateIndex: Map<string, VersionGate> | undefined;

function gatesByKey(): Map<string, VersionGate> {
  if (!gateIndex) {
    gateIndex = new Map();
    for (const gate of VERSION_GATES) gateIndex.set(canonicalKey(gate.name), gate);
  }
  return gateIndex;
}

/** Russian lower-case key of `Тип`, `Тип.Метод` or a function, translating English names through the catalogue. */
function canonicalKey(name: string): string {
  const catalogue = platformCatalogue();
  const dot = name.indexOf('.');
  if (dot < 0) {
    const ru = catalogue.type(name)?.name ?? catalogue.globalFunction(name)?.name ?? name;
    return ru.toLowerCase();
  }
  const typeName = name.slice(0, dot);
  const member = name.slice(dot + 1);
  const type = catalogue.type(typeName);
  const ruType = type?.name ?? typeName;
  const ruMember = type?.method(member)?.name ?? member;
  return `${ruType}.${ruMember}`.toLowerCase();
}
