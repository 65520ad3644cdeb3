import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { SERVICE_ADMIN_TOKEN, startServiceProcess } from './helpers/service-process.js';
import { freshDatabaseUrl, startTestService, TEST_ADMIN_TOKEN } from './helpers/test-service.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * Deliveries across process deaths and replicas: a service killed (SIGKILL) while a
 * delivery is in flight loses nothing — its lease expires and the next process delivers;
 * a clean stop (SIGTERM) hands its leases back; two replicas on one PostgreSQL never
 * attempt the same delivery at the same time.
 */

const positions = makePositions(1, 3);
const receipt = (number: string, comment: string) => oneCBytes(incomingInvoiceBody(receiptSpec(number, { positions, comment })));

const ENV = {
  ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
  ONEC_SYNC_DELIVERY_POLL_MS: '50',
  ONEC_SYNC_DELIVERY_BACKOFF_BASE_MS: '40',
  ONEC_SYNC_DELIVERY_BACKOFF_MAX_MS: '150',
};

async function call(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function ingest(baseUrl: string, body: Buffer): Promise<string> {
  const res = await fetch(`${baseUrl}${webhookPath('incoming')}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const json = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.eventId;
}

/** The subscription's deliveries once every one is done (the receiver's 2xx is recorded just after it is sent). */
async function allDone(baseUrl: string, id: string, count: number): Promise<any[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const items = (await call(baseUrl, SERVICE_ADMIN_TOKEN, 'GET', `/api/v1/subscriptions/${id}/deliveries`)).json.items;
    if (items.length === count && items.every((d: any) => d.status === 'done')) return items;
    if (Date.now() > deadline) assert.fail(`not all done: ${JSON.stringify(items)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of selectedDialects()) {
  describe(`deliveries across process deaths on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('a SIGKILL mid-delivery loses nothing: the lease expires and the next process delivers every change', async () => {
      const database = await freshDatabaseUrl(dialect);
      const receiver = await new WebhookReceiver().start();
      let hang = true;
      receiver.respond = () => (hang ? 'hang' : { status: 200 });
      const env = { ...ENV, ONEC_SYNC_DELIVERY_TIMEOUT_MS: '2000', ONEC_SYNC_DELIVERY_LEASE_MS: '2500' };
      let first = await startServiceProcess(database.url, env);
      try {
        const created = await call(first.baseUrl, SERVICE_ADMIN_TOKEN, 'POST', '/api/v1/subscriptions', { url: receiver.url });
        assert.equal(created.status, 201);
        const id = created.json.subscription.id;
        const changes: string[] = [];
        for (const n of [1, 2, 3]) changes.push(await ingest(first.baseUrl, receipt(`ПТ-K${n}`, 'до вбивства')));
        changes.push(await ingest(first.baseUrl, receipt('ПТ-K1', 'друга версія')));
        await receiver.waitFor((rs) => rs.length >= 3, 15_000, 'three deliveries in flight');
        first.child.kill('SIGKILL');
        assert.equal(await first.exited, 'SIGKILL');
        hang = false;

        first = await startServiceProcess(database.url, env);
        await receiver.waitFor(
          (rs) => changes.every((c) => rs.some((r) => r.headers['webhook-id'] === c && r.status === 200)),
          30_000,
          'every change delivered after the restart',
        );
        await allDone(first.baseUrl, id, 4);
        const ok = receiver.requests.filter((r) => r.status === 200).map((r) => r.headers['webhook-id']);
        assert.ok(ok.indexOf(changes[0]) < ok.indexOf(changes[3]), "the object's versions still in order");
      } finally {
        await first.stop();
        await receiver.close();
        await database.cleanup();
      }
    });

    it('SIGTERM stops claiming and hands the leases back: the next process delivers at once, not after the lease', async () => {
      const database = await freshDatabaseUrl(dialect);
      const receiver = await new WebhookReceiver().start();
      let hang = true;
      receiver.respond = () => (hang ? 'hang' : { status: 200 });
      // Deadline and lease far longer than the test: only a handed-back lease lets the next process deliver.
      const env = { ...ENV, ONEC_SYNC_DELIVERY_TIMEOUT_MS: '300000', ONEC_SYNC_DELIVERY_LEASE_MS: '600000' };
      let service = await startServiceProcess(database.url, env);
      try {
        const id = (await call(service.baseUrl, SERVICE_ADMIN_TOKEN, 'POST', '/api/v1/subscriptions', { url: receiver.url })).json.subscription.id;
        const change = await ingest(service.baseUrl, receipt('ПТ-T1', 'зупинка'));
        await receiver.waitFor((rs) => rs.length >= 1, 15_000, 'the delivery in flight');
        assert.equal(await service.stop(), 0, 'a clean exit');
        hang = false;
        service = await startServiceProcess(database.url, env);
        await receiver.waitFor((rs) => rs.some((r) => r.headers['webhook-id'] === change && r.status === 200), 15_000, 'delivered by the next process');
        await allDone(service.baseUrl, id, 1);
      } finally {
        await service.stop();
        await receiver.close();
        await database.cleanup();
      }
    });
  });
}

describe('two replicas on one PostgreSQL', { skip: await skipReason('postgres') }, () => {
  it('never attempt the same delivery at the same time, and share the work', async () => {
    const database = await freshDatabaseUrl('postgres');
    const receiver = await new WebhookReceiver().start();
    const inFlight = new Map<string, number>();
    const overlaps: string[] = [];
    let n = 0;
    receiver.respond = (r) => {
      const id = String(r.headers['webhook-id']);
      if ((inFlight.get(id) ?? 0) > 0) overlaps.push(id);
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      setTimeout(() => inFlight.set(id, inFlight.get(id)! - 1), 40);
      return ++n % 4 === 0 ? { status: 500, delayMs: 40 } : { status: 200, delayMs: 40 };
    };
    const env = { ...ENV, ONEC_SYNC_DELIVERY_TIMEOUT_MS: '5000', ONEC_SYNC_DELIVERY_LEASE_MS: '10000' };
    const a = await startTestService('postgres', env, { databaseUrl: database.url });
    const b = await startTestService('postgres', env, { databaseUrl: database.url });
    try {
      const created = await call(a.baseUrl, TEST_ADMIN_TOKEN, 'POST', '/api/v1/subscriptions', { url: receiver.url, concurrency: 8 });
      const id = created.json.subscription.id;
      const changes: string[] = [];
      for (let i = 0; i < 40; i++) changes.push(await ingest((i % 2 ? a : b).baseUrl, receipt(`ПТ-R${i % 10}`, `версія ${Math.floor(i / 10)}`)));
      await receiver.waitFor((rs) => changes.every((c) => rs.some((r) => r.headers['webhook-id'] === c && r.status === 200)), 30_000, 'every change delivered');
      assert.deepEqual(overlaps, [], 'no change was being delivered by two replicas at once');
      const acknowledged = receiver.requests.filter((r) => r.status === 200).map((r) => String(r.headers['webhook-id']));
      assert.equal(acknowledged.length, changes.length, 'each change acknowledged once: no duplicate delivery');
      const attempts = (await call(a.baseUrl, TEST_ADMIN_TOKEN, 'GET', `/api/v1/subscriptions/${id}/attempts?limit=500`)).json.items;
      const workers = new Set(attempts.map((x: any) => x.worker));
      assert.equal(workers.size, 2, `both replicas delivered (${[...workers].join(', ')})`);
    } finally {
      await a.close().catch(() => {});
      await b.close().catch(() => {});
      await receiver.close();
      await database.cleanup();
    }
  });
});
