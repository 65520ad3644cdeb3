/**
 * The shapes of the two catalogue files in `catalogue/` as they are stored (see its README),
 * and reading them. The files are kept byte for byte as published so that a refresh is a copy;
 * parsing 0.8 MB of JSON takes a few milliseconds, and it happens once, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';

export type Context =
  | 'ThinClient'
  | 'WebClient'
  | 'MobileClient'
  | 'Server'
  | 'ThickClient'
  | 'ExternalConnection'
  | 'MobileApplicationClient'
  | 'MobileApplicationServer'
  | 'MobileStandaloneServer'
  | 'Integration';

export interface RawMethod {
  en?: string;
  signatures?: string[];
}

export interface RawProperty {
  en?: string;
  readOnly?: boolean;
}

export interface RawGlobalFunction extends RawMethod {
  availability?: Context[];
}

export interface RawGlobalProperty {
  en?: string;
  availability?: Context[];
}

export interface RawSystemEnum {
  en?: string;
  availability?: Context[];
  values?: Record<string, string>;
}

export interface RawType {
  en?: string;
  availability?: Context[];
  /** Constructor form name → signature string. */
  constructors?: Record<string, string>;
  methods?: Record<string, RawMethod>;
  properties?: Record<string, RawProperty>;
}

export interface RawPlatformApi {
  about: string;
  availabilityContexts: Context[];
  globalFunctions: Record<string, RawGlobalFunction>;
  globalProperties: Record<string, RawGlobalProperty>;
  systemEnums: Record<string, RawSystemEnum>;
  /** Types with constructors (creatable with `Новый`) and their members. */
  classes: Record<string, RawType>;
  /** Every type, mostly availability only; some with members. */
  types: Record<string, RawType>;
}

export interface RawMetaParam {
  name: string;
  optional: boolean;
  type?: string;
}

/** metadata-api.json: what the dumps lack. Members are given as parameter lists ("variants"). */
export interface RawMetaType {
  en?: string;
  availability?: Context[];
  constructors?: Array<{ form: string; params: RawMetaParam[] }>;
  methods?: Record<string, { en?: string; variants?: RawMetaParam[][]; returns?: string }>;
  /** Russian name → English name (sometimes with a note in brackets). */
  properties?: Record<string, string>;
  /** Documents and catalogs: members of the manager, the reference and the object apart. */
  managerMethods?: Record<string, RawMetaParam[][]>;
  refMethods?: Record<string, { returns?: string }>;
  objectMethods?: Record<string, RawMetaParam[][]>;
  objectProperties?: string[];
  source?: string;
  notes?: string;
  versionEvidence?: string;
}

export interface RawMetadataApi {
  about: string;
  types: Record<string, RawMetaType>;
}

/**
 * Beside this module when run from the sources (the CLI runs them through tsx); from a `tsc`
 * build in dist/ the JSON is not copied, so the sources' copy (shipped with the package) is read.
 */
function readJson<T>(file: string): T {
  let url = new URL(`./catalogue/${file}`, import.meta.url);
  if (!existsSync(url)) url = new URL(`../../../src/bsl/platform/catalogue/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

export function readPlatformApi(): RawPlatformApi {
  return readJson<RawPlatformApi>('platform-api.json');
}

export function readMetadataApi(): RawMetadataApi {
  return readJson<RawMetadataApi>('metadata-api.json');
}
