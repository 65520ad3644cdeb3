import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookAuthenticator } from '../../auth/webhook-authenticator.js';
import { AppError } from '../../errors/app-error.js';
import type { WebhookIngestor, WebhookOutcome, WebhookRequest } from '../../ingest/ingest-webhook.js';
import { WEBHOOK_ENDPOINTS, type WebhookEndpoint } from '../../ingest/webhook-endpoints.js';
import { ErrorSchema, WebhookAcceptedSchema } from '../api-schemas.js';
import { journalHeaders } from '../webhook-headers.js';

export interface WebhookRouteDeps {
  ingestor: WebhookIngestor;
  authenticator: WebhookAuthenticator;
  bodyLimit: number;
}

function send(reply: FastifyReply, outcome: WebhookOutcome) {
  if (outcome.retryAfterSeconds !== undefined) reply.header('retry-after', String(outcome.retryAfterSeconds));
  return reply.code(outcome.httpStatus).send(outcome.body);
}

/**
 * The endpoints 1C posts to. This scope reads every body as raw bytes whatever its
 * Content-Type (1C sends `application/json`, with or without charset, sometimes with a
 * BOM): the signature and the journal need the exact bytes, and decode-webhook.ts
 * validates them with the compiled schemas — Fastify's own body validation is off here.
 */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, (_req, body, done) => done(null, body));
  app.setValidatorCompiler(() => () => true);

  const base = (request: FastifyRequest, endpoint: WebhookEndpoint): Omit<WebhookRequest, 'body' | 'bodySize' | 'sourceId' | 'webhookId'> => ({
    endpoint: endpoint.name,
    headers: journalHeaders(request.headers),
    remoteAddr: request.ip ?? null,
  });

  // A body over the limit never reaches the handler: journal the refusal (without the bytes).
  app.setErrorHandler(async (error: Error & { code?: string }, request, reply) => {
    const endpoint = WEBHOOK_ENDPOINTS.find((e) => e.path === request.routeOptions.url);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && endpoint) {
      const size = Number(request.headers['content-length'] ?? 0);
      const outcome = await deps.ingestor.ingest({
        ...base(request, endpoint), body: null, bodySize: Number.isFinite(size) ? size : 0, sourceId: null, webhookId: null,
        refusal: new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${deps.bodyLimit} bytes`),
      });
      return send(reply, outcome);
    }
    throw error;
  });

  for (const endpoint of WEBHOOK_ENDPOINTS) {
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
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const common = { ...base(request, endpoint), body, bodySize: body.length };
        let outcome: WebhookOutcome;
        try {
          const identity = await deps.authenticator.authenticate(request.headers, body);
          outcome = await deps.ingestor.ingest({ ...common, ...identity });
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 503 || error.code === 'INTERNAL') throw error;
          const sourceId = error.sourceId ?? null;
          outcome = await deps.ingestor.ingest({ ...common, sourceId, webhookId: null, refusal: error });
        }
        return send(reply, outcome);
      },
    );
  }
}
