import type { DeliveryKind } from '../storage/database-schema.js';

/** One change of the feed, as a subscription receives it. */
export interface FeedEntry {
  /** The change id (its journal event): `webhook-id` of every delivery of it. */
  id: string;
  kind: DeliveryKind;
  action: string;
  objectId: string;
  version: number;
  /** The change as the feed presents it: the `onec-sync` body. */
  presented: unknown;
}

/** What the dispatcher needs of the changes feed: a page after a cursor, filtered. */
export interface FeedReader {
  read(after: string | null, filter: { kinds?: DeliveryKind[]; sourceId?: string }, limit: number): Promise<{ entries: FeedEntry[]; nextCursor: string }>;
}
