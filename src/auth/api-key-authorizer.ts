import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiScope } from '../domain/api-scope.js';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../storage/database-schema.js';
import { findApiKeyByHash } from '../storage/repositories/api-keys-repository.js';
import { hashToken } from './secrets.js';
import type { ApiAuthorizer } from './webhook-authenticator.js';

/**
 * Who may read: `Authorization: Bearer <key>` with a key of scope `read`, `metrics` or
 * `admin` (admin includes the others; `metrics` opens /metrics only). Keys are looked up by their SHA-256 (stored hashed: a stolen database yields no usable key);
 * ONEC_SYNC_ADMIN_TOKEN is one admin key from the environment.
 */
export class ApiKeyAuthorizer implements ApiAuthorizer {
  private cache = new Map<string, { scope: ApiScope; until: number }>();
  private readonly adminHash: Buffer | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { adminToken?: string; cacheMs: number; now: () => Date },
  ) {
    this.adminHash = options.adminToken ? Buffer.from(hashToken(options.adminToken), 'hex') : undefined;
  }

  async authorize(authorization: string | undefined, scope: ApiScope): Promise<ApiScope> {
    const key = authorization && /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!key) throw new AppError('AUTH_MISSING', { message: 'This route needs an API key: Authorization: Bearer <key>' });
    const granted = await this.scopeOf(key);
    if (!granted) throw new AppError('AUTH_UNKNOWN_KEY');
    // admin includes every scope; read and metrics are each only themselves (a scraper's key reads no books).
    if (granted !== 'admin' && granted !== scope)
      throw new AppError('FORBIDDEN_SCOPE', { message: `This route needs ${scope === 'admin' ? 'an admin' : `a ${scope}`} key` });
    return granted;
  }

  private async scopeOf(key: string): Promise<ApiScope | undefined> {
    const hash = hashToken(key);
    // Compared as SHA-256 digests: equal lengths whatever was sent, so the comparison
    // reveals neither the token nor its length.
    if (this.adminHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) return 'admin';
    const now = this.options.now().getTime();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.scope;
    const row = await findApiKeyByHash(this.db, hash);
    if (!row) return undefined;
    this.cache.set(hash, { scope: row.scope, until: now + this.options.cacheMs });
    return row.scope;
  }
}
