import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { SecretBox } from '../auth/secret-box.js';
import type { ApiAuthorizer, WebhookAuthenticator } from '../auth/webhook-authenticator.js';
import type { AnonymousLimits, ServerLimits } from '../config/load-config.js';
import type { Deliveries } from '../deliveries/deliveries.js';
import type { ApiScope } from '../domain/api-scope.js';
import { ChangeHub } from '../feed/change-hub.js';
import type { NatsStatus } from '../feed/nats-publisher.js';
import type { WebhookIngestor } from '../ingest/ingest-webhook.js';
import type { StorageStatus } from '../ingest/storage-watch.js';
import { shippedDecoder, type WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { StorageHandle } from '../storage/open-database.js';
import { createReads, type Reads } from '../storage/reads/reads.js';
import { DEFAULT_SEARCH_CAPS, type SearchCaps } from '../storage/repositories/capped-search.js';
import { readFeedHead } from '../storage/repositories/changes-repository.js';
import { answerClientError, answerFrameworkError, installErrorHandler } from './error-handler.js';
import { installRequestIds, requestIdOf } from './request-id.js';
import { adminRoutes } from './routes/admin-routes.js';
import { changesRoutes } from './routes/changes-routes.js';
import { clientRoutes } from './routes/client-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { invoiceRoutes } from './routes/invoice-routes.js';
import { installRequestMetrics, metricsRoutes } from './routes/metrics-routes.js';
import { objectRoutes } from './routes/object-routes.js';
import { reconciliationRoutes } from './routes/reconciliation-routes.js';
import { sourceBslRoutes } from './routes/source-bsl-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { whoamiRoutes } from './routes/whoami-routes.js';
import { capConnections, keepAliveWithMargin, serverOptions } from './server-limits.js';
import { installShutdownGuard } from './shutdown-guard.js';
import { AnonymousGuard, BodyBudget } from './webhook-guard.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API-key scope a route needs; `read` when unset. */
    scope?: ApiScope;
  }
}

export interface AppDeps {
  storage: StorageHandle;
  /** Reads that may be slow go through it (budget, cancellation); inline, without a budget, when not given. */
  reads?: Reads;
  ingestor: WebhookIngestor;
  webhookAuthenticator: WebhookAuthenticator;
  apiAuthorizer: ApiAuthorizer;
  timezone: string;
  bodyLimit: number;
  rotationOverlapSeconds: number;
  now: () => Date;
  /** Things an operator must know at every start and on /readyz (e.g. open mode). */
  warnings?: () => string[];
  /** The storage as the last write found it (full, read-only), for /readyz. */
  storageStatus?: () => StorageStatus;
  /** Extra routes (the dashboard, admin routes) registered by later layers. */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  logger?: FastifyServerOptions['logger'];
  /** Wakes the feed's long-polls; createService shares it with the writer. */
  changeHub?: ChangeHub;
  /** The NATS publisher, when ONEC_SYNC_NATS_URL is set: its lag on /readyz and in the stats. */
  nats?: { status(): Promise<NatsStatus> };
  /** Open mode: webhooks without credentials are the default source's. */
  allowUnsigned: boolean;
  /** Fastify's trustProxy: who may set the client address with X-Forwarded-For. */
  trustProxy: boolean | number | string;
  server: ServerLimits;
  anonymous: AnonymousLimits;
  /** Seals new webhook secrets and opens stored ones (ONEC_SYNC_SECRET_KEY). */
  secretBox: SecretBox;
  /** Pushed deliveries: the subscription routes are registered when given. */
  deliveries?: Deliveries;
  /** The most rows one CSV/XLSX export may hold (ONEC_SYNC_EXPORT_MAX_ROWS). */
  exportMaxRows: number;
  /** Bounds of a list search's work; DEFAULT_SEARCH_CAPS when absent. */
  search?: SearchCaps;
  /** The Prometheus metrics: /metrics and the request counters, when given. */
  metrics?: ServiceMetrics;
  /** Every kind the service was started with (the declarations); the shipped ones when absent. */
  decoder?: WebhookDecoder;
}

