import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

export interface SourceActivity {
  lastContactAt: string | null;
  lastError: { at: string; code: string | null; message: string | null } | null;
}

/**
 * Last contact and last refusal per source. Last contact is a MAX over the
 * (source_id, id) index — one seek per source; refusals come from the (status, id) index,
 * which holds only the rejected events, so neither grows with the accepted traffic.
 */
export async function sourceActivity(db: Kysely<Database>): Promise<Map<string, SourceActivity>> {
  const sources = await db.selectFrom('sources').select('id').execute();
  const lastRejected = await db
    .selectFrom('events')
    .select((eb) => ['source_id', eb.fn.max('id').as('id')])
    .where('status', '=', 'rejected')
    .where('source_id', 'is not', null)
    .groupBy('source_id')
    .execute();
  const errorIds = lastRejected.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  const errors = errorIds.length
    ? await db.selectFrom('events').select(['id', 'source_id', 'received_at', 'error_code', 'error_message']).where('id', 'in', errorIds).execute()
    : [];
  const out = new Map<string, SourceActivity>();
  for (const { id } of sources) {
    const last = await db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('source_id', '=', id)
      .executeTakeFirst();
    const lastEvent = last?.id ? await db.selectFrom('events').select('received_at').where('id', '=', last.id).executeTakeFirst() : undefined;
    const error = errors.find((e) => e.source_id === id);
    out.set(id, {
      lastContactAt: lastEvent?.received_at ?? null,
      lastError: error ? { at: error.received_at, code: error.error_code, message: error.error_message } : null,
    });
  }
  return out;
}
