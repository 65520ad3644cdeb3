import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { RateLimiter } from '../auth/rate-limiter.js';
import type { AnonymousLimits } from '../config/load-config.js';

/** What is kept of a body whose sender is unknown: its size, its SHA-256 and a short prefix. */
export interface BodyDigest {
  size: number;
  sha256: string;
  prefix: Buffer;
}

export function digestOf(body: Buffer, prefixBytes: number): BodyDigest {
  return { size: body.length, sha256: createHash('sha256').update(body).digest('hex'), prefix: Buffer.from(body.subarray(0, prefixBytes)) };
}

/** Whether a webhook request carries credentials at all (checked before its body is read). */
export function hasCredentials(headers: IncomingHttpHeaders): boolean {
  return Boolean(headers['webhook-signature'] || headers.authorization);
}

/**
 * Reads a body without keeping it: hashes it, keeps its first bytes, passes nothing on, so
 * a 16 MiB post from nobody costs a SHA-256 and a kilobyte, not 16 MiB of memory and of
 * journal. `receivedEncodedLength` is what Fastify compares with Content-Length.
 */
export class DigestStream extends Transform {
  receivedEncodedLength = 0;
  private readonly hash = createHash('sha256');
  private readonly head: Buffer[] = [];
  private headLength = 0;
  digest: BodyDigest | undefined;

  constructor(
    private readonly prefixBytes: number,
    private readonly limit: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) {
      done(Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }));
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < this.prefixBytes) {
      const part = chunk.subarray(0, this.prefixBytes - this.headLength);
      this.head.push(Buffer.from(part));
      this.headLength += part.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.digest = { size: this.receivedEncodedLength, sha256: this.hash.digest('hex'), prefix: Buffer.concat(this.head) };
    done();
  }
}

/**
 * The bounds on what requests from no known source may cost (docs/security.md, "Denial of
 * service"): a rate per client address — once it is used up, every webhook from that
 * address is refused before its body is read — and a budget of journal bytes per hour;
 * past it, such refusals are answered but only counted. In memory, per replica.
 */
export class AnonymousGuard {
  private readonly perAddress: RateLimiter;
  private window = { start: 0, bytes: 0, dropped: 0 };

  constructor(
    readonly limits: AnonymousLimits,
    private readonly now: () => number,
    private readonly onBudgetExhausted: (info: { windowStart: string; budget: number }) => void = () => {},
  ) {
    this.perAddress = new RateLimiter(limits.perAddressPerMinute, now);
  }

  /** Seconds the address must wait before it may send again; 0 when it may. */
  blocked(address: string): number {
    return this.perAddress.peek(address);
  }

  /** Count one request from no known source against its address. */
  count(address: string): void {
    this.perAddress.take(address);
  }

  /** Whether `bytes` more of anonymous journal fit this hour; counts them when they do. */
  admitJournal(bytes: number): boolean {
    const hour = Math.floor(this.now() / 3_600_000) * 3_600_000;
    if (hour !== this.window.start) this.window = { start: hour, bytes: 0, dropped: 0 };
    if (this.window.bytes + bytes <= this.limits.journalBytesPerHour) {
      this.window.bytes += bytes;
      return true;
    }
    if (this.window.dropped++ === 0) {
      this.onBudgetExhausted({ windowStart: new Date(hour).toISOString(), budget: this.limits.journalBytesPerHour });
    }
    return false;
  }
}

/**
 * Bytes of request bodies being received or held at once, over all connections: a
 * request is admitted only if its Content-Length (or, without one, the body limit) still
 * fits, so 40 stalled 15 MiB uploads cannot pin 600 MB. Released when its response ends
 * or its connection closes.
 */
export class BodyBudget {
  private inFlight = 0;

  constructor(readonly max: number) {}

  /** A release function, or undefined when the bytes do not fit now. */
  reserve(bytes: number): (() => void) | undefined {
    if (this.inFlight + bytes > this.max && this.inFlight > 0) return undefined;
    this.inFlight += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= bytes;
    };
  }

  get bytesInFlight(): number {
    return this.inFlight;
  }
}
