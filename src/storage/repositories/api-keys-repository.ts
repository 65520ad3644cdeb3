import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database } from '../database-schema.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertApiKey(db: Kysely<Database>, row: Omit<ApiKeyRow, 'revoked_at'>): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ ...row, revoked_at: null })
    .execute();
}

export async function findApiKeyByHash(db: Kysely<Database>, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function listApiKeys(db: Kysely<Database>): Promise<Omit<ApiKeyRow, 'key_hash'>[]> {
  return db.selectFrom('api_keys').select(['id', 'name', 'scope', 'created_at', 'revoked_at']).orderBy('created_at').execute();
}

export async function revokeApiKey(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countApiKeys(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
