import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorSchema, WebhookAcceptedSchema } from '../../api/api-schemas.js';
import { MAX_WEBHOOK_ID_LENGTH } from '../../auth/source-authenticator.js';
import type { WebhookAuthenticator } from '../../auth/webhook-authenticator.js';
import { AppError } from '../../errors/app-error.js';
import type { RefusedWebhook, WebhookIngestor, WebhookOutcome } from '../../ingest/ingest-webhook.js';
import type { WebhookDecoder, EndpointCodec as WebhookEndpoint } from '../../ingest/webhook-decoder.js';
import type { MetricsRecorder } from '../../metrics/service-metrics.js';
import { type AnonymousGuard, type BodyBudget, type BodyDigest, DigestStream, digestOf, hasCredentials } from '../webhook-guard.js';
import { headerValue, journalHeaders } from '../webhook-headers.js';

export interface WebhookRouteDeps {
  ingestor: WebhookIngestor;
  /** Every kind's endpoint: the classic three and each declared kind's. */
  decoder: WebhookDecoder;
  authenticator: WebhookAuthenticator;
  bodyLimit: number;
  /** Open mode: requests without credentials are the default source's. */
  allowUnsigned: boolean;
  anonymous: AnonymousGuard;
  bodies: BodyBudget;
  metrics?: MetricsRecorder;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the body of a request without credentials was only digested, not kept. */
    bodyDigest?: DigestStream;
    /** What became of a webhook, for the metrics: its result, `rejected` (journaled) or `refused` (not). */
    webhookResult?: string;
  }
}

function send(reply: FastifyReply, outcome: WebhookOutcome) {
  reply.request.webhookResult = outcome.eventId === null ? 'refused' : typeof outcome.body.result === 'string' ? outcome.body.result : 'rejected';
  if (outcome.retryAfterSeconds !== undefined) reply.header('retry-after', String(outcome.retryAfterSeconds));
  if (outcome.cause !== undefined) reply.log.error({ err: outcome.cause, eventId: outcome.eventId }, 'webhook failed');
  return reply.code(outcome.httpStatus).send(outcome.body);
}

/**
 * The endpoints 1C posts to. This scope reads every body as raw bytes whatever its
 * Content-Type (1C sends `application/json`, with or without charset, sometimes with a
 * BOM): the signature and the journal need the exact bytes, and decode-webhook.ts
 * validates them with the compiled schemas — Fastify's own body validation is off here.
 *
 * Requests from no known source are cheap and bounded (docs/security.md, "Denial of
 * service"): an address that used up its rate is refused before its body is read; a body
 * without credentials is hashed while it streams in, never held; what the journal keeps of
 * such a request is its metadata, hash and first bytes, within an hourly budget.
 */
