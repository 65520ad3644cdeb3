import type { Kysely } from 'kysely';
import { parse } from 'lossless-json';
import { num, type OneCValue } from '../bsl/one-c-json.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { Database } from '../storage/database-schema.js';
import { findEventBody } from '../storage/repositories/events-repository.js';
import type { StoredState } from '../storage/repositories/reconciliations-repository.js';

/**
 * The payload of a stored webhook body (the object's current one), as 1C values: numbers
 * stay decimal text (they are written back byte for byte), dates stay their text.
 */
export function storedPayload(kind: KindDefinition, body: Buffer | null): Record<string, OneCValue> | undefined {
  if (!body) return undefined;
  try {
    const json = parse(body.toString('utf8').replace(/^\uFEFF/, ''), null, (n) => num(n)) as Record<string, OneCValue>;
    const data = json[kind.payloadKey];
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, OneCValue>) : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a stored object's current body (the presentations OData cannot say); none for an object not stored. */
export async function storedPayloadOf(db: Kysely<Database>, kind: KindDefinition, s: StoredState | undefined): Promise<Record<string, OneCValue> | undefined> {
  if (!s) return undefined;
  return storedPayload(kind, (await findEventBody(db, s.current_event_id))?.body ?? null);
}
