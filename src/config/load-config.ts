import os from 'node:os';
import path from 'node:path';

/**
 * Everything the service reads from the environment, read here and nowhere else
 * so that what the service was started with can be read in one file and a bad value stops the
 * start at once. Every module receives the parts it needs as arguments.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** `sqlite:<path>` or `postgres://…`; unset means the embedded SQLite file. */
  readonly databaseUrl: string;
  readonly logLevel: string;
  /** The 1C server's time zone: 1C writes local wall-clock dates without an offset. */
  readonly timezone: string;
  /** Largest webhook body accepted, in bytes; larger ones get 413. */
  readonly bodyLimit: number;
  /** Default source from the environment: a bearer token and/or a whsec_ secret. */
  readonly defaultSourceToken: string | undefined;
  readonly defaultSourceSecret: string | undefined;
  /** Classic modules' compatibility: accept webhooks without credentials. Loudly warned about. */
  readonly allowUnsigned: boolean;
  readonly adminToken: string | undefined;
  /** Standard Webhooks timestamp tolerance, seconds. */
  readonly signatureToleranceSeconds: number;
  /** How long a rotated-out secret keeps working, seconds. */
  readonly rotationOverlapSeconds: number;
  /** Webhook requests per source per minute; 0 disables the limit. */
  readonly rateLimitPerMinute: number;
  /** How long credentials and API keys are cached per replica; CLI changes apply within it. */
  readonly authCacheSeconds: number;
  /** SQLite writes on a thread of their own (`thread`) or on the main thread (`inline`). */
  readonly sqliteWriter: 'thread' | 'inline';
  /** Group commit: most requests committed in one transaction. */
  readonly maxBatchSize: number;
  /**
   * PostgreSQL: group-commit batches one replica keeps in flight at once. One lets each
   * batch grow with the load (docs/decisions/write-path.md, "Batched writes"); more overlap the
   * round trips of a distant server. SQLite always has one writer.
   */
  readonly writeConcurrency: number;
  /** PostgreSQL: send the write path's statements as named prepared statements (off behind a pooler that cannot keep them). */
  readonly preparedStatements: boolean;
  /** How often a waiting long-poll / SSE stream checks for changes committed by other replicas, ms. */
  readonly feedPollMs: number;
  /** NATS JetStream: every applied change is published when set (e.g. nats://127.0.0.1:4222). */
  readonly natsUrl: string | undefined;
  /** The JetStream stream, created if missing. */
  readonly natsStream: string;
  /** Subject of each change; {source}, {kind} and {action} are filled in. */
  readonly natsSubject: string;
  /** Who may set the client address with X-Forwarded-For: nobody unless configured. */
  readonly trustProxy: boolean | number | string;
  /** The HTTP server's bounds on slow and idle clients (docs/security.md, "Denial of service"). */
  readonly server: ServerLimits;
  /** What requests without valid credentials may cost (docs/security.md, "Denial of service"). */
  readonly anonymous: AnonymousLimits;
  /** Base64 of 32 bytes: webhook secrets are stored sealed with it (AES-256-GCM). */
  readonly secretKey: string | undefined;
  /** Pushed deliveries to subscriptions (src/deliveries/). */
  readonly deliveries: DeliverySettings;
  /**
   * The most rows one CSV/XLSX export may hold; a larger filtered list is refused
   * (EXPORT_TOO_LARGE). At most Excel's 1,048,576 rows a sheet, less the header.
   */
  readonly exportMaxRows: number;
  /** A folder of the customer's kind declarations (JSON), read with the shipped ones at start (docs/kinds.md). */
  readonly kindsDir: string | undefined;
  /** Bounds of a list search's work (`q`; docs/decisions/search-and-counts.md). */
  readonly search: SearchSettings;
  /**
   * Journal bodies of entries that changed nothing are pruned once they are older than
   * this, ms, daily; null: kept forever (docs/operations.md, "Bounded growth").
   */
  readonly journalRetentionMs: number | null;
  /**
   * A scheduled reconciliation with 1C over OData, for every source with an OData connection;
   * undefined: only `onec-sync reconcile` runs one (docs/reconciliation.md, "Scheduled runs").
   */
  readonly reconcile: ReconcileSchedule | undefined;
  /** `/metrics` is also served without a key on this port (main opens it); undefined: only with a `metrics` key. */
  readonly metricsPort: number | undefined;
  /** The database's figures in the metrics are read at most this often, ms. */
  readonly metricsSampleMs: number;
  /** Log lines: JSON (`json`), readable (`pretty`); undefined: readable when stdout is a terminal. */
  readonly logFormat: 'json' | 'pretty' | undefined;
  /** SIGTERM/SIGINT: how long in-flight work may take before the process gives up and exits non-zero, ms. */
  readonly shutdownGraceMs: number;
  /** Reads that may be slow: beside the write path, with a budget (src/storage/reads/). */
  readonly reads: ReadSettings;
}

