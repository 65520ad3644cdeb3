import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, errors, request } from 'undici';
import { isPrivateAddress } from './private-address.js';

/** Why an outbound request got no HTTP answer; all of these are worth retrying except `refused-target`. */
export type TransportFailure = 'timeout' | 'connection' | 'refused-target';

export type OutboundResult =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; truncated: boolean; latencyMs: number }
  | { kind: 'failure'; failure: TransportFailure; message: string; latencyMs: number };

export interface OutboundOptions {
  /** Whole request (connect, send, headers, body) in milliseconds. */
  timeoutMs: number;
  /** Bytes of the response body read at most; the rest is discarded unread. */
  responseLimit: number;
  /** Loopback, link-local and private targets allowed (an ERP on the same host or LAN). */
  allowPrivateTargets: boolean;
}

export class RefusedTargetError extends Error {
  override name = 'RefusedTargetError';
}

/**
 * Every address the name resolves to is checked, not just the one connected to: a name
 * with one public and one private address would otherwise reach the private one on a
 * retry, and checking here (at connect time) rather than before the request leaves no
 * gap between the check and the connection for a DNS answer to change (DNS rebinding).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, Object.assign({}, options, { all: true as const }), (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(
        new RefusedTargetError(
          `${hostname} resolves to ${refused?.address ?? 'nothing'}: private, loopback and link-local targets are refused (ONEC_SYNC_ALLOW_PRIVATE_TARGETS)`,
        ),
        '',
        0,
      );
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * The one HTTP client of pushed deliveries (undici): a deadline per request, no redirects
 * followed (a 3xx is an answer like any other: a subscription URL that moved is fixed by
 * its owner, and following it would carry the signed body to a place nobody chose), the
 * response body read up to a limit, and private targets refused unless allowed.
 */
export class OutboundClient {
  private readonly agent: Agent;

  constructor(private readonly options: OutboundOptions) {
    const base = buildConnector({ timeout: options.timeoutMs, ...(options.allowPrivateTargets ? {} : { lookup: guardedLookup }) });
    this.agent = new Agent({
      connections: 64,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: (opts, callback) => {
        // An IP literal is connected to without a lookup: judge it here.
        if (!options.allowPrivateTargets && isIP(opts.hostname.replace(/^\[|\]$/g, '')) && isPrivateAddress(opts.hostname)) {
          return callback(
            new RefusedTargetError(`${opts.hostname} is a private, loopback or link-local address: refused (ONEC_SYNC_ALLOW_PRIVATE_TARGETS)`),
            null,
          );
        }
        return base(opts, callback);
      },
    });
  }

  /** `abort`: the caller gives up (a stopping worker); the result is then a connection failure. */
  async post(url: string, body: Buffer, headers: Record<string, string>, abort?: AbortSignal): Promise<OutboundResult> {
    const started = performance.now();
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const signal = abort ? AbortSignal.any([deadline, abort]) : deadline;
    const latency = () => Math.round(performance.now() - started);
    try {
      // undici's request() never follows redirects (that is its redirect interceptor's job, not installed).
      const response = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal });
      const { body: read, truncated } = await readLimited(response.body, this.options.responseLimit);
      return { kind: 'response', status: response.statusCode, headers: response.headers, body: read, truncated, latencyMs: latency() };
    } catch (error) {
      return { kind: 'failure', ...describeFailure(error), latencyMs: latency() };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readLimited(stream: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const room = limit - size;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      stream.destroy();
      return { body: Buffer.concat(chunks), truncated: chunk.length > room };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function describeFailure(error: unknown): { failure: TransportFailure; message: string } {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  if (chain.some((e) => e instanceof RefusedTargetError)) {
    return { failure: 'refused-target', message: (chain.find((e) => e instanceof RefusedTargetError) as Error).message };
  }
  const timedOut = chain.some(
    (e) =>
      e instanceof errors.HeadersTimeoutError ||
      e instanceof errors.BodyTimeoutError ||
      e instanceof errors.ConnectTimeoutError ||
      (e as Error)?.name === 'TimeoutError',
  );
  const message = chain.map((e) => (e as Error)?.message ?? String(e)).find((m) => m) ?? 'unknown error';
  return { failure: timedOut ? 'timeout' : 'connection', message: timedOut ? `no answer within the timeout (${message})` : message };
}
