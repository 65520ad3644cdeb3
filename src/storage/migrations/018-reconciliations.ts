import type { Kysely } from 'kysely';

/**
 * Frozen in time. `reconciliations`: one row per run of `onec-sync reconcile` (a comparison of
 * the store with 1C's standard OData interface), its status and its report as JSON, read by
 * GET /api/v1/reconciliations. `source_odata`: where a source's 1C publishes its OData
 * interface and who reads it; the password is sealed like a webhook secret when
 * ONEC_SYNC_SECRET_KEY is set.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reconciliations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('repair', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('report', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('reconciliations_by_source').on('reconciliations').columns(['source_id', 'started_at']).execute();
  await db.schema
    .createTable('source_odata')
    .addColumn('source_id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('password', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
