import type { IncomingHttpHeaders } from 'node:http';
import type { ApiScope } from '../domain/api-scope.js';
import type { SourceId } from '../domain/branded-ids.js';

/** Who sent a webhook, once its credentials are checked. */
export interface WebhookIdentity {
  sourceId: SourceId;
  /**
   * webhook-id: the idempotency key, per source. Honoured for authenticated sources and,
   * in open mode, for the default source (which then accepts anything anyway).
   */
  webhookId: string | null;
}

/**
 * Checks a webhook's credentials against its raw bytes. Throws an AppError (401/403/429)
 * when refused; the error's `sourceId` names the source when it is known, so the refusal is
 * journaled under it.
 */
export interface WebhookAuthenticator {
  authenticate(headers: IncomingHttpHeaders, body: Buffer): Promise<WebhookIdentity>;
}

/** `admin` includes `read` and `metrics`; `metrics` reads /metrics and nothing else (a scraper's key). */

/** Checks the read API's bearer keys. Throws an AppError (401/403) when refused; else the key's own scope. */
export interface ApiAuthorizer {
  authorize(authorization: string | undefined, scope: ApiScope): Promise<ApiScope>;
}
