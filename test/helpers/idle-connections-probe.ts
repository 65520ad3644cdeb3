/**
 * Run in a process of its own (its descriptor limit raised by the shell that starts it):
 * the real service on 127.0.0.1, `count` idle connections opened to it, then `/healthz`
 * timed over fresh connections. Prints one JSON line: what the test asserts on.
 */
import http from 'node:http';
import net from 'node:net';
import { startTestService } from './test-service.js';

const count = Number(process.argv[2] ?? 5000);
const probes = Number(process.argv[3] ?? 21);

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

const t = await startTestService('sqlite', { ONEC_SYNC_HEADERS_TIMEOUT: '120', ONEC_SYNC_REQUEST_TIMEOUT: '120', ONEC_SYNC_IDLE_TIMEOUT: '120' });
const { port } = new URL(t.baseUrl);
const sockets: net.Socket[] = [];
let closedEarly = 0;
const deadline = Date.now() + 60_000;
try {
  while (sockets.length < count && Date.now() < deadline) {
    const batch = Math.min(250, count - sockets.length);
    await Promise.all(
      Array.from(
        { length: batch },
        () =>
          new Promise<void>((resolve, reject) => {
            const socket = net.connect(Number(port), '127.0.0.1', () => resolve());
            socket.once('error', reject);
            socket.once('close', () => closedEarly++);
            sockets.push(socket);
          }),
      ),
    );
  }
  // The kernel completes a connection before the server accepts it: wait (bounded) until it has.
  const held = () => new Promise<number>((resolve, reject) => t.service.app.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
  let serverSide = await held();
  for (const until = Date.now() + 20_000; serverSide < sockets.length && Date.now() < until; serverSide = await held()) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const times: number[] = [];
  for (let i = 0; i < probes; i++) times.push(await get(`${t.baseUrl}/healthz`));
  times.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ opened: sockets.length, serverSide, closedEarly, median: times[Math.floor(times.length / 2)], max: times[times.length - 1], times })}\n`,
  );
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: (error as Error).message, opened: sockets.length })}\n`);
} finally {
  for (const s of sockets) s.destroy();
  await t.close();
}
