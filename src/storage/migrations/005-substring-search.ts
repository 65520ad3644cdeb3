import { sql, type Kysely } from 'kysely';

/**
 * Frozen in time. Substring search (`q`: a fragment of a number, a name, a code) without
 * reading every row: trigram indexes. SQLite: an FTS5 table with the trigram tokenizer over
 * `search_text`, kept in step by triggers (it answers `LIKE '%…%'` from its index).
 * PostgreSQL: pg_trgm's GIN index, which plain `LIKE '%…%'` uses by itself. pg_trgm is a
 * trusted extension (PostgreSQL 13+); where it cannot be created, search stays a scan.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') {
    await sql`savepoint trigram`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create index invoices_search_trgm on invoices using gin (search_text gin_trgm_ops)`.execute(db);
      await sql`create index clients_search_trgm on clients using gin (search_text gin_trgm_ops)`.execute(db);
      await sql`release savepoint trigram`.execute(db);
    } catch {
      await sql`rollback to savepoint trigram`.execute(db);
    }
    return;
  }
  for (const table of ['invoices', 'clients']) {
    const fts = sql.raw(`${table}_fts`);
    const t = sql.raw(table);
    await sql`create virtual table ${fts} using fts5(search_text, content='${t}', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_fts_insert`)} after insert on ${t} begin
      insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text);
    end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_fts_delete`)} after delete on ${t} begin
      insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text);
    end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_fts_update`)} after update of search_text on ${t}
      when old.search_text is not new.search_text begin
      insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text);
    end`.execute(db);
  }
}
