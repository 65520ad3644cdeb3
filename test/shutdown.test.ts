import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeOneCJson } from '../src/emulator/one-c-json.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { openDatabase } from '../src/storage/open-database.js';
import { createPostgresSchema, selectedDialects, skipReason } from './helpers/dialects.js';
import { freePort } from './helpers/free-port.js';
import { startServiceProcess } from './helpers/service-process.js';

/**
 * SIGTERM in the middle of a load, on the production build as its own process: it exits 0;
 * every request answered 200 is stored; a request answered otherwise (503 while closing)
 * is not applied; and no request the service read is left without an answer. A request
 * that got no answer either never connected (ECONNREFUSED: refused before it was sent) or
 * lost its connection before the service read it (a kept-alive connection closed as idle,
 * or one still in the kernel's accept queue when the listener closed) — then the journal,
 * which records every request the service reads, has no trace of it, and 1C's retry is
 * its first delivery.
 */
type Outcome = { id: string; status?: number; code?: string; error?: string };

const WORKERS = 12;
const SIGTERM_AFTER = 60;

function post(baseUrl: string, agent: http.Agent, id: string, body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL('/api/webhook/1c/clients', baseUrl);
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'webhook-id': id, 'content-length': body.length } }, (response) => {
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
    });
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
      const service = await startServiceProcess(databaseUrl, {
        ONEC_SYNC_RATE_LIMIT: '0', LOG_LEVEL: 'info', ONEC_SYNC_METRICS_PORT: String(metricsPort), ONEC_SYNC_SHUTDOWN_GRACE: '20',
      });
      cleanups.push(async () => {
        if (service.child.exitCode === null) service.child.kill('SIGKILL');
      });

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
      try {
        const rows = await storage.db.selectFrom('events').select(['webhook_id', 'status', 'http_status']).where('webhook_id', 'like', 'sd-%').execute();
        journal = new Map(rows.map((r) => [r.webhook_id!, r]));
      } finally {
        await storage.close();
      }
      const answered = outcomes.filter((o) => o.status !== undefined);
      const ok200 = answered.filter((o) => o.status === 200);
      const refused = outcomes.filter((o) => o.error === 'ECONNREFUSED');
      const dropped = outcomes.filter((o) => o.error !== undefined && o.error !== 'ECONNREFUSED');
      process.stderr.write(`# shutdown ${dialect}: ${ok200.length} answered 200, ${answered.length - ok200.length} answered 503 SHUTTING_DOWN, ${refused.length} refused before sending, ${dropped.length} dropped unread (${[...new Set(dropped.map((o) => o.error))].join(', ')}); exited ${stopMs} ms after SIGTERM\n`);

      assert.ok(ok200.length >= SIGTERM_AFTER);
      assert.equal(refused.length >= 1, true, 'the load went on until connections were refused');
      const lost = ok200.filter((o) => journal.get(o.id)?.status !== 'applied');
      assert.deepEqual(lost.map((o) => o.id), [], 'every request answered 200 is stored');
      const appliedAnyway = answered.filter((o) => o.status !== 200 && journal.get(o.id)?.status === 'applied');
      assert.deepEqual(appliedAnyway.map((o) => o.id), [], 'a request answered otherwise was not applied');
      const cutOff = dropped.filter((o) => journal.has(o.id));
      assert.deepEqual(cutOff.map((o) => o.id), [], 'no request the service read was left without an answer');
      for (const o of answered.filter((a) => a.status !== 200)) assert.deepEqual([o.status, o.code], [503, 'SHUTTING_DOWN'], o.id);

      const lines = service.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; level: number });
      assert.ok(lines.some((l) => l.msg.startsWith('shutting down')), 'JSON log lines when stdout is not a terminal');
      assert.ok(lines.some((l) => l.msg === 'stopped cleanly'));
    });
  });
}
