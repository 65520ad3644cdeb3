import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

export interface SourceActivity {
  lastContactAt: string | null;
  lastError: { at: string; code: string | null; message: string | null } | null;
}

/**
 * Last contact and last refusal per source. Each is a backwards index scan on
 * (source_id, id) / (status, id), so the cost does not grow with the journal.
 */
export async function sourceActivity(db: Kysely<Database>): Promise<Map<string, SourceActivity>> {
  const sources = await db.selectFrom('sources').select('id').execute();
  const out = new Map<string, SourceActivity>();
  for (const { id } of sources) {
    const last = await db.selectFrom('events').select('received_at').where('source_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const error = await db
      .selectFrom('events')
      .select(['received_at', 'error_code', 'error_message'])
      .where('source_id', '=', id)
      .where('status', '=', 'rejected')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    out.set(id, {
      lastContactAt: last?.received_at ?? null,
      lastError: error ? { at: error.received_at, code: error.error_code, message: error.error_message } : null,
    });
  }
  return out;
}
