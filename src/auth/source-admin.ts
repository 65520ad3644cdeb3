import type { Kysely } from 'kysely';
import type { ApiScope } from '../domain/api-scope.js';
import type { Database } from '../storage/database-schema.js';
import { insertApiKey } from '../storage/repositories/api-keys-repository.js';
import { expireCredentials, findSource, insertCredential, insertSource } from '../storage/repositories/sources-repository.js';
import { SecretBox } from './secret-box.js';
import { hashToken, newApiKey, newCredentialId, newKeyId, newSourceId, newSourceToken, newWebhookSecret } from './secrets.js';

/**
 * Managing sources and keys, shared by the CLI and the admin API. Every secret is
 * returned once, here, and never again: secrets are kept for HMAC checking, tokens and
 * API keys only as hashes.
 */
export interface IssuedCredentials {
  sourceId: string;
  secret: string;
  token: string;
}

async function issue(db: Kysely<Database>, sourceId: string, now: string, box: SecretBox): Promise<IssuedCredentials> {
  const secret = newWebhookSecret();
  const token = newSourceToken();
  await insertCredential(db, { id: newCredentialId(), source_id: sourceId, kind: 'secret', value: box.seal(secret), created_at: now });
  await insertCredential(db, { id: newCredentialId(), source_id: sourceId, kind: 'token', value: hashToken(token), created_at: now });
  return { sourceId, secret, token };
}

export async function addSource(db: Kysely<Database>, name: string, now: Date, box: SecretBox): Promise<IssuedCredentials> {
  return db.transaction().execute(async (trx) => {
    const id = newSourceId();
    await insertSource(trx, { id, name, now: now.toISOString() });
    return issue(trx, id, now.toISOString(), box);
  });
}

/** New secret and token; the old ones keep working for `overlapSeconds`, so 1C can be updated meanwhile. */
export async function rotateSource(
  db: Kysely<Database>,
  sourceId: string,
  overlapSeconds: number,
  now: Date,
  box: SecretBox,
): Promise<IssuedCredentials | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await findSource(trx, sourceId))) return undefined;
    const expiresAt = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
    await expireCredentials(trx, sourceId, 'secret', expiresAt);
    await expireCredentials(trx, sourceId, 'token', expiresAt);
    return issue(trx, sourceId, now.toISOString(), box);
  });
}

export async function addApiKey(db: Kysely<Database>, name: string, scope: ApiScope, now: Date): Promise<{ id: string; key: string; scope: ApiScope }> {
  const key = newApiKey();
  const id = newKeyId();
  await insertApiKey(db, { id, name, scope, key_hash: hashToken(key), created_at: now.toISOString() });
  return { id, key, scope };
}

/**
 * With a key: check it opens every sealed secret — webhook secrets and OData passwords — and
 * seal those still stored in clear (stored before the key was set). Without one: refuse to go
 * on if any is sealed — nothing could verify its signatures or read 1C.
 */
export async function sealStoredSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  const secrets = await db.selectFrom('source_credentials').select(['id', 'value']).where('kind', '=', 'secret').execute();
  const passwords = await db.selectFrom('source_odata').select(['source_id', 'password']).where('password', 'is not', null).execute();
  const values = [...secrets.map((r) => r.value), ...passwords.map((r) => r.password as string)];
  if (!box.enabled) {
    if (values.some((v) => SecretBox.isSealed(v)))
      throw new Error('Webhook secrets or OData passwords are stored encrypted: set ONEC_SYNC_SECRET_KEY to the key they were sealed with');
    return 0;
  }
  // A wrong key is found here, at start, not as a 500 on every signed webhook.
  for (const value of values) box.open(value);
  let sealed = 0;
  for (const row of secrets.filter((r) => !SecretBox.isSealed(r.value))) {
    await db
      .updateTable('source_credentials')
      .set({ value: box.seal(row.value) })
      .where('id', '=', row.id)
      .where('value', '=', row.value)
      .execute();
    sealed++;
  }
  for (const row of passwords.filter((r) => !SecretBox.isSealed(r.password as string))) {
    await db
      .updateTable('source_odata')
      .set({ password: box.seal(row.password as string) })
      .where('source_id', '=', row.source_id)
      .where('password', '=', row.password)
      .execute();
    sealed++;
  }
  return sealed;
}
