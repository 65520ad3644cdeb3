import { createHash, randomBytes } from 'node:crypto';

/** Identifiers and secrets handed out by onec-sync. Prefixes tell a leaked string's kind at a glance. */
export const newSourceId = (): string => `src_${randomBytes(6).toString('hex')}`;
export const newKeyId = (): string => `key_${randomBytes(6).toString('hex')}`;
export const newCredentialId = (): string => `cred_${randomBytes(8).toString('hex')}`;
/** Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (the spec allows 24–64). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
/** Bearer token for a 1C source. */
export const newSourceToken = (): string => `ost_${randomBytes(32).toString('base64url')}`;
/** Read-API key. */
export const newApiKey = (): string => `osk_${randomBytes(32).toString('base64url')}`;

/** Tokens and API keys are stored as this hash: they only need checking, and a stolen database yields no usable credential. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
