import { type Kysely, sql } from 'kysely';

/**
 * Frozen in time. One table for the objects of every declared kind (a kind is a declaration
 * file, not code): the bookkeeping every synced object has, the kind, and one column per
 * role a declaration may give an attribute — number, date, counterparty, amount, code,
 * name, posted — so each list order and filter a declaration asks for has an index of its
 * own, whatever the kind. The rest of an object's content stays in the journal's body (as
 * for invoices); `fields` holds the listed attributes so a list page reads no body.
 *
 * The identity leads the unique index, as migration 008 made it for invoices on PostgreSQL:
 * each write batch finds its objects by `identity in (…) and source_id and kind`.
 * A reference between objects resolves through the same index (the referenced object's
 * `uuid:<guid>` identity in its kind).
 *
 * One counterparty's objects largest first have an index in that order, as migration 016
 * gave invoices: without it the list walked the kind's whole amount index looking for the
 * counterparty's (seconds on a million sales, more the fewer it has). Substring search
 * (`q`) has the trigram index migration 005 gave invoices (an FTS5 table kept by triggers
 * on SQLite, pg_trgm's GIN index on PostgreSQL): a rare term is found from it instead of
 * testing every row of the list (objects-repository.ts searches as the invoice lists do).
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('objects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
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
    .addColumn('current_body_hash', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('date', 'text')
    .addColumn('counterparty_uuid', 'text')
    .addColumn('counterparty_name', 'text')
    .addColumn('amount', 'text')
    .addColumn('amount_value', dialect === 'sqlite' ? 'real' : 'double precision')
    .addColumn('code', 'text')
    .addColumn('name', 'text')
    .addColumn('posted', 'integer')
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await sql`create unique index objects_identity on objects (identity, source_id, kind)`.execute(db);
  const withSearch =
    dialect === 'postgres'
      ? (name: string, keys: string) => sql.raw(`create index ${name} on objects (${keys}) include (search_text)`)
      : (name: string, keys: string) => sql.raw(`create index ${name} on objects (${keys}, search_text)`);
  await withSearch('objects_by_date', 'kind, deleted, date, id').execute(db);
  await withSearch('objects_by_number', 'kind, deleted, number, id').execute(db);
  await withSearch('objects_by_amount', 'kind, deleted, amount_value, id').execute(db);
  await withSearch('objects_by_code', 'kind, deleted, code, id').execute(db);
  await withSearch('objects_by_name', 'kind, deleted, name, id').execute(db);
  await withSearch('objects_by_counterparty', 'kind, counterparty_uuid, deleted, date, id').execute(db);
  await withSearch('objects_by_counterparty_amount', 'kind, counterparty_uuid, deleted, amount_value, id').execute(db);
  await sql`create index objects_posted on objects (kind, posted, deleted, date, id)`.execute(db);
  if (dialect === 'postgres') {
    // Migration 015 installed pg_trgm where it could; its operator class is named in the
    // extension's own schema (an extension is one per database, maybe not in ours).
    const schema = (await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db))
      .rows[0]?.schema;
    if (!schema) return;
    // In a savepoint, as 015 makes its own: without the right to use that schema, search stays a walk.
    await sql`savepoint trigram`.execute(db);
    try {
      await sql`create index objects_search_trgm on objects using gin (search_text ${sql.raw(`${schema}.gin_trgm_ops`)})`.execute(db);
      await sql`release savepoint trigram`.execute(db);
    } catch {
      await sql`rollback to savepoint trigram`.execute(db);
    }
    return;
  }
  await sql`create virtual table objects_fts using fts5(search_text, content='objects', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`create trigger objects_fts_insert after insert on objects begin
    insert into objects_fts(rowid, search_text) values (new.rowid, new.search_text);
  end`.execute(db);
  await sql`create trigger objects_fts_delete after delete on objects begin
    insert into objects_fts(objects_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
  end`.execute(db);
  await sql`create trigger objects_fts_update after update of search_text on objects
    when old.search_text is not new.search_text begin
    insert into objects_fts(objects_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
    insert into objects_fts(rowid, search_text) values (new.rowid, new.search_text);
  end`.execute(db);
}
