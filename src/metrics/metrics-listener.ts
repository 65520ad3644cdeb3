import http from 'node:http';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * ONEC_SYNC_METRICS_PORT: `/metrics` without a key, on a port of its own, for a Prometheus
 * that reaches the service over a network the API is not exposed on (a firewall, a
 * Kubernetes pod port). It serves that one path and nothing else. main opens it.
 */
export function metricsListener(metrics: ServiceMetrics): http.Server {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics here\n');
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error)?.message ?? error}\n`),
    );
  });
  // A scraper that connects and sends nothing must not hold a socket for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
