import type { Kysely, Selectable } from 'kysely';
import type { ActivityStatus } from '../../domain/activity-status.js';
import type { Database, SourceCredentialsTable, SourcesTable } from '../database-schema.js';

export type SourceRow = Selectable<SourcesTable>;
export type CredentialRow = Selectable<SourceCredentialsTable>;

export const DEFAULT_SOURCE_ID = 'default';

/** The source for credentials from the environment and for open mode. */
export async function ensureDefaultSource(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('sources')
    .values({ id: DEFAULT_SOURCE_ID, name: 'Default (environment)', status: 'active', created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function insertSource(db: Kysely<Database>, source: { id: string; name: string; now: string }): Promise<void> {
  await db.insertInto('sources').values({ id: source.id, name: source.name, status: 'active', created_at: source.now, updated_at: source.now }).execute();
}

export async function findSource(db: Kysely<Database>, id: string): Promise<SourceRow | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSources(db: Kysely<Database>): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function setSourceStatus(db: Kysely<Database>, id: string, status: ActivityStatus, now: string): Promise<boolean> {
  const result = await db.updateTable('sources').set({ status, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCredential(db: Kysely<Database>, row: Omit<CredentialRow, 'expires_at'> & { expires_at?: string | null }): Promise<void> {
  await db
    .insertInto('source_credentials')
    .values({ expires_at: null, ...row })
    .execute();
}

/** Rotation: the source's current credentials of `kind` stop working at `expiresAt`. */
export async function expireCredentials(db: Kysely<Database>, sourceId: string, kind: 'token' | 'secret', expiresAt: string): Promise<void> {
  await db
    .updateTable('source_credentials')
    .set({ expires_at: expiresAt })
    .where('source_id', '=', sourceId)
    .where('kind', '=', kind)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', expiresAt)]))
    .execute();
}

/** Credentials that still work at `now`, with their source's status. */
export async function liveCredentials(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('source_credentials')
    .innerJoin('sources', 'sources.id', 'source_credentials.source_id')
    .select([
      'source_credentials.source_id as sourceId',
      'source_credentials.kind',
      'source_credentials.value',
      'source_credentials.created_at as createdAt',
      'sources.status',
    ])
    .where((eb) => eb.or([eb('source_credentials.expires_at', 'is', null), eb('source_credentials.expires_at', '>', now)]))
    .orderBy('source_credentials.created_at', 'desc')
    .execute();
}

export async function sourceStatuses(db: Kysely<Database>): Promise<Map<string, ActivityStatus>> {
  const rows = await db.selectFrom('sources').select(['id', 'status']).execute();
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** The newest live webhook secret of a source (the 1C module generator embeds it). */
export async function currentSecret(db: Kysely<Database>, sourceId: string, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('source_credentials')
    .select('value')
    .where('source_id', '=', sourceId)
    .where('kind', '=', 'secret')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.value;
}
