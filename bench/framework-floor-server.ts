/**
 * A reference, not a target: the framework the service runs on (Fastify, same version,
 * configured as the service's webhook scope is — raw-body parser for any Content-Type,
 * no request logging) doing only what the bare baseline does: read the body, strip the
 * BOM, `JSON.parse`, answer `{"status":"ok"}`. Its ratio to the baseline is the ceiling
 * any Fastify-based ingest reaches on this machine before a byte is validated or stored.
 * Run: `PORT=… node --import tsx bench/framework-floor-server.ts`.
 */
import Fastify, { LogController } from 'fastify';
import { webhookPath } from '../src/domain/kinds.js';

const app = Fastify({ logger: false, trustProxy: true, logController: new LogController({ disableRequestLogging: true }) });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.get('/readyz', async () => ({ status: 'ok' }));
// The parser above hands every body over as a Buffer.
app.post<{ Body: Buffer }>(webhookPath('incoming'), async (request, reply) => {
  let text = request.body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    JSON.parse(text);
  } catch {
    return reply.code(400).send({ status: 'bad json' });
  }
  return { status: 'ok' };
});

await app.listen({ port: Number(process.env.PORT ?? 8091), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`framework floor listening on ${app.listeningOrigin}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
