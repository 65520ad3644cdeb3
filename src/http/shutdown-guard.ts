import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

/**
 * Once a shutdown begins (app.close()), a request arriving on a kept-alive connection is
 * answered 503 SHUTTING_DOWN — in the registry's shape, with its request id, and
 * `Connection: close` (Fastify adds it while closing) — instead of Fastify's own 503 body;
 * nothing is journaled for it (like SERVER_BUSY). Requests already past this point when
 * the shutdown began are answered normally, after their commit.
 */
export function installShutdownGuard(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new AppError('SHUTTING_DOWN', { retryAfterSeconds: 1 });
  });
}
