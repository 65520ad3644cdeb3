import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody } from '../src/emulator/payload-builder.js';
import { KEEP_ALIVE_MARGIN_MS } from '../src/http/server-limits.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * A slow client must not exhaust the server: headers and whole requests have deadlines,
 * connections a cap with a clear refusal, request bodies a cap on the bytes held at once.
 * These bound the HTTP server, not the storage: one database (SQLite) is enough.
 */
const INVOICES = webhookPath('incoming');
const MiB = 1024 * 1024;

/** A raw connection to the service, with when (ms after opening) it was closed and what it received. */
function connect(baseUrl: string) {
  const { port } = new URL(baseUrl);
  const socket = net.connect(Number(port), '127.0.0.1');
  const opened = Date.now();
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  return { socket, closed, received: () => received, ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())) };
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms).unref())]);

describe('timeouts and caps of the HTTP server', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', {
      ONEC_SYNC_HEADERS_TIMEOUT: '1',
      ONEC_SYNC_REQUEST_TIMEOUT: '2',
      ONEC_SYNC_KEEP_ALIVE_TIMEOUT: '1',
      ONEC_SYNC_MAX_CONNECTIONS: '40',
      ONEC_SYNC_MAX_BODY_BYTES_IN_FLIGHT: String(20 * MiB),
    });
  });
  after(() => t?.close());

  it('closes a connection that trickles its headers within the headers timeout', async () => {
    const c = connect(t.baseUrl);
    await c.ready;
    c.socket.write(`POST ${INVOICES} HTTP/1.1\r\nhost: 127.0.0.1\r\n`);
    const trickle = setInterval(() => c.socket.writable && c.socket.write('x'), 200);
    try {
      // 1 s configured; Node.js checks on a timer of a tenth of it; slack for a busy machine.
      const closedAfter = await within(c.closed, 4000, 'the trickling connection closed');
      assert.ok(closedAfter >= 900, `closed after ${closedAfter} ms: not before the timeout`);
    } finally {
      clearInterval(trickle);
    }
  });

  it('drops a stalled upload within the request timeout and frees its share of the body budget', async () => {
    const c = connect(t.baseUrl);
    await c.ready;
    c.socket.write(`POST ${INVOICES} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${15 * MiB}\r\n\r\n`);
    c.socket.write(Buffer.alloc(MiB, 0x20));
    await new Promise((r) => setTimeout(r, 100));
    // 15 MiB are reserved for the stalled upload: another 15 MiB do not fit in 20.
    const busy = await t.post(INVOICES, Buffer.alloc(15 * MiB, 0x20), { 'content-type': 'application/json' });
    assert.equal(busy.status, 503);
    assert.equal(busy.json.error.code, 'SERVER_BUSY');
    assert.equal(busy.json.error.retry, true);
    assert.equal(busy.headers.get('retry-after'), '1');
    const closedAfter = await within(c.closed, 6000, 'the stalled upload closed');
    assert.ok(closedAfter >= 1900, `closed after ${closedAfter} ms`);
    assert.match(c.received(), /^HTTP\/1\.1 408 /, 'answered 408 Request Timeout');
    const after = await t.post(INVOICES, Buffer.alloc(15 * MiB, 0x20), { 'content-type': 'application/json' });
    assert.notEqual(after.status, 503, 'the budget is free again');
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const c = connect(t.baseUrl);
    await c.ready;
    c.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    const closedAfter = await within(c.closed, 5000, 'the kept-alive connection closed');
    assert.match(c.received(), /^HTTP\/1\.1 200 /);
    assert.match(c.received(), /\r\nkeep-alive: timeout=1\r\n/i, 'the configured timeout is advertised');
    // Closed only after the advertised second plus the margin (server-limits.ts).
    assert.ok(closedAfter >= 1000 + KEEP_ALIVE_MARGIN_MS - 100, `closed after ${closedAfter} ms`);
  });

  it('answers a connection over the cap with 503 SERVER_BUSY and closes it, and serves again below the cap', async () => {
    const held = Array.from({ length: 40 }, () => connect(t.baseUrl));
    await Promise.all(held.map((c) => c.ready));
    // Keep them from timing out while the extra one is tried.
    for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    const extra = connect(t.baseUrl);
    await within(extra.closed, 3000, 'the extra connection was refused');
    assert.match(extra.received(), /^HTTP\/1\.1 503 /);
    assert.match(extra.received(), /"code":"SERVER_BUSY"/);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // The server counts a connection out when its own end closes, a moment after the client's.
    await until('the server serves again below the cap', async () => {
      const res = await fetch(`${t.baseUrl}/healthz`).catch(() => undefined);
      await res?.arrayBuffer();
      return res?.status === 200;
    });
  });
});

