import type { FastifyInstance } from 'fastify';
import type { MetricsRecorder, ServiceMetrics } from '../../metrics/service-metrics.js';

/**
 * GET /metrics, Prometheus' text format, for a key of scope `metrics` (or `admin`). With
 * ONEC_SYNC_METRICS_PORT set, main also serves it without a key on that port
 * (src/metrics/metrics-listener.ts), for a scraper on a network the API is not on.
 */
export async function metricsRoutes(app: FastifyInstance, deps: { metrics: ServiceMetrics }): Promise<void> {
  app.get(
    '/metrics',
    { config: { scope: 'metrics' }, schema: { tags: ['health'], summary: 'Prometheus metrics (text exposition format); a key of scope metrics or admin' } },
    async (_request, reply) => {
      const { contentType, body } = await deps.metrics.scrape();
      return reply.type(contentType).send(body);
    },
  );
}

/** Every answer's latency, by route template — never the raw URL, so the label set stays bounded. */
export function installRequestMetrics(app: FastifyInstance, metrics: MetricsRecorder): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
}
