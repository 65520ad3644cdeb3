import type { Config } from '../config/load-config.js';
import type { StorageHandle } from '../storage/open-database.js';
import { countApiKeys } from '../storage/repositories/api-keys-repository.js';
import { ensureDefaultSource } from '../storage/repositories/sources-repository.js';
import { ApiKeyAuthorizer } from './api-key-authorizer.js';
import { RateLimiter } from './rate-limiter.js';
import { SecretBox } from './secret-box.js';
import { sealStoredSecrets } from './source-admin.js';
import { SourceAuthenticator } from './source-authenticator.js';
import type { ApiAuthorizer, WebhookAuthenticator } from './webhook-authenticator.js';

export interface Auth {
  webhooks: WebhookAuthenticator;
  api: ApiAuthorizer;
  /** Said at every start and on /readyz. */
  warnings: string[];
  /** Seals and opens webhook secrets at rest. */
  secretBox: SecretBox;
}

export async function createAuth(config: Config, storage: StorageHandle, now: () => Date = () => new Date()): Promise<Auth> {
  await ensureDefaultSource(storage.db, now().toISOString());
  const warnings: string[] = [];
  const secretBox = SecretBox.fromKey(config.secretKey);
  await sealStoredSecrets(storage.db, secretBox);
  if (config.allowUnsigned) {
    warnings.push(
      'OPEN MODE: ONEC_SYNC_ALLOW_UNSIGNED=true — webhooks without credentials are accepted as the default source. ' +
        'Anyone who can reach this port can write invoices. Generate signed 1C modules (onec-sync bsl) and turn it off.',
    );
  }
  if (!config.adminToken && (await countApiKeys(storage.db)) === 0) {
    warnings.push('No API key exists yet: the read API and the dashboard refuse everyone. Create one: npx onec-sync key add --scope admin');
  }
  const cacheMs = config.authCacheSeconds * 1000;
  return {
    webhooks: new SourceAuthenticator(storage.db, {
      allowUnsigned: config.allowUnsigned,
      toleranceSeconds: config.signatureToleranceSeconds,
      envToken: config.defaultSourceToken,
      envSecret: config.defaultSourceSecret,
      cacheMs,
      rateLimiter: new RateLimiter(config.rateLimitPerMinute, () => now().getTime()),
      secretBox,
      now,
    }),
    api: new ApiKeyAuthorizer(storage.db, { adminToken: config.adminToken, cacheMs, now }),
    warnings,
    secretBox,
  };
}
