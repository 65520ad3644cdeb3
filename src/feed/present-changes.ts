import type { Kysely } from 'kysely';
import type { ApiChange } from '../api/change-schemas.js';
import { presentChange } from '../api/presenters/change-presenter.js';
import { shippedDecoder, type WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { Database } from '../storage/database-schema.js';
import { type ChangeRow, findChangeSources } from '../storage/repositories/changes-repository.js';

/** A page of feed rows as API entries (HTTP, SSE, NATS and outbound webhooks all send these). */
export async function presentChanges(
  db: Kysely<Database>,
  rows: readonly ChangeRow[],
  timezone: string,
  decoder: WebhookDecoder = shippedDecoder(),
): Promise<ApiChange[]> {
  const sources = await findChangeSources(db, rows);
  return rows.map((row) => {
    const source = sources.get(row.id);
    // The journal row commits with the change and is never deleted: a missing one is a broken database.
    if (!source) throw new Error(`change ${row.id}: its journal event is missing`);
    return presentChange(row, source, timezone, decoder);
  });
}
