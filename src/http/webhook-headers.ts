import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request headers worth keeping in the journal. An allow-list, so credentials
 * (Authorization, webhook-signature, cookies) can never end up in it.
 */
const JOURNALED = ['content-type', 'content-length', 'user-agent', 'webhook-id', 'webhook-timestamp', 'x-onec-sync-source', 'x-forwarded-for', 'x-request-id'];

export function journalHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of JOURNALED) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value.slice(0, 500);
  }
  return out;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
