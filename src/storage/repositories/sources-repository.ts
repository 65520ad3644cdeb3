import type { Kysely, Selectable } from 'kysely';
import type { Database, SourcesTable } from '../database-schema.js';

export type SourceRow = Selectable<SourcesTable>;

export const DEFAULT_SOURCE_ID = 'default';

/** The source for credentials from the environment and for open mode. */
export async function ensureDefaultSource(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('sources')
    .values({ id: DEFAULT_SOURCE_ID, name: 'Default (environment)', status: 'active', created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findSource(db: Kysely<Database>, id: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSources(db: Kysely<Database>): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().orderBy('created_at').execute();
}
