import { type Kysely, sql } from 'kysely';

/**
 * Frozen in time. A date window listed in another order (`?from=…&to=…&sort=amount`, the
 * same by number) walks that order's index and tests each entry's date (objects-repository.ts,
 * a wide window): the date was not in those indexes, so each entry walked cost a read of its
 * table row — about 1,800 rows for a month's first page at a million sales, 340 ms from a
 * cold page cache on SQLite, 1.5 s beside other reads. The number and amount indexes now carry
 * the date, so the window is tested in the index and only the page's own rows are read
 * (10 ms cold). SQLite tests a term on an index's columns before it reads the table row
 * (a deferred seek); on PostgreSQL the date is an included column, as `search_text` is.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  for (const [name, column] of [
    ['objects_by_number', 'number'],
    ['objects_by_amount', 'amount_value'],
  ] as const) {
    await sql`drop index ${sql.ref(name)}`.execute(db);
    const keys = `kind, deleted, ${column}, id`;
    await sql
      .raw(
        dialect === 'postgres'
          ? `create index ${name} on objects (${keys}) include (date, search_text)`
          : `create index ${name} on objects (${keys}, date, search_text)`,
      )
      .execute(db);
  }
}
