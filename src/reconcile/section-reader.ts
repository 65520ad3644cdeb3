import type { KindDefinition } from '../kinds/kind-definition.js';
import { ODataError } from '../odata/odata-error.js';
import { type ODataEntity, textOf } from '../odata/odata-json.js';
import type { ODataReader, Unreadable } from '../odata/odata-reader.js';
import { CONTACT_SECTION, contactType, expandsOf, sectionSet } from './odata-names.js';
import { type KindReport, note } from './reconcile-report.js';

/** The tabular-section rows of some objects of a kind, by object key (lower case). */
export interface ObjectSections {
  /** Objects one of whose sections 1C could not serialise: reported, to be left out. */
  bad: Set<string>;
  /** Each section source's rows of one object, in LineNumber order. */
  of(key: string): Map<string, ODataEntity[]>;
}

/** Keys per section read; the filter length 1C's web servers take (docs/reconciliation.md). */
const KEYS_PER_READ = 40;

/**
 * The sections of the objects `keys` (their Ref_Key), read from each section's entity set in
 * `inFlight` requests at once — a compare and a load read them the same way, so both build
 * the same bodies. A kind with a contact attribute (`КонтактнаяИнформация(…)`) also reads that
 * section where the configuration publishes it (a 404 leaves the stored contacts in place).
 */
export async function readSections(reader: ODataReader, kind: KindDefinition, k: KindReport, keys: readonly string[], inFlight = 1): Promise<ObjectSections> {
  const bad = new Set<string>();
  const bySource = new Map<string, Map<string, ODataEntity[]>>();
  const share = Math.max(KEYS_PER_READ, Math.ceil(keys.length / inFlight / KEYS_PER_READ) * KEYS_PER_READ);
  const parts: (readonly string[])[] = [];
  for (let i = 0; i < keys.length; i += share) parts.push(keys.slice(i, i + share));
  const read = async (source: string, expand?: readonly string[]) => {
    const reads = await Promise.all(parts.map((part) => reader.sectionRows(sectionSet(kind, source), part, expand)));
    const rows = new Map<string, ODataEntity[]>();
    for (const r of reads) {
      noteUnreadable(k, bad, r.unreadable, source);
      for (const [key, list] of r.rows) rows.set(key.toLowerCase(), list);
    }
    bySource.set(source, rows);
  };
  for (const s of kind.sections) {
    for (const source of s.sources) await read(source, expandsOf(s.attributes));
  }
  if (kind.attributes.some((a) => contactType(a) !== null) && !bySource.has(CONTACT_SECTION)) {
    await read(CONTACT_SECTION).catch((error: unknown) => {
      if (!(error instanceof ODataError && error.status === 404)) throw error;
    });
  }
  return { bad, of: (key) => new Map([...bySource].map(([source, rows]) => [source, rows.get(key) ?? []])) };
}

/** Objects 1C named as unreadable: noted in the report and remembered as bad. */
export function noteUnreadable(k: KindReport, bad: Set<string>, unreadable: readonly Unreadable[], where?: string): void {
  for (const u of unreadable) {
    note(k, 'unreadable', u.refKey, where ? `${where}: ${u.message}` : u.message);
    if (u.refKey) bad.add(u.refKey.toLowerCase());
  }
}

/** An entity's key as the sections and the store know it. */
export const keyOf = (e: ODataEntity): string => (textOf(e.Ref_Key) ?? '').toLowerCase();
