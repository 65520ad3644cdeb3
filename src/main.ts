import { loadConfig, type Config } from './config/load-config.js';
import { createService } from './create-service.js';

/** Composition root: loadConfig → createService → listen. The only place that listens. */
export async function main(config: Config = loadConfig()): Promise<void> {
  const service = await createService(config, { logger: { level: config.logLevel } });
  const log = service.app.log;
  for (const warning of service.warnings) log.warn(warning);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight commits');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await service.app.listen({ port: config.port, host: config.host });
  log.info({ database: service.storage.support.name, timezone: config.timezone }, `onec-sync listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
}