export async function webhookRoutes(scope: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, (_req, body, done) => done(null, body));
  app.setValidatorCompiler(() => () => true);
  const { anonymous, bodies } = deps;
  const { metrics } = deps;
  if (metrics) {
    // Answers that never reached `send` (rate limited, busy, the database down) were refused unjournaled.
    app.addHook('onResponse', async (request, reply) => {
      const endpoint = deps.decoder.ofPath(request.routeOptions.url ?? '');
      if (endpoint) metrics.webhook(endpoint.name, request.webhookResult ?? 'refused', reply.statusCode);
    });
  }

  app.addHook('onRequest', async (request, reply) => {
    const wait = anonymous.blocked(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError('RATE_LIMITED', {
        message: `Too many requests without valid credentials from ${request.ip}; retry after ${wait} s`,
        retryAfterSeconds: wait,
      });
    }
    const length = Number(request.headers['content-length']);
    // Over the body limit: Fastify refuses it (413) before reading; nothing to reserve.
    if (length > deps.bodyLimit) return;
    const release = bodies.reserve(Number.isFinite(length) ? length : deps.bodyLimit);
    if (!release) throw new AppError('SERVER_BUSY', { message: 'Too many request bodies in flight; retry later', retryAfterSeconds: 1 });
    reply.raw.once('close', release);
  });

  app.addHook('preParsing', async (request, _reply, payload) => {
    if (deps.allowUnsigned || hasCredentials(request.headers)) return payload;
    // Over the limit by its Content-Length: Fastify answers 413 without reading anything.
    if (Number(request.headers['content-length']) > deps.bodyLimit) return payload;
    const digest = new DigestStream(anonymous.limits.bodyPrefixBytes, deps.bodyLimit);
    // Fastify listens for the stream's errors while it reads the body; one raised after it
    // stopped (the request was already answered) must not become an uncaught exception.
    digest.on('error', () => {});
    request.bodyDigest = digest;
    return payload.pipe(digest);
  });

  const base = (
    request: FastifyRequest,
    endpoint: WebhookEndpoint,
  ): Pick<RefusedWebhook, 'endpoint' | 'headers' | 'remoteAddr' | 'webhookId' | 'requestId'> => {
    const webhookId = headerValue(request.headers, 'webhook-id');
    return {
      endpoint: endpoint.name,
      headers: journalHeaders(request.headers),
      remoteAddr: request.ip ?? null,
      // Kept for every request that had one, so a replay of a refused request is still
      // recognised as a duplicate of a later delivery; an over-long one is not an id.
      webhookId: webhookId && webhookId.length <= MAX_WEBHOOK_ID_LENGTH ? webhookId : null,
      requestId: request.id,
    };
  };

  /**
   * A request from no known source: counted against its address, journaled as metadata,
   * hash and prefix while the hourly budget lasts, else only answered.
   */
  const refuseUnknown = async (request: FastifyRequest, endpoint: WebhookEndpoint, digest: BodyDigest | null, size: number, refusal: AppError) => {
    anonymous.count(request.ip);
    const common = base(request, endpoint);
    const prefix = digest?.prefix ?? null;
    const journalBytes = 512 + (prefix?.length ?? 0) + JSON.stringify(common.headers).length;
    if (!anonymous.admitJournal(journalBytes)) {
      return { httpStatus: refusal.status, eventId: null, body: refusal.toBody(), retryAfterSeconds: refusal.retryAfterSeconds } satisfies WebhookOutcome;
    }
    return deps.ingestor.refuse(Object.assign(common, { body: prefix, bodySize: size, bodySha256: digest?.sha256, sourceId: null }), refusal);
  };

  // A body over the limit never reaches the handler: journal the refusal (without the bytes).
  app.setErrorHandler(async (error: Error & { code?: string }, request, reply) => {
    const endpoint = deps.decoder.ofPath(request.routeOptions.url ?? '');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && endpoint) {
      const size = Number(request.headers['content-length'] ?? request.bodyDigest?.receivedEncodedLength ?? 0);
      const refusal = new AppError('PAYLOAD_TOO_LARGE', { message: `The body is larger than ${deps.bodyLimit} bytes` });
      return send(reply, await refuseUnknown(request, endpoint, null, Number.isFinite(size) ? size : 0, refusal));
    }
    throw error;
  });

  for (const endpoint of deps.decoder.endpoints) {
    app.post(
      endpoint.path,
      {
        schema: {
          summary: `1C posts ${endpoint.oneCObject} changes here`,
          tags: ['webhooks'],
          body: endpoint.schema,
          response: { 200: WebhookAcceptedSchema, '4xx': ErrorSchema, '5xx': ErrorSchema },
        },
      },
      async (request, reply) => {
        const digested = request.bodyDigest?.digest;
        if (digested) return send(reply, await refuseUnknown(request, endpoint, digested, digested.size, new AppError('AUTH_MISSING')));
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let outcome: WebhookOutcome;
        try {
          const identity = await deps.authenticator.authenticate(request.headers, body);
          // Not `{ ...base(…), body, … }`: a literal that opens with a spread and adds members is
          // V8's slow path, about a microsecond a member (docs/decisions/measured-costs.md).
          outcome = await deps.ingestor.ingest(Object.assign(base(request, endpoint), { body, bodySize: body.length }, identity));
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 503 || error.code === 'INTERNAL') throw error;
          const sourceId = error.sourceId ?? null;
          // Credentials that name no source (a wrong signature or token) are no better than none.
          if (sourceId === null)
            return send(reply, await refuseUnknown(request, endpoint, digestOf(body, anonymous.limits.bodyPrefixBytes), body.length, error));
          // A known source's refused request keeps its whole body: an operator can replay it.
          outcome = await deps.ingestor.refuse(Object.assign(base(request, endpoint), { body, bodySize: body.length, sourceId }), error);
        }
        return send(reply, outcome);
      },
    );
  }
}