/**
 * One request on a raw kept-alive connection: resolves with the response's head once its body
 * (content-length) has arrived, or rejects when the connection closes first.
 */
function requestOn(socket: net.Socket, pathname: string): Promise<{ head: string; at: number }> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (d: Buffer) => {
      buffer += d.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length - end - 4 < length) return;
      done();
      resolve({ head, at: Date.now() });
    };
    const onClose = () => {
      done();
      reject(new Error(`the connection was closed under the request (${buffer.length} bytes received)`));
    };
    const done = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET ${pathname} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
  });
}

describe('a kept-alive connection reused at the advertised edge', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_KEEP_ALIVE_TIMEOUT: '1' });
  });
  after(() => t?.close());

  it('is served, under load, when a client idles exactly the advertised timeout and sends again', { timeout: 60_000 }, async () => {
    // Load: webhooks on 8 connections and two people searching, until the probes are done.
    let loading = true;
    let sent = 0;
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const webhooks = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; loading; i++) {
        const res = await t.post(INVOICES, oneCBytes(incomingInvoiceBody(receiptSpec(`KA-${w}-${i}`))), { 'content-type': 'application/json' });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        sent++;
      }
    });
    const searches = Array.from({ length: 2 }, async () => {
      while (loading) assert.equal((await t.get(`/api/v1/invoices?q=${encodeURIComponent('Ромашка')}`, auth)).status, 200);
    });
    try {
      const { port } = new URL(t.baseUrl);
      const probe = async () => {
        const socket = net.connect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        await new Promise((resolve) => socket.once('connect', resolve));
        try {
          const first = await requestOn(socket, '/healthz');
          const advertised = /\r\nkeep-alive: *timeout=(\d+)/i.exec(first.head);
          assert.ok(advertised, `a Keep-Alive hint in:\n${first.head}`);
          assert.equal(advertised[1], '1', 'the configured timeout is what is advertised');
          // Idle exactly the advertised timeout, counted from the response, as a client honouring the hint does.
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, first.at + Number(advertised[1]) * 1000 - Date.now())));
          const second = await requestOn(socket, '/healthz');
          assert.match(second.head, /^HTTP\/1\.1 200 /);
        } finally {
          socket.destroy();
        }
      };
      // Twelve probes, four at a time, each on its own connection.
      const probes = (async () => {
        for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 4 }, probe));
      })();
      // A failing load worker fails the test at once, not as an unhandled rejection after it.
      await Promise.race([probes, Promise.all([...webhooks, ...searches])]);
      await probes;
    } finally {
      loading = false;
      await Promise.allSettled([...webhooks, ...searches]);
    }
    await Promise.all([...webhooks, ...searches]);
    assert.ok(sent > 0, 'webhooks were received during the probes');
  });
});

describe('/healthz with 5,000 idle connections open', () => {
  it('answers in under 50 ms (median of 21 probes) while 5,000 idle connections are open', { timeout: 180_000 }, async (ctx) => {
    // Its own process, whose descriptor limit the shell raises to the hard limit: 5,000
    // connections are 10,000 descriptors (both ends) plus the database's.
    const probe = path.join(import.meta.dirname, 'helpers', 'idle-connections-probe.ts');
    const script = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; echo "$(ulimit -n)" >&2; exec "$0" --import tsx "$@"';
    const { stdout, stderr } = await promisify(execFile)('sh', ['-c', script, process.execPath, probe, '5000', '21'], {
      cwd: path.join(import.meta.dirname, '..'),
      timeout: 170_000,
    });
    const limit = Number(stderr.trim().split('\n')[0]);
    if (limit < 10_500) {
      const why = `the descriptor limit is ${limit} (ulimit -Hn): 5,000 connections need about 10,500`;
      // CI raises the limit (.ci/run): there, a low one is a broken runner, not a reason to skip.
      if (process.env.CI === 'true') assert.fail(`${why}; CI must run this test (raise the hard limit of the runner)`);
      ctx.skip(why);
      return;
    }
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    ctx.diagnostic(`descriptors ${limit}; /healthz median ${result.median?.toFixed(1)} ms, max ${result.max?.toFixed(1)} ms`);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.opened, 5000);
    assert.equal(result.closedEarly, 0, 'no idle connection was dropped');
    assert.ok(result.serverSide >= 5000, `the server held ${result.serverSide} connections`);
    // The machine is shared: the median of 21 probes, each on a fresh connection.
    assert.ok(result.median < 50, `/healthz median ${result.median.toFixed(1)} ms (all: ${result.times.map((x: number) => x.toFixed(1)).join(', ')})`);
  });
});
