import type { Kysely } from 'kysely';

/**
 * Frozen in time: a database already migrated never runs this again, so never import application code here, never edit after
 * release — add a new numbered migration instead.
 */
export async function up(db: Kysely<any>, binaryType: 'blob' | 'bytea'): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('source_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('source_credentials_value').on('source_credentials').columns(['kind', 'value']).execute();
  await db.schema.createIndex('source_credentials_source').on('source_credentials').column('source_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('webhook_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_path', 'text')
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('object_version', 'integer')
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('body', binaryType)
    .addColumn('body_size', 'integer', (c) => c.notNull())
    .addColumn('remote_addr', 'text')
    .addColumn('replay_of', 'text')
    .execute();
  // Event ids are UUIDv7: ordering by id is ordering by arrival, so every list is a keyset scan.
  await db.schema.createIndex('events_status_id').on('events').columns(['status', 'id']).execute();
  await db.schema.createIndex('events_endpoint_id').on('events').columns(['endpoint', 'id']).execute();
  await db.schema.createIndex('events_source_id').on('events').columns(['source_id', 'id']).execute();
  await db.schema.createIndex('events_object').on('events').columns(['object_id', 'id']).execute();

  // The idempotency keys that never expire (webhook systems usually keep them for a window of days; a 1C outbox may retry a month later).
  await db.schema
    .createTable('deliveries')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['source_id', 'webhook_id'])
    .execute();

  const objectColumns = (table: ReturnType<Kysely<any>['schema']['createTable']>) =>
    table
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('identity', 'text', (c) => c.notNull())
      .addColumn('uuid', 'text')
      .addColumn('source_ref', 'text', (c) => c.notNull())
      .addColumn('deletion_mark', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('event_number', 'text')
      .addColumn('data_version', 'text')
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('current_event_id', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull());

  await objectColumns(db.schema.createTable('invoices'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('counterparty_name', 'text')
    .addColumn('counterparty_edrpou', 'text')
    .addColumn('counterparty_code', 'text')
    .addColumn('counterparty_tax_id', 'text')
    .addColumn('total', 'text')
    .addColumn('currency_code', 'text')
    .addColumn('posted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment', 'text')
    .addColumn('payment_due', 'text')
    .addColumn('position_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('invoices_identity', ['source_id', 'kind', 'identity'])
    .execute();
  await db.schema.createIndex('invoices_list').on('invoices').columns(['kind', 'deleted', 'date', 'id']).execute();
  await db.schema.createIndex('invoices_number').on('invoices').columns(['number']).execute();
  await db.schema.createIndex('invoices_edrpou').on('invoices').columns(['counterparty_edrpou', 'date']).execute();

  await objectColumns(db.schema.createTable('clients'))
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text')
    .addColumn('edrpou', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('comment', 'text')
    .addUniqueConstraint('clients_identity', ['source_id', 'identity'])
    .execute();
  await db.schema.createIndex('clients_list').on('clients').columns(['deleted', 'name', 'id']).execute();
  await db.schema.createIndex('clients_edrpou').on('clients').columns(['edrpou']).execute();
  await db.schema.createIndex('clients_code').on('clients').columns(['code']).execute();

  await db.schema
    .createTable('versions')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('versions_pk', ['object_id', 'version'])
    .execute();
}