export interface SearchSettings {
  /** Rows of a list's own index tested before the trigram index is asked. */
  readonly scanRows: number;
  /** Matches of the trigram index sorted for a page; more, and the page says `truncated`. */
  readonly maxMatches: number;
}

export interface ReadSettings {
  /**
   * Reads that may be slow run at most this many at once: SQLite in as many reader
   * processes, PostgreSQL on as many pool connections (the rest stay for writes). 0: they
   * run like any other read, without a budget.
   */
  readonly poolSize: number;
  /** Such reads waiting for a slot at most; one more is answered 503 READERS_BUSY. */
  readonly queueLimit: number;
  /** Each one's time budget, waiting included; past it the query is stopped (504 QUERY_TIMEOUT). */
  readonly budgetMs: number;
}

export interface ServerLimits {
  /** Whole request (headers and body) must arrive within this, ms. */
  readonly requestTimeoutMs: number;
  /** Headers must arrive within this, ms. */
  readonly headersTimeoutMs: number;
  /** A socket with no traffic either way is closed after this, ms. */
  readonly idleTimeoutMs: number;
  /** A kept-alive connection waits this long for its next request, ms. */
  readonly keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed; 0: no limit. */
  readonly maxRequestsPerSocket: number;
  /** Open connections; one more is answered 503 and closed. */
  readonly maxConnections: number;
  /** Bytes of request bodies being received at once, over all connections. */
  readonly maxBodyBytesInFlight: number;
}

export interface AnonymousLimits {
  /** Requests without valid credentials per client address per minute; 0 disables. */
  readonly perAddressPerMinute: number;
  /** Journal bytes such requests may add per hour (per replica); past it they are only counted. */
  readonly journalBytesPerHour: number;
  /** Bytes of such a request's body kept in the journal (with its SHA-256 and size). */
  readonly bodyPrefixBytes: number;
}

export interface DeliverySettings {
  /** This process runs the dispatcher and the delivery worker (`serve`); false leaves it to other replicas. */
  readonly enabled: boolean;
  /** Subscription URLs may be loopback, link-local or private addresses (an ERP on the same host or LAN). */
  readonly allowPrivateTargets: boolean;
  /** One attempt's deadline: connect, send, answer. */
  readonly timeoutMs: number;
  /** How long a claimed delivery stays with its replica; a replica killed mid-attempt loses it after this. */
  readonly leaseMs: number;
  /** Retries (408/429/5xx/timeouts/connection errors) go on this long after the first failure, then dead-letter. */
  readonly retryPeriodMs: number;
  /** Backoff: base · 2^(attempt−1), jittered, capped at max. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Concurrency of a new subscription: objects delivered in parallel (one object's changes are always in order). */
  readonly concurrency: number;
  /** An endpoint failing without a success for this long is disabled. */
  readonly disableAfterMs: number;
  /** How often the feed and the outbox are polled when idle. */
  readonly pollMs: number;
  /** Bytes of an endpoint's answer read at most. */
  readonly responseLimit: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_SQLITE_PATH = './data/onec-sync.db';

function int(env: NodeJS.ProcessEnv, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${key} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

/** Excel opens at most 1,048,576 rows a sheet; one is the header. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

function exportMaxRows(env: NodeJS.ProcessEnv): number {
  const value = int(env, 'ONEC_SYNC_EXPORT_MAX_ROWS', EXCEL_MAX_DATA_ROWS, 1);
  if (value > EXCEL_MAX_DATA_ROWS)
    throw new ConfigError(`ONEC_SYNC_EXPORT_MAX_ROWS must be at most ${EXCEL_MAX_DATA_ROWS} (Excel's rows a sheet, less the header), got ${value}`);
  return value;
}

/** A yes/no setting; unset or empty is `fallback`. */
function bool(env: NodeJS.ProcessEnv, key: string, fallback = false): boolean {
  const raw = (env[key] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  throw new ConfigError(`${key} must be true or false, got "${env[key]}"`);
}

function validTimezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(`ONEC_SYNC_TIMEZONE is not an IANA time zone: "${zone}"`);
  }
}

function sqliteWriter(raw: string | undefined): 'thread' | 'inline' {
  const value = raw?.trim() || 'thread';
  if (value !== 'thread' && value !== 'inline') throw new ConfigError(`ONEC_SYNC_SQLITE_WRITER must be thread or inline, got "${raw}"`);
  return value;
}

/** `false` (default), `true`, a hop count, or addresses/CIDRs separated by commas (Fastify's trustProxy). */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p) && !/^(loopback|linklocal|uniquelocal)$/.test(p))) {
    throw new ConfigError(`ONEC_SYNC_TRUST_PROXY must be true, false, a hop count or addresses/CIDRs separated by commas, got "${raw}"`);
  }
  return parts.join(',');
}

