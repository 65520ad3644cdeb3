import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. Pushed deliveries: a subscription follows the changes feed with a cursor
 * of its own; every matching change becomes a row of `subscription_deliveries` (an outbox)
 * that workers claim with a lease; every attempt is logged in `subscription_attempts`.
 * (`deliveries` is taken: it holds the idempotency keys of webhooks received from 1C.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    // Comma-separated kinds (incoming,outgoing,client); null = every kind.
    .addColumn('kinds', 'text')
    .addColumn('source_id', 'text')
    .addColumn('description', 'text')
    // whsec_…: needed in clear to sign, like a source's secret.
    .addColumn('secret', 'text', (c) => c.notNull())
    // After a rotation the previous secret also signs, until it expires.
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('concurrency', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    // The feed cursor this subscription has turned into deliveries up to; null = from the start.
    .addColumn('cursor', 'text')
    // First failure after the last success: how long the endpoint has been failing.
    .addColumn('failing_since', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subscription_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('change_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('object_version', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    // The change as the feed presents it (JSON), fixed when the delivery is created.
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending → done | dead
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    // Retries stop (dead letter) once this passes: the first try plus the retry period.
    .addColumn('retry_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('subscription_deliveries_change', ['subscription_id', 'change_id'])
    .execute();
  // The claim: due pending deliveries of one subscription, in the claim's own order (id
  // included), so the database walks them in order and stops at the claim's limit instead
  // of sorting every pending delivery (a hash anti-join over the whole outbox, per claim).
  await db.schema.createIndex('subscription_deliveries_due').on('subscription_deliveries').columns(['subscription_id', 'status', 'next_attempt_at', 'id']).execute();
  // The claim's count of deliveries in flight: only leased rows, not every pending one.
  await db.schema
    .createIndex('subscription_deliveries_leased')
    .on('subscription_deliveries')
    .columns(['subscription_id', 'lease_expires_at'])
    .where(sql.ref('lease_expires_at'), 'is not', null)
    .execute();
  // Per-object order: "is an earlier version of this object still pending?"
  await db.schema.createIndex('subscription_deliveries_object').on('subscription_deliveries').columns(['subscription_id', 'object_id', 'object_version']).execute();

  await db.schema
    .createTable('subscription_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    // Null for a test send.
    .addColumn('delivery_id', 'text')
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    // The replica (lease owner) that made the attempt.
    .addColumn('worker', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    // ok | retry | dead | test
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_snippet', 'text')
    .execute();
  await db.schema.createIndex('subscription_attempts_subscription').on('subscription_attempts').columns(['subscription_id', 'id']).execute();
  await db.schema.createIndex('subscription_attempts_delivery').on('subscription_attempts').columns(['delivery_id', 'id']).execute();
}
