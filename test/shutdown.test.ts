import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { openDatabase } from '../src/storage/open-database.js';
import { createPostgresSchema, selectedDialects, skipReason } from './helpers/dialects.js';
import { freePort } from './helpers/free-port.js';
import { MACHINE_NATS_URL, natsSkipReason } from './helpers/nats-server.js';
import { SERVICE_ADMIN_TOKEN, startServiceProcess } from './helpers/service-process.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * SIGTERM in the middle of a load, with deliveries in flight to an endpoint that never
 * answers and, where NATS runs, a JetStream publisher following the feed, on the production build as its own process: it exits 0;
 * every request answered 200 is stored; a request answered otherwise (503 while closing)
 * is not applied; and no request the service read is left without an answer. A request
 * that got no answer either never connected (ECONNREFUSED: refused before it was sent) or
 * lost its connection before the service read it (a kept-alive connection closed as idle,
 * or one still in the kernel's accept queue when the listener closed) — then the journal,
 * which records every request the service reads, has no trace of it, and 1C's retry is
 * its first delivery. After it: no delivery is still leased (handed back), and NATS has
 * every committed change (its cursor is the feed's head).
 */
type Outcome = { id: string; status?: number; code?: string; error?: string };

const WORKERS = 12;
const SIGTERM_AFTER = 60;

function post(baseUrl: string, agent: http.Agent, id: string, body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL(webhookPath('client'), baseUrl);
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'webhook-id': id, 'content-length': body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = text.slice(0, 100);
          }
          resolve({ id, status: response.statusCode, code });
        });
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
    request.end(body);
  });
}

for (const dialect of selectedDialects()) {
  describe(`SIGTERM under load on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('answers every request it read, stores every 200, and exits 0', { timeout: 120_000 }, async () => {
      let databaseUrl: string;
      if (dialect === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-shutdown-'));
        cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
        databaseUrl = `sqlite:${path.join(dir, 'shutdown.db')}`;
      } else {
        const schema = await createPostgresSchema();
        cleanups.push(() => schema.drop());
        databaseUrl = schema.url;
      }
      const metricsPort = await freePort();
      const stream = `SHUTDOWN_${dialect}_${process.pid}_${Date.now()}`;
      const nats: Record<string, string> =
        (await natsSkipReason('machine')) === false
          ? { ONEC_SYNC_NATS_URL: MACHINE_NATS_URL, ONEC_SYNC_NATS_STREAM: stream, ONEC_SYNC_NATS_SUBJECT: `${stream}.{source}.{kind}.{action}` }
          : {};
      const receiver = await new WebhookReceiver().start();
      cleanups.push(() => receiver.close());
      receiver.respond = () => 'hang';
      const service = await startServiceProcess(databaseUrl, {
        ONEC_SYNC_RATE_LIMIT: '0',
        LOG_LEVEL: 'info',
        ONEC_SYNC_METRICS_PORT: String(metricsPort),
        ONEC_SYNC_SHUTDOWN_GRACE: '20',
        ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
        ONEC_SYNC_DELIVERY_POLL_MS: '50',
        ...nats,
      });
      cleanups.push(async () => {
        if (service.child.exitCode === null) service.child.kill('SIGKILL');
      });
      const subscribed = await fetch(`${service.baseUrl}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url }),
      });
      assert.equal(subscribed.status, 201, await subscribed.text());

      const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
      const outcomes: Outcome[] = [];
      let n = 0;
      let ok = 0;
      let signalled = false;
      let signalledAt = 0;
      const worker = async () => {
        for (;;) {
          const id = `sd-${++n}`;
          const body = writeOneCJson(clientBody({ name: `ТОВ «Зупинка ${id}»`, code: id, edrpou: '32855961' }), { bom: true });
          const outcome = await post(service.baseUrl, agent, id, body);
          outcomes.push(outcome);
          if (outcome.status === 200 && ++ok === SIGTERM_AFTER && !signalled) {
            signalled = true;
            signalledAt = performance.now();
            service.child.kill('SIGTERM');
          }
          // Keep sending until the listener is gone: this worker's next request could not even connect.
          if (outcome.error === 'ECONNREFUSED') return;
          if (n > 20_000) throw new Error('the service never stopped accepting');
        }
      };

      // The metrics port answers without a key while the service runs.
      const scraped = fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(async (res) => ({ status: res.status, text: await res.text() }));
      await Promise.all(Array.from({ length: WORKERS }, worker));
      agent.destroy();
      const exit = await service.exited;
      const stopMs = Math.round(performance.now() - signalledAt);
      assert.equal(exit, 0, `exit ${exit}: ${service.stderr()}`);
      const metrics = await scraped;
      assert.equal(metrics.status, 200);
      assert.ok(metrics.text.includes('onec_sync_webhook_requests_total'));

      const storage = await openDatabase(databaseUrl, { migrate: false });
      let journal: Map<string, { status: string; http_status: number }>;
      let leased: number;
      let head: number;
      let natsCursor: number | undefined;
      try {
        const rows = await storage.db.selectFrom('events').select(['webhook_id', 'status', 'http_status']).where('webhook_id', 'like', 'sd-%').execute();
        journal = new Map(rows.map((r) => [r.webhook_id!, r]));
        leased = (await storage.db.selectFrom('subscription_deliveries').select('id').where('lease_owner', 'is not', null).execute()).length;
        head = Number((await storage.db.selectFrom('feed_counter').select('last').executeTakeFirst())?.last ?? 0);
        const cursor = await storage.db.selectFrom('feed_cursors').select('seq').where('name', '=', `nats:${stream}`).executeTakeFirst();
        natsCursor = cursor === undefined ? undefined : Number(cursor.seq);
      } finally {
        await storage.close();
      }
      assert.ok(receiver.requests.length >= 1, 'deliveries were in flight at the shutdown');
      assert.equal(leased, 0, 'every leased delivery was handed back');
      if (nats.ONEC_SYNC_NATS_URL) assert.equal(natsCursor, head, 'NATS got every committed change before the exit');
      const answered = outcomes.filter((o) => o.status !== undefined);
      const ok200 = answered.filter((o) => o.status === 200);
      const refused = outcomes.filter((o) => o.error === 'ECONNREFUSED');
      const dropped = outcomes.filter((o) => o.error !== undefined && o.error !== 'ECONNREFUSED');
      process.stderr.write(
        `# shutdown ${dialect}: ${ok200.length} answered 200, ${answered.length - ok200.length} answered 503 SHUTTING_DOWN, ${refused.length} refused before sending, ${dropped.length} dropped unread (${[...new Set(dropped.map((o) => o.error))].join(', ')}); exited ${stopMs} ms after SIGTERM\n`,
      );

      assert.ok(ok200.length >= SIGTERM_AFTER);
      assert.equal(refused.length >= 1, true, 'the load went on until connections were refused');
      const lost = ok200.filter((o) => journal.get(o.id)?.status !== 'applied');
      assert.deepEqual(
        lost.map((o) => o.id),
        [],
        'every request answered 200 is stored',
      );
      const appliedAnyway = answered.filter((o) => o.status !== 200 && journal.get(o.id)?.status === 'applied');
      assert.deepEqual(
        appliedAnyway.map((o) => o.id),
        [],
        'a request answered otherwise was not applied',
      );
      const cutOff = dropped.filter((o) => journal.has(o.id));
      assert.deepEqual(
        cutOff.map((o) => o.id),
        [],
        'no request the service read was left without an answer',
      );
      for (const o of answered.filter((a) => a.status !== 200)) assert.deepEqual([o.status, o.code], [503, 'SHUTTING_DOWN'], o.id);

      const lines = service
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg: string; level: number });
      assert.ok(
        lines.some((l) => l.msg.startsWith('shutting down')),
        'JSON log lines when stdout is not a terminal',
      );
      assert.ok(lines.some((l) => l.msg === 'stopped cleanly'));
    });
  });
}

