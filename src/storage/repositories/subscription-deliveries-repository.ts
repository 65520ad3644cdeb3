import { type ExpressionBuilder, type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { DeliveryStatus } from '../../domain/delivery-status.js';
import type { Database, SubscriptionAttemptsTable, SubscriptionDeliveriesTable } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';

export type DeliveryRow = Selectable<SubscriptionDeliveriesTable>;
export type NewDelivery = Insertable<SubscriptionDeliveriesTable>;
export type AttemptRow = Selectable<SubscriptionAttemptsTable>;

/** New deliveries of one subscription; a change already turned into one is skipped. */
export async function insertDeliveries(db: Kysely<Database>, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('subscription_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['subscription_id', 'change_id']).doNothing())
    .execute();
}

type DeliveriesAsD = { d: Database['subscription_deliveries'] };

/** Pending, its time come, and no live lease on it: the claim's test of a delivery `d`. */
function isDue(eb: ExpressionBuilder<DeliveriesAsD, 'd'>, subscriptionId: string, now: string) {
  return eb.and([
    eb('d.subscription_id', '=', subscriptionId),
    eb('d.status', '=', 'pending'),
    eb('d.next_attempt_at', '<=', now),
    eb.or([eb('d.lease_expires_at', 'is', null), eb('d.lease_expires_at', '<=', now)]),
  ]);
}

/**
 * Lease up to the subscription's free concurrency of its due deliveries to `owner`, in
 * one transaction. A delivery is due when it is pending, its time has come, no live lease
 * holds it, and no earlier version of the same object is still pending for this
 * subscription (per-object order). PostgreSQL: the subscription row is locked
 * `FOR UPDATE SKIP LOCKED` for the claim, so replicas claim one subscription's deliveries
 * one at a time and the concurrency limit holds across replicas; a replica that finds it
 * locked moves on. SQLite has one writer: the transaction alone serialises claims.
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  support: DialectSupport,
  claim: { subscriptionId: string; owner: string; now: Date; leaseMs: number; concurrency: number },
): Promise<DeliveryRow[]> {
  const now = claim.now.toISOString();
  // A read first: most rounds find nothing due, and a claim is a write transaction (on
  // SQLite, one that waits for the writer thread's lock).
  const anyDue = await db
    .selectFrom('subscription_deliveries as d')
    .select('d.id')
    .where((eb) => isDue(eb, claim.subscriptionId, now))
    .limit(1)
    .executeTakeFirst();
  if (!anyDue) return [];
  return db.transaction().execute(async (trx) => {
    let locked = trx.selectFrom('subscriptions').select('id').where('id', '=', claim.subscriptionId).where('status', '=', 'active');
    if (support.name === 'postgres') locked = locked.forUpdate().skipLocked();
    if (!(await locked.executeTakeFirst())) return [];
    const inflight = await trx
      .selectFrom('subscription_deliveries')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('subscription_id', '=', claim.subscriptionId)
      .where('status', '=', 'pending')
      .where('lease_expires_at', '>', now)
      .executeTakeFirstOrThrow();
    const room = claim.concurrency - Number(inflight.n);
    if (room <= 0) return [];
    const due = await trx
      .selectFrom('subscription_deliveries as d')
      .select('d.id')
      .where((eb) => isDue(eb, claim.subscriptionId, now))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('subscription_deliveries as e')
              .select(sql.lit(1).as('one'))
              .whereRef('e.subscription_id', '=', 'd.subscription_id')
              .whereRef('e.object_id', '=', 'd.object_id')
              .whereRef('e.object_version', '<', 'd.object_version')
              .where('e.status', '=', 'pending'),
          ),
        ),
      )
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(room)
      .execute();
    if (due.length === 0) return [];
    const leaseExpiresAt = new Date(claim.now.getTime() + claim.leaseMs).toISOString();
    return trx
      .updateTable('subscription_deliveries')
      .set({ lease_owner: claim.owner, lease_expires_at: leaseExpiresAt })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
  });
}

const SUCCESS_REFRESH_MS = 5_000;

export interface AttemptResult {
  deliveryId: string;
  owner: string;
  status: DeliveryStatus;
  nextAttemptAt: string;
  retryUntil: string | null;
  httpStatus: number | null;
  error: string | null;
  finishedAt: string | null;
}

/**
 * Record an attempt's outcome and hand the lease back. Only the lease holder updates the
 * delivery (false when the lease was lost: another replica has it now); the attempt is
 * logged either way — it happened.
 */
export async function finishAttempt(db: Kysely<Database>, result: AttemptResult, attempt: Insertable<SubscriptionAttemptsTable>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('subscription_attempts').values(attempt).execute();
    if (result.status === 'done') {
      // The endpoint works: end a failure streak; `last_success_at` is refreshed at most
      // every few seconds, not on every delivery of a busy subscription.
      const at = result.finishedAt ?? result.nextAttemptAt;
      const stale = new Date(Date.parse(at) - SUCCESS_REFRESH_MS).toISOString();
      await trx
        .updateTable('subscriptions')
        .set({ failing_since: null, last_success_at: at })
        .where('id', '=', attempt.subscription_id)
        .where((eb) => eb.or([eb('failing_since', 'is not', null), eb('last_success_at', 'is', null), eb('last_success_at', '<', stale)]))
        .execute();
    }
    const updated = await trx
      .updateTable('subscription_deliveries')
      .set((eb) => ({
        status: result.status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: result.nextAttemptAt,
        retry_until: result.retryUntil,
        last_http_status: result.httpStatus,
        last_error: result.error,
        finished_at: result.finishedAt,
        lease_owner: null,
        lease_expires_at: null,
      }))
      .where('id', '=', result.deliveryId)
      .where('lease_owner', '=', result.owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  });
}

export async function insertAttempt(db: Kysely<Database>, attempt: Insertable<SubscriptionAttemptsTable>): Promise<void> {
  await db.insertInto('subscription_attempts').values(attempt).execute();
}

/** A clean stop: the leases this worker holds go back, so another replica (or the next start) takes them at once. */
export async function releaseLeases(db: Kysely<Database>, owner: string): Promise<number> {
  const result = await db
    .updateTable('subscription_deliveries')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Queue finished deliveries again: one by id (done or dead — an operator's explicit
 * wish), or every dead one of a subscription. Returns how many were queued.
 */
export async function redeliver(db: Kysely<Database>, target: { subscriptionId: string; deliveryId?: string }, now: string): Promise<number> {
  let query = db
    .updateTable('subscription_deliveries')
    .set({ status: 'pending', next_attempt_at: now, retry_until: null, finished_at: null, lease_owner: null, lease_expires_at: null })
    .where('subscription_id', '=', target.subscriptionId);
  query = target.deliveryId ? query.where('id', '=', target.deliveryId).where('status', 'in', ['done', 'dead']) : query.where('status', '=', 'dead');
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A subscription's deliveries, newest first (ids are UUIDv7). */
export async function listDeliveries(db: Kysely<Database>, filter: { subscriptionId: string; status?: DeliveryStatus; beforeId?: string; limit: number }) {
  let query = db
    .selectFrom('subscription_deliveries')
    .select([
      'id',
      'subscription_id',
      'change_id',
      'kind',
      'action',
      'object_id',
      'object_version',
      'status',
      'attempts',
      'next_attempt_at',
      'last_http_status',
      'last_error',
      'created_at',
      'finished_at',
      'lease_expires_at',
    ])
    .where('subscription_id', '=', filter.subscriptionId)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

/** The attempt log of a subscription (or of one delivery), newest first. */
export async function listAttempts(db: Kysely<Database>, filter: { subscriptionId: string; deliveryId?: string; limit: number }): Promise<AttemptRow[]> {
  let query = db.selectFrom('subscription_attempts').selectAll().where('subscription_id', '=', filter.subscriptionId).orderBy('id', 'desc').limit(filter.limit);
  if (filter.deliveryId) query = query.where('delivery_id', '=', filter.deliveryId);
  return query.execute();
}

/** Deliveries per status, per subscription. */
export async function deliveryCounts(db: Kysely<Database>): Promise<Map<string, Record<DeliveryStatus, number>>> {
  const rows = await db
    .selectFrom('subscription_deliveries')
    .select((eb) => ['subscription_id', 'status', eb.fn.countAll<string | number>().as('n')])
    .groupBy(['subscription_id', 'status'])
    .execute();
  const counts = new Map<string, Record<DeliveryStatus, number>>();
  for (const row of rows) {
    const entry = counts.get(row.subscription_id) ?? { pending: 0, done: 0, dead: 0 };
    entry[row.status] = Number(row.n);
    counts.set(row.subscription_id, entry);
  }
  return counts;
}
