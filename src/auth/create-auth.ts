import type { Config } from '../config/load-config.js';
import type { StorageHandle } from '../storage/open-database.js';
import { ensureDefaultSource } from '../storage/repositories/sources-repository.js';
import type { ApiAuthorizer, WebhookAuthenticator } from './webhook-authenticator.js';

export interface Auth {
  webhooks: WebhookAuthenticator;
  api: ApiAuthorizer;
  warnings: string[];
}

/** Placeholder until issue 3: every webhook belongs to the default source. */
export async function createAuth(_config: Config, storage: StorageHandle, now: () => Date = () => new Date()): Promise<Auth> {
  await ensureDefaultSource(storage.db, now().toISOString());
  return {
    webhooks: {
      async authenticate(headers) {
        const id = headers['webhook-id'];
        return { sourceId: 'default', webhookId: typeof id === 'string' && id !== '' ? id : null };
      },
    },
    api: { async authorize() {} },
    warnings: [],
  };
}