describe('a shutdown that cannot finish within ONEC_SYNC_SHUTDOWN_GRACE', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('exits 1 with a log line when a request is still arriving at the end of the grace period', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-grace-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const service = await startServiceProcess(`sqlite:${path.join(dir, 'grace.db')}`, { LOG_LEVEL: 'info', ONEC_SYNC_SHUTDOWN_GRACE: '1' });
    cleanups.push(async () => {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    });
    // A request whose body never finishes: the service waits for it (it may still commit) until the grace runs out.
    const socket = net.connect(Number(new URL(service.baseUrl).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => {});
    socket.write(`POST ${webhookPath('client')} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Контрагент`);
    await new Promise((r) => setTimeout(r, 300));
    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 1);
    socket.destroy();
    const lines = service
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    assert.ok(
      lines.some((l) => l.level === 50 && l.msg.startsWith('shutdown grace period over')),
      service.stdout(),
    );
  });
});

describe('readable log lines', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('writes pino-pretty lines with ONEC_SYNC_LOG_FORMAT=pretty, through to the last one before the exit', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-pretty-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const service = await startServiceProcess(`sqlite:${path.join(dir, 'pretty.db')}`, { LOG_LEVEL: 'info', ONEC_SYNC_LOG_FORMAT: 'pretty' });
    assert.equal(await service.stop(), 0);
    const out = service.stdout();
    assert.match(out, /INFO.*onec-sync listening on http:\/\/127\.0\.0\.1:/);
    assert.match(out, /INFO.*stopped cleanly/);
    assert.ok(
      out
        .split('\n')
        .filter(Boolean)
        .every((line) => !line.startsWith('{')),
      'no JSON lines',
    );
  });
});
