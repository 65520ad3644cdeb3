import type { Kysely, Selectable } from 'kysely';
import type { ActivityStatus } from '../../domain/activity-status.js';
import type { Database, SubscriptionsTable } from '../database-schema.js';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

export async function insertSubscription(db: Kysely<Database>, row: SubscriptionRow): Promise<void> {
  await db.insertInto('subscriptions').values(row).execute();
}

export async function findSubscription(db: Kysely<Database>, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSubscriptions(db: Kysely<Database>, filter: { status?: ActivityStatus } = {}): Promise<SubscriptionRow[]> {
  let query = db.selectFrom('subscriptions').selectAll().orderBy('created_at').orderBy('id');
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.execute();
}

/** Enable (clearing the failure streak, so auto-disable starts counting afresh) or disable. */
export async function setSubscriptionStatus(db: Kysely<Database>, id: string, status: ActivityStatus, reason: string | null, now: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ status, disabled_reason: status === 'disabled' ? reason : null, updated_at: now, ...(status === 'active' ? { failing_since: null } : {}) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new secret; the current one keeps signing beside it until `previousExpiresAt`. */
export async function rotateSubscriptionSecret(db: Kysely<Database>, id: string, secret: string, previousExpiresAt: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set((eb) => ({ previous_secret: eb.ref('secret'), previous_secret_expires_at: previousExpiresAt, secret, updated_at: now }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A subscription, its deliveries and its log. */
export async function deleteSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('subscription_attempts').where('subscription_id', '=', id).execute();
    await trx.deleteFrom('subscription_deliveries').where('subscription_id', '=', id).execute();
    const result = await trx.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  });
}

/**
 * Move the cursor from `from` to `to`, only if no one moved it meanwhile (another replica's
 * dispatcher): false means the caller's transaction must roll back its deliveries.
 */
export async function advanceCursor(db: Kysely<Database>, id: string, from: string | null, to: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ cursor: to })
    .where('id', '=', id)
    .where((eb) => (from === null ? eb('cursor', 'is', null) : eb('cursor', '=', from)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A failed attempt: starts the failure streak if none is running, and disables the
 * subscription once the streak is older than `disableAfterMs`. Returns true when it did.
 */
export async function recordEndpointFailure(db: Kysely<Database>, id: string, now: Date, disableAfterMs: number): Promise<boolean> {
  const iso = now.toISOString();
  await db.updateTable('subscriptions').set({ failing_since: iso }).where('id', '=', id).where('failing_since', 'is', null).execute();
  const limit = new Date(now.getTime() - disableAfterMs).toISOString();
  const result = await db
    .updateTable('subscriptions')
    .set({ status: 'disabled', disabled_reason: 'auto', updated_at: iso })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('failing_since', '<=', limit)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
