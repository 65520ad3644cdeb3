import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import type { ServerLimits } from '../config/load-config.js';
import { AppError } from '../errors/app-error.js';

/**
 * The HTTP server's timeouts, in one place (docs/security.md, "Denial of service").
 * Fastify's defaults leave the request timeout off and keep idle sockets 72 s; Node.js
 * enforces the request and headers timeouts on a timer (`connectionsCheckingInterval`,
 * 30 s by default), so that timer runs at a tenth of the headers timeout, at most a second
 * apart: a stalled upload or a header trickle is dropped close to the configured time.
 * A request over the request timeout is answered 408 and its connection closed.
 * The keep-alive timeout is advertised and enforced by keepAliveWithMargin.
 */
export function serverOptions(limits: ServerLimits): Partial<FastifyServerOptions> {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))),
    },
  } as Partial<FastifyServerOptions>;
}

/**
 * A cap on open connections with a clear refusal: one over the cap is answered 503
 * SERVER_BUSY (retry later) and closed at once, rather than left to hang or to use up the
 * process's file descriptors — which would take /healthz and the webhooks down with it.
 * Keep the cap under the descriptor limit (`ulimit -n`), with room for the database.
 */
export function capConnections(server: Server, max: number, onCapReached: (count: number) => void): void {
  let open = 0;
  let warned = 0;
  const body = JSON.stringify(new AppError('SERVER_BUSY', { message: 'Too many open connections; retry later' }).toBody());
  const refusal =
    'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: 1\r\n' +
    `cache-control: no-store\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  // prependListener: before Node.js's HTTP server starts parsing on this socket.
  server.prependListener('connection', (socket: Socket) => {
    if (open >= max) {
      const now = Date.now();
      if (now - warned > 60_000) {
        warned = now;
        onCapReached(open);
      }
      socket.on('error', () => {});
      socket.end(refusal);
      socket.destroySoon();
      return;
    }
    open++;
    socket.once('close', () => open--);
  });
}

/** How much longer than advertised the server keeps an idle kept-alive connection open. */
export const KEEP_ALIVE_MARGIN_MS = 1000;

/**
 * Advertise `Keep-Alive: timeout=N` and close an idle connection only at N plus a margin.
 * A client that honours the hint (Node's fetch, a proxy's upstream pool) reuses a connection
 * until about N after the response; a server that closes at exactly N races it, and the
 * request sent on a connection the server is closing fails ("other side closed"). Newer
 * Node.js releases add such a margin themselves (`keepAliveTimeoutBuffer`); releases of
 * Node 20 differ, so the margin is ours here: Node's own keep-alive timer is off, and this
 * one runs when the last response on a connection has finished and stops at its next request.
 */
export function keepAliveWithMargin(server: Server, advertisedMs: number, maxRequestsPerSocket: number): void {
  server.keepAliveTimeout = 0;
  const hint = `timeout=${Math.floor(advertisedMs / 1000)}${maxRequestsPerSocket > 0 ? `, max=${maxRequestsPerSocket}` : ''}`;
  const inFlight = new WeakMap<object, number>();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const open = inFlight.get(socket) ?? 0;
    // Back to the idle timeout (ONEC_SYNC_IDLE_TIMEOUT) while a request is served.
    if (open === 0) socket.setTimeout(server.timeout);
    inFlight.set(socket, open + 1);
    if (res.shouldKeepAlive) res.setHeader('keep-alive', hint);
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (left === 0 && !socket.destroyed) socket.setTimeout(advertisedMs + KEEP_ALIVE_MARGIN_MS);
    });
  });
}
