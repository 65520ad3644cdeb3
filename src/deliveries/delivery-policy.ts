import type { OutboundResult } from './outbound-client.js';

/**
 * What an attempt's outcome means (the same contract onec-sync keeps with 1C, seen from the
 * sender's side): 2xx done; 408, 429, 5xx, a timeout or a connection error are passing
 * troubles — retry; any other answer (400, 401, 404, a 3xx: redirects are not followed)
 * will not change by sending the same bytes again — dead-letter at once. A target refused
 * as private is the subscription's configuration, not a passing trouble: dead-letter.
 */
export type Verdict = 'ok' | 'retry' | 'dead';

export function verdict(result: OutboundResult): Verdict {
  if (result.kind === 'failure') return result.failure === 'refused-target' ? 'dead' : 'retry';
  const { status } = result;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'dead';
}

export interface BackoffSettings {
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Delay before attempt `failures + 1`: base · 2^(failures−1), capped, with "equal jitter"
 * (half fixed, half random) so replicas and endpoints that failed together do not retry in
 * lockstep, while the delay still grows. A Retry-After the endpoint sent (429/503) is
 * honoured when it asks for longer, up to the cap.
 */
export function backoffDelay(failures: number, settings: BackoffSettings, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const delay = retryAfterMs !== undefined && retryAfterMs > jittered ? Math.min(retryAfterMs, settings.backoffMaxMs) : jittered;
  return Math.round(delay);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | string[] | undefined, now: Date): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The first bytes of an answer, as text, for the delivery log. */
export function responseSnippet(body: Buffer, truncated: boolean, max = 1024): string {
  const text = body.subarray(0, max).toString('utf8');
  return body.length > max || truncated ? `${text}…` : text;
}
