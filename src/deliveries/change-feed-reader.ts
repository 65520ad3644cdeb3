import type { Kysely } from 'kysely';
import { presentChanges } from '../feed/present-changes.js';
import type { WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { Database } from '../storage/database-schema.js';
import { readChanges, readFeedHead } from '../storage/repositories/changes-repository.js';
import type { FeedReader } from './feed-reader.js';

/** The changes feed as the dispatcher reads it: cursors are the feed's commit-order numbers, kept as text. */
export function changeFeedReader(db: Kysely<Database>, timezone: string, decoder?: WebhookDecoder): FeedReader {
  return {
    async read(after, filter, limit) {
      const page = await readChanges(db, { after: after === null ? 0 : Number(after), kinds: filter.kinds, sourceId: filter.sourceId, limit });
      const presented = await presentChanges(db, page.changes, timezone, decoder);
      return {
        entries: page.changes.map((change, i) => ({
          id: change.id,
          kind: change.kind,
          action: change.action,
          objectId: change.object_id,
          version: change.version,
          presented: presented[i],
        })),
        nextCursor: String(page.nextCursor),
      };
    },
  };
}

/** The feed's head as a cursor: a subscription added now starts there. */
export async function feedHeadCursor(db: Kysely<Database>): Promise<string> {
  return String(await readFeedHead(db));
}
