/**
 * How an object is known across deliveries. 1C's УникальныйИдентификатор (a GUID) when the
 * sender sends it (the generated modules do), else `Строка(Ссылка)` — the presentation of the
 * reference, all the classic modules send. A document first seen by its reference and later
 * with its GUID is adopted by the GUID (src/ingest/apply-batch.ts).
 */
export type ObjectIdentity = `uuid:${string}` | `ref:${string}`;

export function objectIdentity(uuid: string | null, sourceRef: string): ObjectIdentity {
  return uuid ? `uuid:${uuid}` : refIdentity(sourceRef);
}

export function refIdentity(sourceRef: string): ObjectIdentity {
  return `ref:${sourceRef}`;
}

/**
 * The one way to make a key of several parts for a map or a sort: the parts joined by NUL.
 * Only the last part may come from the sender (an identity, a webhook-id); the others are the
 * service's own ids and names, which never hold a NUL — so two different tuples never make
 * one key, and keys sort as their tuples do (NUL sorts before every other character).
 */
export function compositeKey(...parts: ReadonlyArray<string | number>): string {
  return parts.join('\u0000');
}
