import type { Server } from 'node:http';
import { type Config, loadConfig } from './config/load-config.js';
import { createService } from './create-service.js';
import { loggerOptions } from './logger-options.js';
import { metricsListener } from './metrics/metrics-listener.js';

/**
 * Composition root: loadConfig → createService → listen. The only place that listens: the
 * service's port and, with ONEC_SYNC_METRICS_PORT, the metrics port.
 *
 * SIGTERM and SIGINT stop it cleanly (service.close(): no new connections, every request
 * already read answered after its commit, deliveries finished or handed back, NATS caught
 * up, the database closed) and exit 0. Past ONEC_SYNC_SHUTDOWN_GRACE it exits 1 with a log
 * line; a second signal exits 1 at once. Either way nothing answered 200 is lost: a 200
 * is only ever sent after its commit.
 */
export async function serve(config: Config = loadConfig()): Promise<void> {
  const service = await createService(config, { logger: loggerOptions(config, process.stdout.isTTY === true) });
  const log = service.app.log;
  for (const warning of service.warnings) log.warn(warning);
  const metricsServer = config.metricsPort === undefined ? undefined : metricsListener(service.metrics);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      log.error({ signal }, 'second signal during shutdown: exiting now, work unfinished');
      process.exit(1);
    }
    closing = true;
    log.info(
      { signal, graceSeconds: config.shutdownGraceMs / 1000 },
      'shutting down: no new connections; answering the requests already read, finishing in-flight work',
    );
    const grace = setTimeout(() => {
      log.error({ graceSeconds: config.shutdownGraceMs / 1000 }, 'shutdown grace period over (ONEC_SYNC_SHUTDOWN_GRACE): exiting with work unfinished');
      process.exit(1);
    }, config.shutdownGraceMs);
    try {
      await service.close();
      if (metricsServer) await closeServer(metricsServer);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    clearTimeout(grace);
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await service.app.listen({ port: config.port, host: config.host });
    if (metricsServer) {
      await new Promise<void>((resolve, reject) => metricsServer.once('error', reject).listen(config.metricsPort, config.host, resolve));
      log.info({ port: config.metricsPort }, 'metrics (no key) on /metrics');
    }
  } catch (error) {
    // A port taken: nothing may keep running (the writer thread, the delivery worker) — the process must end with the error.
    closing = true;
    await service.close().catch(() => {});
    throw error;
  }
  log.info(
    { database: service.storage.support.name, timezone: config.timezone },
    `onec-sync listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
