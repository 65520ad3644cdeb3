import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * What an incoming `X-Request-Id` may look like to be kept: up to 128 of the characters
 * trace ids use (nginx's `$request_id` is 32 hex digits, AWS's and W3C's fit too).
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`. A sane incoming `X-Request-Id` is kept, so the proxy in front, or
 * the ERP, and this service name one request the same in their logs; the id is never
 * trusted for anything (it is not unique and authorises nothing), and the character set
 * keeps it harmless in log lines, headers and the journal. Anything else — absent, too
 * long, odd characters — gets a fresh random UUID (Fastify's default, a per-process
 * counter, repeats after every restart and on every replica).
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Every answer carries its request's id as `X-Request-Id`, and every error body as
 * `error.requestId`: the one thing a 1C operator or an ERP developer can quote that leads
 * to the log lines (`reqId`) and the journal entry (`requestId`) of that request.
 */
export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    if (reply.statusCode < 400 || payload === null || typeof payload !== 'object') return payload;
    const error = (payload as { error?: unknown }).error;
    if (error === null || typeof error !== 'object' || Array.isArray(error)) return payload;
    return { ...payload, error: { ...error, requestId: request.id } };
  });
}