function secretKey(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length !== 32) {
    throw new ConfigError('ONEC_SYNC_SECRET_KEY must be 32 random bytes in base64 (openssl rand -base64 32)');
  }
  return value;
}

function serverLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const requestTimeoutMs = int(env, 'ONEC_SYNC_REQUEST_TIMEOUT', 60, 1) * 1000;
  const headersTimeoutMs = int(env, 'ONEC_SYNC_HEADERS_TIMEOUT', 10, 1) * 1000;
  // Node.js refuses a headers timeout longer than the request timeout.
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('ONEC_SYNC_HEADERS_TIMEOUT must not exceed ONEC_SYNC_REQUEST_TIMEOUT');
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    idleTimeoutMs: int(env, 'ONEC_SYNC_IDLE_TIMEOUT', 60, 1) * 1000,
    keepAliveTimeoutMs: int(env, 'ONEC_SYNC_KEEP_ALIVE_TIMEOUT', 10, 1) * 1000,
    maxRequestsPerSocket: int(env, 'ONEC_SYNC_MAX_REQUESTS_PER_SOCKET', 0),
    maxConnections: int(env, 'ONEC_SYNC_MAX_CONNECTIONS', 10_000, 1),
    maxBodyBytesInFlight: int(env, 'ONEC_SYNC_MAX_BODY_BYTES_IN_FLIGHT', 256 * 1024 * 1024, 1024),
  };
}

