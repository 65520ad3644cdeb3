import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * `column LIKE '%text%'` with the wildcards in `text` escaped. The ESCAPE clause is
 * spelled out because SQLite has no default escape character (PostgreSQL's is `\`).
 * Callers lower-case both sides: SQLite's LIKE folds ASCII only, not Cyrillic.
 */
export function likeContains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
