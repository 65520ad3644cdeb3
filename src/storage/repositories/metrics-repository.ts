import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** Where each follower of the changes feed has got to: the service's own cursors and every active subscription's. */
export async function feedConsumers(db: Kysely<Database>): Promise<{ consumer: string; seq: number }[]> {
  const [cursors, subscriptions] = await Promise.all([
    db.selectFrom('feed_cursors').select(['name', 'seq']).execute(),
    db.selectFrom('subscriptions').select(['id', 'cursor']).where('status', '=', 'active').execute(),
  ]);
  return [
    ...cursors.map((c) => ({ consumer: c.name, seq: Number(c.seq) })),
    // A subscription without a cursor yet starts from the beginning of the feed.
    ...subscriptions.map((s) => ({ consumer: `subscription:${s.id}`, seq: s.cursor === null ? 0 : Number(s.cursor) })),
  ];
}

/**
 * Pending deliveries of each subscription: how many, and the smallest delivery id. Ids are
 * UUIDv7, so that is the oldest one; asked one subscription at a time, both come from a
 * range of the claim's index (subscription, status, due time, id) without reading a row —
 * done deliveries, which pile up, are never scanned.
 */
export async function pendingDeliveries(db: Kysely<Database>): Promise<{ subscriptionId: string; pending: number; oldestId: string | null }[]> {
  const subscriptions = await db.selectFrom('subscriptions').select('id').execute();
  return Promise.all(
    subscriptions.map(async ({ id }) => {
      const row = await db
        .selectFrom('subscription_deliveries')
        .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('id').as('oldest')])
        .where('subscription_id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return { subscriptionId: id, pending: Number(row?.n ?? 0), oldestId: row?.oldest ? String(row.oldest) : null };
    }),
  );
}