function anonymousLimits(env: NodeJS.ProcessEnv): AnonymousLimits {
  return {
    perAddressPerMinute: int(env, 'ONEC_SYNC_ANON_RATE_LIMIT', 10),
    journalBytesPerHour: int(env, 'ONEC_SYNC_ANON_JOURNAL_BYTES_PER_HOUR', 4 * 1024 * 1024),
    bodyPrefixBytes: int(env, 'ONEC_SYNC_ANON_BODY_PREFIX', 1024),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || `sqlite:${DEFAULT_SQLITE_PATH}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
  }
  const secret = env.ONEC_SYNC_WEBHOOK_SECRET?.trim() || undefined;
  if (secret !== undefined && !secret.startsWith('whsec_')) {
    throw new ConfigError('ONEC_SYNC_WEBHOOK_SECRET must look like whsec_<base64>');
  }
  return Object.freeze({
    port: int(env, 'PORT', 8080),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    timezone: validTimezone(env.ONEC_SYNC_TIMEZONE?.trim() || 'Europe/Kyiv'),
    bodyLimit: int(env, 'ONEC_SYNC_BODY_LIMIT', 16 * 1024 * 1024, 1024),
    defaultSourceToken: env.ONEC_SYNC_TOKEN?.trim() || undefined,
    defaultSourceSecret: secret,
    allowUnsigned: bool(env, 'ONEC_SYNC_ALLOW_UNSIGNED'),
    adminToken: env.ONEC_SYNC_ADMIN_TOKEN?.trim() || undefined,
    signatureToleranceSeconds: int(env, 'ONEC_SYNC_SIGNATURE_TOLERANCE', 300, 1),
    rotationOverlapSeconds: int(env, 'ONEC_SYNC_ROTATION_OVERLAP', 24 * 3600),
    rateLimitPerMinute: int(env, 'ONEC_SYNC_RATE_LIMIT', 6000),
    authCacheSeconds: int(env, 'ONEC_SYNC_AUTH_CACHE_SECONDS', 5),
    sqliteWriter: sqliteWriter(env.ONEC_SYNC_SQLITE_WRITER),
    maxBatchSize: int(env, 'ONEC_SYNC_MAX_BATCH', 256, 1),
    writeConcurrency: int(env, 'ONEC_SYNC_WRITE_CONCURRENCY', 1, 1),
    preparedStatements: bool(env, 'ONEC_SYNC_PREPARED_STATEMENTS', true),
    feedPollMs: int(env, 'ONEC_SYNC_FEED_POLL_MS', 500, 10),
    natsUrl: env.ONEC_SYNC_NATS_URL?.trim() || undefined,
    natsStream: natsStream(env.ONEC_SYNC_NATS_STREAM),
    natsSubject: natsSubject(env.ONEC_SYNC_NATS_SUBJECT),
    trustProxy: trustProxy(env.ONEC_SYNC_TRUST_PROXY),
    server: Object.freeze(serverLimits(env)),
    anonymous: Object.freeze(anonymousLimits(env)),
    secretKey: secretKey(env.ONEC_SYNC_SECRET_KEY),
    deliveries: deliverySettings(env),
    exportMaxRows: exportMaxRows(env),
    kindsDir: env.ONEC_SYNC_KINDS_DIR?.trim() ? path.resolve(env.ONEC_SYNC_KINDS_DIR.trim()) : undefined,
    search: Object.freeze({ scanRows: int(env, 'ONEC_SYNC_SEARCH_SCAN_ROWS', 10_000, 1), maxMatches: int(env, 'ONEC_SYNC_SEARCH_MAX_MATCHES', 5_000, 1) }),
    journalRetentionMs: env.ONEC_SYNC_JOURNAL_RETENTION?.trim() ? parseDuration(env.ONEC_SYNC_JOURNAL_RETENTION.trim(), 'ONEC_SYNC_JOURNAL_RETENTION') : null,
    reconcile: reconcileSchedule(env),
    reads: Object.freeze({
      poolSize: int(env, 'ONEC_SYNC_READERS', defaultReaders()),
      queueLimit: int(env, 'ONEC_SYNC_READ_QUEUE', 32),
      budgetMs: int(env, 'ONEC_SYNC_READ_TIMEOUT_MS', 10_000, 1),
    }),
    metricsPort: env.ONEC_SYNC_METRICS_PORT?.trim() ? int(env, 'ONEC_SYNC_METRICS_PORT', 0, 1) : undefined,
    metricsSampleMs: int(env, 'ONEC_SYNC_METRICS_SAMPLE_SECONDS', 15) * 1000,
    logFormat: logFormat(env.ONEC_SYNC_LOG_FORMAT),
    shutdownGraceMs: int(env, 'ONEC_SYNC_SHUTDOWN_GRACE', 10, 1) * 1000,
  });
}

/**
 * Slow reads at once unless told: half the machine's cores, at least one. Each such read
 * holds a core while it runs (a SQLite reader process, or a PostgreSQL backend, which the
 * service cannot lower in priority), so this leaves the other half to the webhooks. With
 * two on two cores, four people searching without pause halved webhook throughput and
 * doubled its p99 on PostgreSQL at a million invoices; with one, p99 stayed level
 * (docs/decisions/bench-history.md, "Years of data").
 */
export function defaultReaders(): number {
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `90d`, `12h`, `30m`, `2w` in ms: an age for prune and retention (at least one minute). */
export function parseDuration(raw: string, what = 'duration'): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(raw.trim());
  if (!match || Number(match[1]) < 1)
    throw new ConfigError(`${what} must be a whole number of minutes, hours, days or weeks (30m, 12h, 90d, 2w), got "${raw}"`);
  return Number(match[1]) * DURATION_UNITS[match[2]!]!;
}

export interface ReconcileSchedule {
  /** How often, ms; runs start at whole multiples of it since the epoch, UTC. */
  readonly everyMs: number;
  /** Apply what differs, as `reconcile --repair` does. */
  readonly repair: boolean;
  /** The kinds compared; undefined: every declared kind. Checked against the declarations at start. */
  readonly kinds: readonly string[] | undefined;
}

function reconcileSchedule(env: NodeJS.ProcessEnv): ReconcileSchedule | undefined {
  const every = env.ONEC_SYNC_RECONCILE_EVERY?.trim();
  if (!every) return undefined;
  const kinds = env.ONEC_SYNC_RECONCILE_KINDS?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return Object.freeze({
    everyMs: parseDuration(every, 'ONEC_SYNC_RECONCILE_EVERY'),
    repair: bool(env, 'ONEC_SYNC_RECONCILE_REPAIR'),
    kinds: kinds && kinds.length > 0 ? Object.freeze(kinds) : undefined,
  });
}

function logFormat(raw: string | undefined): 'json' | 'pretty' | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value !== 'json' && value !== 'pretty') throw new ConfigError(`ONEC_SYNC_LOG_FORMAT must be json or pretty, got "${raw}"`);
  return value;
}

function deliverySettings(env: NodeJS.ProcessEnv): DeliverySettings {
  const timeoutMs = int(env, 'ONEC_SYNC_DELIVERY_TIMEOUT_MS', 15_000, 1);
  const leaseMs = int(env, 'ONEC_SYNC_DELIVERY_LEASE_MS', timeoutMs + 30_000, 1);
  if (leaseMs <= timeoutMs) throw new ConfigError(`ONEC_SYNC_DELIVERY_LEASE_MS (${leaseMs}) must be longer than ONEC_SYNC_DELIVERY_TIMEOUT_MS (${timeoutMs})`);
  return Object.freeze({
    enabled: bool(env, 'ONEC_SYNC_DELIVERIES', true),
    allowPrivateTargets: bool(env, 'ONEC_SYNC_ALLOW_PRIVATE_TARGETS'),
    timeoutMs,
    leaseMs,
    retryPeriodMs: int(env, 'ONEC_SYNC_DELIVERY_RETRY_PERIOD', 3 * 24 * 3600) * 1000,
    backoffBaseMs: int(env, 'ONEC_SYNC_DELIVERY_BACKOFF_BASE_MS', 5_000, 1),
    backoffMaxMs: int(env, 'ONEC_SYNC_DELIVERY_BACKOFF_MAX_MS', 3_600_000, 1),
    concurrency: int(env, 'ONEC_SYNC_DELIVERY_CONCURRENCY', 4, 1),
    disableAfterMs: int(env, 'ONEC_SYNC_DELIVERY_DISABLE_AFTER', 5 * 24 * 3600) * 1000,
    pollMs: int(env, 'ONEC_SYNC_DELIVERY_POLL_MS', 1_000, 10),
    responseLimit: int(env, 'ONEC_SYNC_DELIVERY_RESPONSE_LIMIT', 64 * 1024, 0),
  });
}

/** JetStream stream names: no spaces, dots, wildcards or path separators (docs.nats.io, naming). */
function natsStream(raw: string | undefined): string {
  const value = raw?.trim() || 'ONEC_SYNC';
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new ConfigError(`ONEC_SYNC_NATS_STREAM may hold letters, digits, _ and - only, got "${raw}"`);
  return value;
}

/** Dot-separated tokens, each literal or exactly one of {source}, {kind}, {action}; no wildcards. */
function natsSubject(raw: string | undefined): string {
  const value = raw?.trim() || 'onec.{source}.{kind}.{action}';
  const tokens = value.split('.');
  const valid = tokens.every((t) => /^\{(source|kind|action)\}$/.test(t) || /^[A-Za-z0-9_-]+$/.test(t));
  if (!valid) throw new ConfigError(`ONEC_SYNC_NATS_SUBJECT must be dot-separated words or {source}, {kind}, {action}, got "${raw}"`);
  return value;
}

/** The SQLite file path of a `sqlite:` URL, resolved against the working directory. */
export function sqlitePath(databaseUrl: string): string {
  const raw = databaseUrl.slice('sqlite:'.length);
  return raw === ':memory:' ? raw : path.resolve(raw);
}
