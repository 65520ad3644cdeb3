import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';

type Support = Pick<DialectSupport, 'isUnavailable' | 'storageFault'>;

/**
 * Fastify's own errors (its FST_* codes, lib/errors.js) as registry codes. Only the registry's
 * codes are ever answered: a sender reads `code` and `retry`, and must not meet a framework's
 * vocabulary.
 */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_INVALID_URL: 'MALFORMED_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URL_TOO_LONG',
};

/** A 4xx without a known code, by its status: the registry code of that status, else INVALID_REQUEST. */
const BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_REQUEST',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URL_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The registry's error for anything a request may throw. */
export function toAppError(error: FastifyError, request: FastifyRequest, support: Support): AppError {
  if (error instanceof AppError) return error;
  if (support.isUnavailable(error)) return new AppError(support.storageFault(error) ?? 'DATABASE_UNAVAILABLE', { cause: error });
  if (error.validation) {
    const first = error.validation[0];
    const path = [
      error.validationContext,
      first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || (first?.params as { missingProperty?: string })?.missingProperty,
    ]
      .filter(Boolean)
      .join('.');
    return new AppError(error.validationContext === 'querystring' ? 'INVALID_QUERY' : 'INVALID_REQUEST', { message: error.message, path: path || undefined });
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return new AppError(known, { cause: error });
  // JSON.parse's own SyntaxError, as Fastify's JSON parser passes it on with a 400.
  if (error instanceof SyntaxError && error.statusCode === 400)
    return new AppError('INVALID_JSON', { message: `The body is not valid JSON: ${error.message}`, cause: error });
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    request.log.warn({ err: error }, 'a client error with no registry code: answered by its status');
    return new AppError(BY_STATUS[error.statusCode] ?? 'INVALID_REQUEST', { message: error.message, cause: error });
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('INTERNAL', { cause: error });
}

function answer(appError: AppError, request: FastifyRequest, reply: FastifyReply) {
  if (appError.status >= 500) request.log.warn({ code: appError.code, cause: (appError.cause as Error)?.message }, appError.message);
  if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
  return reply.code(appError.status).send(appError.toBody());
}

/**
 * One translation from errors to answers: AppErrors carry their code, status and
 * retryability; Fastify's own (validation, body limit, media type, bad JSON, bad URLs) are
 * mapped to registry codes; anything else is a 500 that 1C may retry, logged with its stack.
 */
export function installErrorHandler(app: FastifyInstance, support: Support): void {
  app.setErrorHandler((error: FastifyError, request, reply) => answer(toAppError(error, request, support), request, reply));
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(new AppError('NOT_FOUND', { message: `No route ${request.method} ${request.url.split('?')[0]}` }).toBody());
  });
}

/**
 * Fastify's `frameworkErrors` option: the errors its router meets before a route is chosen (a
 * path that is not a valid URL, a parameter over `maxParamLength`), which Fastify otherwise
 * answers itself with its own codes.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code = (error.code && FASTIFY_CODES[error.code]) || 'MALFORMED_REQUEST';
  void answer(new AppError(code, { message: error.message }), request, reply);
}

/**
 * Fastify's `clientErrorHandler` option: what Node.js's HTTP parser refuses before there is a
 * request (headers over the size limit, a timeout, bytes that are not HTTP), answered in the
 * registry's shape on the raw socket, which is then closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody to answer (nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST';
  const appError = new AppError(code);
  const body = JSON.stringify(appError.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
