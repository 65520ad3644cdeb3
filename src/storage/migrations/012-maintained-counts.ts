import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. Counts the overview shows, kept in step by the writes instead of
 * counted on every read (docs/ARCHITECTURE.md, "Maintained counts"):
 * - `object_counts`: per kind (incoming, outgoing, clients) and source, how many objects
 *   are live (not deleted in 1C) and how many are deleted;
 * - `event_counts`: journal rows per UTC hour (`period` "YYYY-MM-DDTHH", the first 13
 *   characters of `received_at`) and per all time (`period` "all"), by endpoint, status
 *   and source ('' when the request named none).
 * Both are filled from the rows already stored, in this migration's transaction.
 *
 * And the lists' own indexes carry `search_text`, so a search's walk of a list in its
 * order (src/storage/repositories/capped-search.ts) tests rows from the index alone: on
 * SQLite as a trailing column, on PostgreSQL as an INCLUDE column (an index-only scan
 * filters on it). 10,000 rows cost 130 ms with a row read each, 10 ms from the index, at
 * a million invoices on SQLite.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('object_counts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('live', big, (c) => c.notNull())
    .addColumn('deleted', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('object_counts_pk', ['kind', 'source_id'])
    .execute();
  await db.schema
    .createTable('event_counts')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('n', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('event_counts_pk', ['period', 'endpoint', 'status', 'source_id'])
    .execute();

  await sql`insert into object_counts (kind, source_id, live, deleted)
    select kind, source_id, sum(case when deleted = 0 then 1 else 0 end), sum(case when deleted = 0 then 0 else 1 end)
    from invoices group by kind, source_id`.execute(db);
  await sql`insert into object_counts (kind, source_id, live, deleted)
    select 'clients', source_id, sum(case when deleted = 0 then 1 else 0 end), sum(case when deleted = 0 then 0 else 1 end)
    from clients group by source_id`.execute(db);
  await sql`insert into event_counts (period, endpoint, status, source_id, n)
    select substr(received_at, 1, 13), endpoint, status, coalesce(source_id, ''), count(*)
    from events group by substr(received_at, 1, 13), endpoint, status, coalesce(source_id, '')`.execute(db);
  await sql`insert into event_counts (period, endpoint, status, source_id, n)
    select 'all', endpoint, status, coalesce(source_id, ''), count(*)
    from events group by endpoint, status, coalesce(source_id, '')`.execute(db);

  const include = dialect === 'postgres' ? (table: string, keys: string) => sql.raw(`on ${table} (${keys}) include (search_text)`) : (table: string, keys: string) => sql.raw(`on ${table} (${keys}, search_text)`);
  await sql`drop index invoices_list`.execute(db);
  await sql`create index invoices_list ${include('invoices', 'kind, deleted, date, id')}`.execute(db);
  await sql`drop index clients_list`.execute(db);
  await sql`create index clients_list ${include('clients', 'deleted, name, id')}`.execute(db);
}
