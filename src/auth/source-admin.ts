import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import { insertApiKey } from '../storage/repositories/api-keys-repository.js';
import { expireCredentials, findSource, insertCredential, insertSource } from '../storage/repositories/sources-repository.js';
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

async function issue(db: Kysely<Database>, sourceId: string, now: string): Promise<IssuedCredentials> {
  const secret = newWebhookSecret();
  const token = newSourceToken();
  await insertCredential(db, { id: newCredentialId(), source_id: sourceId, kind: 'secret', value: secret, created_at: now });
  await insertCredential(db, { id: newCredentialId(), source_id: sourceId, kind: 'token', value: hashToken(token), created_at: now });
  return { sourceId, secret, token };
}

export async function addSource(db: Kysely<Database>, name: string, now: Date): Promise<IssuedCredentials> {
  return db.transaction().execute(async (trx) => {
    const id = newSourceId();
    await insertSource(trx, { id, name, now: now.toISOString() });
    return issue(trx, id, now.toISOString());
  });
}

/** New secret and token; the old ones keep working for `overlapSeconds`, so 1C can be updated meanwhile. */
export async function rotateSource(db: Kysely<Database>, sourceId: string, overlapSeconds: number, now: Date): Promise<IssuedCredentials | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await findSource(trx, sourceId))) return undefined;
    const expiresAt = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
    await expireCredentials(trx, sourceId, 'secret', expiresAt);
    await expireCredentials(trx, sourceId, 'token', expiresAt);
    return issue(trx, sourceId, now.toISOString());
  });
}

export async function addApiKey(db: Kysely<Database>, name: string, scope: 'read' | 'admin', now: Date): Promise<{ id: string; key: string; scope: 'read' | 'admin' }> {
  const key = newApiKey();
  const id = newKeyId();
  await insertApiKey(db, { id, name, scope, key_hash: hashToken(key), created_at: now.toISOString() });
  return { id, key, scope };
}
