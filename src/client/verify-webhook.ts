import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifying onec-sync's outbound webhooks on the ERP side, by the Standard Webhooks
 * spec (standardwebhooks.com): the signed content is `{webhook-id}.{webhook-timestamp}.{body}`
 * — the raw body bytes exactly as received — HMAC-SHA256 keyed with the base64 part of the
 * subscription's `whsec_…` secret, sent in `webhook-signature` as `v1,<base64>` (several,
 * space-separated, while a secret is being rotated). `webhook-id` is the change id: keep
 * it to drop a redelivery.
 */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way (replay protection). Default 300 s, as the spec suggests. */
  toleranceSeconds?: number;
  now?: () => Date;
}

export interface VerifiedWebhook {
  /** `webhook-id`: the change id (or the delivery id of a test send). */
  id: string;
  timestamp: Date;
  /** The body parsed as JSON. */
  payload: unknown;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

function keyOf(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) throw new WebhookVerificationError('The secret is empty: pass the whsec_… secret shown when the subscription was created');
  return key;
}

/**
 * Check a webhook's signature and timestamp against one secret or several (during a
 * rotation, both the old and the new); returns its id, time and parsed body, or throws
 * WebhookVerificationError.
 */
export function verifyWebhook(
  secret: string | readonly string[],
  headers: HeaderSource,
  body: string | Uint8Array,
  options: VerifyOptions = {},
): VerifiedWebhook {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('webhook-timestamp must be Unix seconds');
  const now = (options.now?.() ?? new Date()).getTime() / 1000;
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - Number(timestamp)) > tolerance) throw new WebhookVerificationError(`webhook-timestamp is more than ${tolerance} s away from now`);

  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'))
    .filter((b) => b.length === 32);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const matches = secrets.some((s) => {
    const expected = createHmac('sha256', keyOf(s)).update(`${id}.${timestamp}.`).update(bytes).digest();
    return given.some((g) => timingSafeEqual(g, expected));
  });
  if (!matches) throw new WebhookVerificationError('No signature matches the body with this secret');
  let payload: unknown;
  try {
    payload = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('The body is not JSON');
  }
  return { id, timestamp: new Date(Number(timestamp) * 1000), payload };
}
