import type { FastifyServerOptions } from 'fastify';

/**
 * The service's pino options. Production writes JSON lines (one object per line, for a log
 * shipper); a person at a terminal gets readable lines through pino-pretty, run by pino as
 * a transport on a thread of its own, so formatting never holds up a request.
 * ONEC_SYNC_LOG_FORMAT=json|pretty overrides the terminal check (e.g. `pretty` under a
 * process manager that is not a TTY, `json` on a terminal piped into a tool).
 */
export function loggerOptions(config: { logLevel: string; logFormat: 'json' | 'pretty' | undefined }, stdoutIsTTY: boolean): FastifyServerOptions['logger'] {
  const pretty = config.logFormat ? config.logFormat === 'pretty' : stdoutIsTTY;
  if (!pretty) return { level: config.logLevel };
  return {
    level: config.logLevel,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname', colorize: stdoutIsTTY } },
  };
}
