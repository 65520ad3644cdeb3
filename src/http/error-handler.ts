import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { DialectSupport } from '../storage/dialects/dialect-support.js';

/**
 * One translation from errors to answers: AppErrors carry their code, status and
 * retryability; Fastify's own (validation, body limit, bad JSON on API routes) are mapped
 * to registry codes; anything else is a 500 that 1C may retry, logged with its stack.
 */
export function installErrorHandler(app: FastifyInstance, support: Pick<DialectSupport, 'isUnavailable' | 'storageFault'>): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (support.isUnavailable(error)) appError = new AppError(support.storageFault(error) ?? 'DATABASE_UNAVAILABLE', { cause: error });
    else if (error.validation) {
      const first = error.validation[0];
      const path = [
        error.validationContext,
        first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || (first?.params as { missingProperty?: string })?.missingProperty,
      ]
        .filter(Boolean)
        .join('.');
      appError = new AppError(error.validationContext === 'querystring' ? 'INVALID_QUERY' : 'INVALID_REQUEST', {
        message: error.message,
        path: path || undefined,
      });
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') appError = new AppError('PAYLOAD_TOO_LARGE');
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message, retry: false } });
    } else {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('INTERNAL');
    }
    if (appError.status >= 500) request.log.warn({ code: appError.code, cause: (appError.cause as Error)?.message }, appError.message);
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    return reply.code(appError.status).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(new AppError('NOT_FOUND', { message: `No route ${request.method} ${request.url.split('?')[0]}` }).toBody());
  });
}
