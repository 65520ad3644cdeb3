import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/**
 * Standard Webhooks (standard-webhooks/standard-webhooks, spec/standard-webhooks.md):
 * signed content is `{webhook-id}.{webhook-timestamp}.{raw body}` — the exact bytes as
 * received, a BOM included — HMAC-SHA256 with the base64-decoded part of `whsec_…`,
 * sent as `v1,<base64>`; several space-separated signatures are allowed (rotation).
 * Written with node:crypto rather than the `standardwebhooks` package because its
 * timestamp tolerance is fixed at 5 minutes and ours is configurable.
 */
export interface SignedHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

export function sign(secret: string, id: string, timestamp: number | string, body: Buffer): string {
  const mac = createHmac('sha256', secretKey(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

/** The `v1` signatures of a header value, decoded; others (future versions) are ignored. */
function signatures(header: string): Buffer[] {
  return header
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'))
    .filter((b) => b.length === 32);
}

/**
 * The first secret (of `secrets`) whose HMAC matches one of the signatures, compared in
 * constant time; undefined when none does.
 */
export function matchingSecret<T extends { secret: string }>(candidates: readonly T[], headers: SignedHeaders, body: Buffer): T | undefined {
  const given = signatures(headers.signature);
  if (given.length === 0) throw new AppError('AUTH_MALFORMED', { message: 'webhook-signature has no v1 signature' });
  for (const candidate of candidates) {
    const mac = createHmac('sha256', secretKey(candidate.secret));
    mac.update(`${headers.id}.${headers.timestamp}.`);
    mac.update(body);
    const expected = mac.digest();
    if (given.some((g) => timingSafeEqual(g, expected))) return candidate;
  }
  return undefined;
}

/** Replay protection: the timestamp must be within `toleranceSeconds` of now, either way. */
export function checkTimestamp(timestamp: string, nowMs: number, toleranceSeconds: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new AppError('AUTH_MALFORMED', { message: 'webhook-timestamp must be Unix seconds' });
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > toleranceSeconds) {
    throw new AppError('AUTH_TIMESTAMP_OUT_OF_WINDOW', {
      message: `webhook-timestamp is ${Math.round(skew)} s away from the server clock (tolerance ${toleranceSeconds} s)`,
    });
  }
}
