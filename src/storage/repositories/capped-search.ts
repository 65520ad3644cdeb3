import { type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { uncheckedTables } from '../dialects/untyped-view.js';

/**
 * Substring search (`q`) over a keyset-paginated list, at a cost that does not grow with
 * the matches (docs/ARCHITECTURE.md, "Search"). Two ways to a page, each bounded:
 *
 * 1. Walk the list's own index from the cursor, in the list's order, testing each row, and
 *    stop at a page — or after `scanRows` rows. A term most rows contain (a supplier's
 *    name, a city) fills the page within a few rows.
 * 2. If the walk ended first, the term is rare among those rows: ask the trigram index for
 *    the matches beyond them, at most `maxMatches`, and sort those. More than that and
 *    the page is sorted from the first `maxMatches` only, and says so (`truncated`).
 *
 * A page is exact unless truncated: the walk covers its rows in order, the trigram index
 * every row after them. Both bounds meet: a term the walk cannot fill a page from is in
 * fewer than `limit / scanRows` of the rows, so a million rows hold about
 * `limit · 1e6 / scanRows` of its matches (5,000 at the defaults and a page of 50).
 */

export interface SearchCaps {
  /** Rows of the list's index the walk tests before turning to the trigram index. */
  scanRows: number;
  /** Matches the trigram index may hand over to be sorted; more, and the page is truncated. */
  maxMatches: number;
}

export const DEFAULT_SEARCH_CAPS: SearchCaps = { scanRows: 10_000, maxMatches: 5_000 };

export interface SearchPage<Row> {
  rows: Row[];
  /** More matches than `maxMatches`: this page may miss some; refine the search. */
  truncated: boolean;
}

export interface ListOrder {
  table: 'invoices' | 'clients' | 'objects';
  /** The sort key; rows whose key is NULL come after every keyed row, by id in the same direction. */
  column: string;
  direction: 'asc' | 'desc';
}

// biome-ignore lint/suspicious/noExplicitAny: the walk serves both lists' tables, which Kysely can only type as any.
// biome-ignore lint/complexity/noBannedTypes: `{}` is Kysely's type for a select that has chosen no columns yet.
type Builder = SelectQueryBuilder<any, any, {}>;
type Key = string | number | null;

export interface SearchRequest {
  /** Applies the list's filters (not `q`) to a query over the list's table. */
  filters: (qb: Builder) => Builder;
  columns: readonly string[];
  order: ListOrder;
  /** Lower-cased. */
  text: string;
  after?: { key: Key; id: string };
  limit: number;
  caps: SearchCaps;
  /** The filters leave an index in the list's order to walk (e.g. invoices need a kind). */
  walkable: boolean;
}

export async function searchList<Row>(db: Kysely<Database>, support: DialectSupport, r: SearchRequest): Promise<SearchPage<Row>> {
  const any = uncheckedTables(db);
  const { column, direction, table } = r.order;
  const beyond = direction === 'desc' ? sql.raw('<') : sql.raw('>');
  const past = (key: Key, id: string) => sql<SqlBool>`(${sql.ref(`${table}.${column}`)}, ${sql.ref(`${table}.id`)}) ${beyond} (${key}, ${id})`;
  const keyRef = `${table}.${column}`;
  const idRef = `${table}.id`;
  // The part of the list after the cursor, as a condition on a query over the table.
  const afterCursor = (qb: Builder): Builder => {
    if (!r.after) return qb;
    const { key, id } = r.after;
    if (key === null) return qb.where(keyRef, 'is', null).where(idRef, direction === 'desc' ? '<' : '>', id);
    return qb.where((eb) => eb.or([eb(keyRef, 'is', null), past(key, id)]));
  };

  // Ids of the page's rows, found from the indexes alone; the rows are read once, at the end.
  let found: string[] = [];
  let rest = afterCursor;
  if (r.walkable && r.after?.key !== null) {
    const keyed = () => {
      let qb = r.filters(any.selectFrom(table)).where(keyRef, 'is not', null);
      if (r.after) qb = qb.where(past(r.after.key, r.after.id));
      return qb;
    };
    // The last row the walk may test: the scanRows-th of the list from the cursor, read from the index alone.
    const floor = (await keyed()
      .select([`${keyRef} as key`, `${idRef} as id`])
      .orderBy(keyRef, direction)
      .orderBy(idRef, direction)
      .offset(r.caps.scanRows - 1)
      .limit(1)
      .executeTakeFirst()) as { key: Key; id: string } | undefined;
    let walk = keyed().where(support.scanContains(`${table}.search_text`, r.text));
    const within = direction === 'desc' ? sql.raw('>=') : sql.raw('<=');
    if (floor) walk = walk.where(sql<SqlBool>`(${sql.ref(keyRef)}, ${sql.ref(idRef)}) ${within} (${floor.key}, ${floor.id})`);
    // Only the key, id and search_text: the list's index covers them (migration 012).
    found = ((await walk.select(`${idRef} as id`).orderBy(keyRef, direction).orderBy(idRef, direction).limit(r.limit).execute()) as { id: string }[]).map(
      (w) => w.id,
    );
    // Every keyed row after the cursor was tested: only rows without a key remain.
    if (found.length < r.limit)
      rest = floor ? (qb) => qb.where((eb) => eb.or([eb(keyRef, 'is', null), past(floor.key, floor.id)])) : (qb) => qb.where(keyRef, 'is', null);
  }

  let truncated = false;
  if (found.length < r.limit) {
    // The trigram index is asked for the term's least common part, each row tested for the whole term.
    const sample =
      [...r.text].length > FRAGMENT
        ? ((await r.filters(any.selectFrom(table)).select(`${table}.search_text as text`).limit(SAMPLE).execute()) as { text: string }[]).map((x) => x.text)
        : [];
    const fragment = rarestFragment(r.text, sample);
    let search = rest(r.filters(support.searchFrom(db, table, fragment)));
    if (fragment !== r.text) search = search.where(support.scanContains(`${table}.search_text`, r.text));
    const candidates = (await search
      .select(`${idRef} as id`)
      .limit(r.caps.maxMatches + 1)
      .execute()) as { id: string }[];
    truncated = candidates.length > r.caps.maxMatches;
    found = found.concat(candidates.slice(0, r.caps.maxMatches).map((c) => c.id));
  }
  if (found.length === 0) return { rows: [], truncated };
  const rows = (await any
    .selectFrom(table)
    .select(r.columns as string[])
    .where('id', 'in', found)
    // Keyed rows first on both dialects (PostgreSQL's DESC would put NULLs first); the
    // walk's rows come before the trigram index's, so they are the page's first ones.
    .orderBy(sql`${sql.ref(column)} is null`)
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(r.limit)
    .execute()) as Row[];
  return { rows, truncated };
}

/** Characters of the part of a long term the trigram index is asked for: four trigrams. */
const FRAGMENT = 6;
/** Rows whose search text tells which trigrams are common. */
const SAMPLE = 500;

/**
 * The FRAGMENT characters of `text` whose trigrams are least common in `sample`. A trigram
 * index answers a term by reading the rows of every trigram in it, so a long term costs
 * its most common trigrams' rows — a supplier's full name ("дніпровський торговий дім
 * 2999") read the rows of "ськ", "ий ", "тор" … to find a few matches. The
 * rarest part of it finds the same rows (and a few more, tested out) reading far fewer.
 */
export function rarestFragment(text: string, sample: string[]): string {
  const chars = [...text];
  if (chars.length <= FRAGMENT || sample.length === 0) return text;
  const seen = new Map<string, number>();
  for (let i = 0; i + 3 <= chars.length; i++) seen.set(chars.slice(i, i + 3).join(''), 0);
  for (const row of sample) for (const gram of seen.keys()) if (row.includes(gram)) seen.set(gram, seen.get(gram)! + 1);
  let best = 0;
  let bestCost = Infinity;
  for (let start = 0; start + FRAGMENT <= chars.length; start++) {
    let cost = 0;
    for (let i = start; i + 3 <= start + FRAGMENT; i++) cost += seen.get(chars.slice(i, i + 3).join(''))!;
    // Ties go to the later part: names and numbers end in their distinctive digits.
    if (cost <= bestCost) [best, bestCost] = [start, cost];
  }
  return chars.slice(best, best + FRAGMENT).join('');
}
