import { sign } from '../auth/standard-webhooks.js';
import type { SubscriptionFormat } from '../storage/database-schema.js';

export const USER_AGENT = 'onec-sync/0.1 (+pushed deliveries)';

export interface OutboundMessage {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * Where a delivery goes (`webhookPath`: the path 1C posts the change's kind to): `onec-sync` posts to the subscription URL itself; `classic` posts
 * to the ERP endpoint the classic modules post to for that kind, under the subscription
 * URL, so an ERP built for them receives what 1C would have sent it.
 */
export function targetUrl(base: string, format: SubscriptionFormat, webhookPath: string): string {
  if (format === 'onec-sync') return base;
  return base.replace(/\/+$/, '') + webhookPath;
}

/**
 * The secrets a delivery is signed with: the current one and, for the overlap after a
 * rotation, the previous one too — Standard Webhooks allows several space-separated
 * signatures, so a receiver that still has the old secret keeps verifying.
 */
export function liveSecrets(subscription: { secret: string; previous_secret: string | null; previous_secret_expires_at: string | null }, now: Date): string[] {
  const previous =
    subscription.previous_secret && subscription.previous_secret_expires_at && subscription.previous_secret_expires_at > now.toISOString()
      ? [subscription.previous_secret]
      : [];
  return [subscription.secret, ...previous];
}

/**
 * Standard Webhooks headers: `webhook-id` is the change id, the same on every retry and
 * redelivery, so the receiver deduplicates; the signature covers `{id}.{timestamp}.{body}`
 * with the subscription's own secret. A classic body is signed too: an ERP built for the
 * classic modules ignores the extra headers, and one that learns to verify can.
 */
export function signedMessage(input: { url: string; secrets: string[]; webhookId: string; body: Buffer; now: Date }): OutboundMessage {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    url: input.url,
    body: input.body,
    headers: {
      // What the classic modules send (1C's HTTPЗапрос with a JSON string body).
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': input.secrets.map((secret) => sign(secret, input.webhookId, timestamp, input.body)).join(' '),
    },
  };
}
