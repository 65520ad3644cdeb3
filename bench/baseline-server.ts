/**
 * The bare baseline: Node's `http` server reading the whole body and
 * `JSON.parse`-ing it (BOM stripped, as any 1C receiver must), answering 200
 * `{"status":"ok"}`. No framework, no validation, no database: the ceiling the service's
 * ratios are measured against. Run: `PORT=… node --import tsx bench/baseline-server.ts`.
 */
import http from 'node:http';

const port = Number(process.env.PORT ?? 8090);
const host = process.env.HOST ?? '127.0.0.1';
const OK = JSON.stringify({ status: 'ok' });

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/readyz' || req.url === '/healthz')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(OK);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let text = Buffer.concat(chunks).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      JSON.parse(text);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"bad json"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(OK);
  });
});

server.keepAliveTimeout = 60_000;
server.listen(port, host, () => process.stdout.write(`baseline listening on http://${host}:${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