/** Build the app; only `serve` listens, so tests build as many apps as they like. Tests call `app.inject` or listen on port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const decoder = deps.decoder ?? shippedDecoder();
  const app = Fastify({
    logger: deps.logger ?? false,
    // Querystring booleans ("posted=true") and numbers are coerced by the schemas.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
    bodyLimit: deps.bodyLimit,
    // A hop count is valid at run time (proxy-addr); Fastify's types leave it out.
    trustProxy: deps.trustProxy as boolean | string,
    ...(serverOptions(deps.server) as object),
    // The journal records every webhook with its outcome; a log line per request would
    // repeat it at a cost on the ingest path. Errors and warnings are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Every log line of a request carries its id as `reqId` (src/http/request-id.ts).
    genReqId: requestIdOf,
    // A request arriving while the service shuts down is answered by installShutdownGuard, in the registry's shape.
    return503OnClosing: false,
    // What Fastify and Node.js refuse before a route runs is answered with registry codes too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  installRequestIds(app);
  installShutdownGuard(app);
  if (deps.metrics) installRequestMetrics(app, deps.metrics);
  capConnections(app.server, deps.server.maxConnections, (count) =>
    app.log.warn({ connections: count }, 'connection cap reached: new connections are answered 503'),
  );
  keepAliveWithMargin(app.server, deps.server.keepAliveTimeoutMs, deps.server.maxRequestsPerSocket);
  installErrorHandler(app, deps.storage.support);
  const reads = deps.reads ?? createReads(deps.storage, { poolSize: 0, queueLimit: 0, budgetMs: 1 });
  const changeHub = deps.changeHub ?? new ChangeHub(() => readFeedHead(deps.storage.db), 500);
  // Long-polls and SSE streams end at once on shutdown instead of holding it up.
  app.addHook('preClose', async () => changeHub.close());
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'onec-sync',
        version: '0.1.0',
        description: 'Receives 1C:Enterprise / BAS webhooks (incoming invoices, outgoing invoices, clients) and serves what was received.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  const anonymous = new AnonymousGuard(
    deps.anonymous,
    () => deps.now().getTime(),
    (info) => app.log.warn(info, 'the hourly journal budget for requests from no known source is used up: further ones are answered, not journaled'),
  );
  await app.register(async (scope) =>
    webhookRoutes(scope, {
      ingestor: deps.ingestor,
      decoder,
      authenticator: deps.webhookAuthenticator,
      bodyLimit: deps.bodyLimit,
      allowUnsigned: deps.allowUnsigned,
      anonymous,
      bodies: new BodyBudget(deps.server.maxBodyBytesInFlight),
      metrics: deps.metrics,
    }),
  );
  await app.register(async (scope) => {
    // The response schemas document the API (/openapi.json); the presenters build exactly
    // those shapes, so the bodies are written by V8's JSON.stringify, faster than the
    // schema-compiled serializer, whose string escaping is slow on Cyrillic text (same bytes
    // out; docs/decisions/measured-costs.md).
    scope.setSerializerCompiler(() => (data) => JSON.stringify(data));
    scope.addHook('onRequest', async (request, reply) => {
      // Answers can carry secrets (a source created or rotated) and always carry the books:
      // no cache may keep them, and no browser may sniff them into something else.
      reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      await deps.apiAuthorizer.authorize(request.headers.authorization, request.routeOptions.config.scope ?? 'read');
    });
    await adminRoutes(scope, {
      storage: deps.storage,
      ingestor: deps.ingestor,
      rotationOverlapSeconds: deps.rotationOverlapSeconds,
      now: deps.now,
      secretBox: deps.secretBox,
    });
    await statsRoutes(scope, { storage: deps.storage, reads, timezone: deps.timezone, now: deps.now, nats: deps.nats, decoder });
    await sourceBslRoutes(scope, { storage: deps.storage, now: deps.now, rotationOverlapSeconds: deps.rotationOverlapSeconds, secretBox: deps.secretBox });
    const search = deps.search ?? DEFAULT_SEARCH_CAPS;
    await invoiceRoutes(scope, { storage: deps.storage, reads, timezone: deps.timezone, search });
    await clientRoutes(scope, { storage: deps.storage, reads, search });
    await whoamiRoutes(scope, { apiAuthorizer: deps.apiAuthorizer });
    await exportRoutes(scope, { storage: deps.storage, timezone: deps.timezone, maxRows: deps.exportMaxRows, decoder });
    await eventRoutes(scope, { storage: deps.storage, reads });
    await changesRoutes(scope, { storage: deps.storage, timezone: deps.timezone, hub: changeHub, decoder });
    await objectRoutes(scope, { storage: deps.storage, reads, timezone: deps.timezone, decoder });
    await reconciliationRoutes(scope, { storage: deps.storage, decoder });
    if (deps.metrics) await metricsRoutes(scope, { metrics: deps.metrics });
    if (deps.deliveries)
      await subscriptionRoutes(scope, {
        storage: deps.storage,
        deliveries: deps.deliveries,
        rotationOverlapSeconds: deps.rotationOverlapSeconds,
        now: deps.now,
      });
  });
  await healthRoutes(app, { storage: deps.storage, warnings: deps.warnings ?? (() => []), nats: deps.nats, storageStatus: deps.storageStatus });
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
