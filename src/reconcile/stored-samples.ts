import type { KindRegistry } from '../kinds/kind-registry.js';
import type { StorageHandle } from '../storage/open-database.js';
import { resolveReferences } from '../storage/repositories/objects-repository.js';

/** A differing object of a report that is stored here, and where the read API shows it. */
export interface StoredSample {
  kind: string;
  uuid: string;
  store: 'objects' | 'invoices' | 'clients';
  id: string;
}

/**
 * The stored objects among a report's differing ones (one missing here is not stored), found by
 * GUID in one query per kind. A kind no longer declared has no store to look in: its objects
 * stay unlinked.
 */
export async function storedSamples(
  storage: StorageHandle,
  kinds: KindRegistry,
  sourceId: string,
  report: readonly { kind: string; samples: readonly { uuid: string | null }[] }[],
): Promise<StoredSample[]> {
  const refs = report.flatMap((k) => {
    const kind = kinds.get(k.kind);
    return kind ? k.samples.flatMap((s) => (s.uuid ? [{ kind: k.kind, uuid: s.uuid, store: kind.store }] : [])) : [];
  });
  if (refs.length === 0) return [];
  const found = await resolveReferences(storage.db, sourceId, refs);
  return refs.flatMap((r) => {
    const id = found.get(`${r.kind}\u0000${r.uuid}`);
    return id ? [{ ...r, id }] : [];
  });
}

/** The read API's address of a stored object. */
export function readApiPath(s: StoredSample): string {
  return s.store === 'objects' ? `/api/v1/objects/${s.kind}/${s.id}` : `/api/v1/${s.store}/${s.id}`;
}
