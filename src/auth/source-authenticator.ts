import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { ActivityStatus } from '../domain/activity-status.js';
import { asSourceId } from '../domain/branded-ids.js';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../storage/database-schema.js';
import { DEFAULT_SOURCE_ID, liveCredentials, sourceStatuses } from '../storage/repositories/sources-repository.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SecretBox } from './secret-box.js';
import { hashToken } from './secrets.js';
import { checkTimestamp, matchingSecret } from './standard-webhooks.js';
import type { WebhookAuthenticator, WebhookIdentity } from './webhook-authenticator.js';

export interface SourceAuthOptions {
  allowUnsigned: boolean;
  toleranceSeconds: number;
  /** Credentials from the environment, for the default source. */
  envToken?: string;
  envSecret?: string;
  /** How long credentials are cached in memory; CLI changes reach a running replica within it. */
  cacheMs: number;
  rateLimiter: RateLimiter;
  /** Opens secrets stored sealed (ONEC_SYNC_SECRET_KEY). */
  secretBox: SecretBox;
  now: () => Date;
}

interface CredentialSnapshot {
  secrets: Array<{ secret: string; sourceId: string }>;
  /** The same secrets by source, for the X-Onec-Sync-Source hint. */
  secretsBySource: Map<string, Array<{ secret: string; sourceId: string }>>;
  tokens: Map<string, string>;
  status: Map<string, ActivityStatus>;
  loadedAt: number;
}

/**
 * Standard Webhooks names no length for webhook-id (senders use ~30 characters); it is
 * stored twice (journal, deliveries), so a longer one is refused as malformed.
 */
export const MAX_WEBHOOK_ID_LENGTH = 256;
/** The rate bucket of open mode's requests without credentials (no source id can collide: ids are `src_…`). */
const UNSIGNED_BUCKET = ' unsigned';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/**
 * Who may write: a Standard Webhooks signature over the raw bytes, or a bearer token,
 * each tied to a source; or, only in open mode, nobody in particular (the classic modules
 * send no credentials). The signature names no key: the secrets of the source the
 * request names in `X-Onec-Sync-Source` (our generated modules send it) are tried first,
 * then every live secret — so one service serving many bases pays one or two HMACs per
 * request, not one per source. The header only orders the attempts; the signature decides.
 */
export class SourceAuthenticator implements WebhookAuthenticator {
  private snapshot: CredentialSnapshot | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SourceAuthOptions,
  ) {}

  private async credentials(): Promise<CredentialSnapshot> {
    const now = this.options.now();
    if (this.snapshot && now.getTime() - this.snapshot.loadedAt < this.options.cacheMs) return this.snapshot;
    const [rows, status] = await Promise.all([liveCredentials(this.db, now.toISOString()), sourceStatuses(this.db)]);
    const secrets = rows.filter((r) => r.kind === 'secret').map((r) => ({ secret: this.options.secretBox.open(r.value), sourceId: r.sourceId }));
    const tokens = new Map(rows.filter((r) => r.kind === 'token').map((r) => [r.value, r.sourceId]));
    if (this.options.envSecret) secrets.unshift({ secret: this.options.envSecret, sourceId: DEFAULT_SOURCE_ID });
    if (this.options.envToken) tokens.set(hashToken(this.options.envToken), DEFAULT_SOURCE_ID);
    const secretsBySource = new Map<string, CredentialSnapshot['secrets']>();
    for (const s of secrets) {
      const list = secretsBySource.get(s.sourceId);
      if (list) list.push(s);
      else secretsBySource.set(s.sourceId, [s]);
    }
    this.snapshot = { secrets, secretsBySource, tokens, status, loadedAt: now.getTime() };
    return this.snapshot;
  }

  async authenticate(headers: IncomingHttpHeaders, body: Buffer): Promise<WebhookIdentity> {
    const signature = header(headers, 'webhook-signature');
    const authorization = header(headers, 'authorization');
    const webhookId = header(headers, 'webhook-id') ?? null;
    if (webhookId !== null && webhookId.length > MAX_WEBHOOK_ID_LENGTH) {
      throw new AppError('AUTH_MALFORMED', { message: `webhook-id is longer than ${MAX_WEBHOOK_ID_LENGTH} characters` });
    }
    let sourceId: string;
    // Open mode's anonymous traffic has a bucket of its own: it must not use up the rate
    // of the default source's real credentials.
    let bucket: string | undefined;
    if (signature !== undefined) {
      const id = header(headers, 'webhook-id');
      const timestamp = header(headers, 'webhook-timestamp');
      if (!id || !timestamp) throw new AppError('AUTH_MALFORMED', { message: 'A signed webhook needs webhook-id and webhook-timestamp' });
      const creds = await this.credentials();
      const signed = { id, timestamp, signature };
      const hinted = creds.secretsBySource.get(header(headers, 'x-onec-sync-source') ?? '');
      const match = (hinted && matchingSecret(hinted, signed, body)) || matchingSecret(creds.secrets, signed, body);
      if (!match) throw new AppError('AUTH_BAD_SIGNATURE');
      sourceId = match.sourceId;
      this.withSource(sourceId, () => checkTimestamp(timestamp, this.options.now().getTime(), this.options.toleranceSeconds));
    } else if (authorization !== undefined) {
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
      if (!token) throw new AppError('AUTH_MALFORMED', { message: 'Authorization must be "Bearer <token>"' });
      const found = (await this.credentials()).tokens.get(hashToken(token));
      if (!found) throw new AppError('AUTH_UNKNOWN_KEY');
      sourceId = found;
    } else if (this.options.allowUnsigned) {
      sourceId = DEFAULT_SOURCE_ID;
      bucket = UNSIGNED_BUCKET;
    } else {
      throw new AppError('AUTH_MISSING');
    }
    const status = (await this.credentials()).status.get(sourceId);
    if (status === 'disabled')
      this.withSource(sourceId, () => {
        throw new AppError('SOURCE_DISABLED');
      });
    const wait = this.options.rateLimiter.take(bucket ?? sourceId);
    if (wait > 0) {
      this.withSource(sourceId, () => {
        throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
      });
    }
    return { sourceId: asSourceId(sourceId), webhookId };
  }

  /** Run a check; an AppError it throws is tagged with the (now known) source. */
  private withSource(sourceId: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      if (error instanceof AppError) error.sourceId = asSourceId(sourceId);
      throw error;
    }
  }
}
