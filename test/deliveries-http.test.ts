import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { verifyWebhook } from '../src/client/verify-webhook.js';
import { type ObjectKind, WEBHOOK_PATH_PREFIX, webhookPath } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { SALES, saleBody } from './helpers/sale-body.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { type ReceivedRequest, WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * Pushed deliveries on the real service to a real HTTP receiver: both formats with
 * signatures checked by the `standardwebhooks` package, retries with backoff on 500, 429
 * and timeouts, dead letters, per-object order under concurrency, auto-disable, and
 * redelivery through the admin API. Backoff and periods are shortened by configuration.
 */

const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const FAST = {
  ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
  ONEC_SYNC_DELIVERY_POLL_MS: '50',
  ONEC_SYNC_DELIVERY_BACKOFF_BASE_MS: '40',
  ONEC_SYNC_DELIVERY_BACKOFF_MAX_MS: '150',
  ONEC_SYNC_DELIVERY_TIMEOUT_MS: '700',
  ONEC_SYNC_DELIVERY_LEASE_MS: '3000',
  ONEC_SYNC_DELIVERY_RETRY_PERIOD: '3',
};
const positions = makePositions(2, 5);
const spec = (number: string, comment: string) => receiptSpec(number, { positions, comment });
const receipt = (number: string, comment: string) => oneCBytes(incomingInvoiceBody(spec(number, comment)));

async function ingest(t: TestService, endpoint: string, body: Buffer): Promise<string> {
  const res = await t.post(`${WEBHOOK_PATH_PREFIX}${endpoint}`, body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.eventId as string;
}

async function api(t: TestService, method: string, path: string, body?: unknown) {
  const res = await fetch(t.baseUrl + path, {
    method,
    headers: body === undefined ? { authorization: ADMIN.authorization } : ADMIN,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function subscribe(t: TestService, body: Record<string, unknown>) {
  const res = await api(t, 'POST', '/api/v1/subscriptions', body);
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json as { subscription: { id: string }; secret: string };
}

/** Polls the API until `predicate` holds for the subscription's deliveries. */
async function waitForDeliveries(t: TestService, id: string, predicate: (items: any[]) => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await api(t, 'GET', `/api/v1/subscriptions/${id}/deliveries?limit=500`);
    if (predicate(json.items)) return json.items as any[];
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(json.items.map((d: any) => [d.objectId.slice(-4), d.version, d.status, d.attempts, d.lastHttpStatus, d.lastError]))}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ok = (r: ReceivedRequest) => r.status !== undefined && r.status >= 200 && r.status < 300;

for (const dialect of selectedDialects()) {
  describe(`pushed deliveries on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let receiver: WebhookReceiver;
    before(async () => (t = await startTestService(dialect, FAST)));
    after(() => t?.close());
    afterEach(() => receiver?.close());

    it('format=onec-sync: each change as the feed presents it, signed (Standard Webhooks) with webhook-id = change id', async () => {
      receiver = await new WebhookReceiver().start();
      const { subscription, secret } = await subscribe(t, { url: `${receiver.url}/hooks`, kinds: ['incoming', 'client'] });
      assert.match(secret, /^whsec_/);
      const listed = await api(t, 'GET', '/api/v1/subscriptions');
      assert.ok(!JSON.stringify(listed.json).includes(secret), 'the secret is never shown again');

      const e1 = await ingest(t, 'invoices', receipt('ПТ-100', 'перша'));
      await ingest(t, 'outgoing-invoices', writeOneCJson(outgoingInvoiceBody(spec('СФ-100', 'не та')), { bom: true })); // kind not subscribed
      const e2 = await ingest(t, 'clients', writeOneCJson(clientBody({ code: '000000100', name: 'ФОП Коваль', edrpou: '2345678901' }), { bom: true }));
      const e3 = await ingest(t, 'invoices', receipt('ПТ-100', 'друга'));
      await receiver.waitFor((rs) => rs.filter(ok).length === 3);

      const feed = (await t.get('/api/v1/changes?limit=1000')).json.items as any[];
      const wh = new Webhook(secret);
      const ids = receiver.requests.map((r) => r.headers['webhook-id']);
      assert.deepEqual([...ids].sort(), [e1, e2, e3].sort(), 'each change once; the outgoing invoice is not subscribed');
      assert.ok(ids.indexOf(e1) < ids.indexOf(e3), "the invoice's versions in order");
      for (const request of receiver.requests) {
        assert.equal(request.path, '/hooks');
        assert.equal(request.headers['content-type'], 'application/json');
        const verified = wh.verify(request.body, request.headers as Record<string, string>) as any;
        assert.deepEqual(
          verified,
          feed.find((c) => c.id === request.headers['webhook-id']),
          'the body is the feed entry of that change',
        );
      }
      const viaClient = verifyWebhook(secret, receiver.requests[0]!.headers as Record<string, string>, receiver.requests[0]!.body);
      assert.equal(viaClient.id, receiver.requests[0]!.headers['webhook-id'], 'onec-sync/client verifies it too');
      assert.throws(
        () =>
          new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
            receiver.requests[0]!.body,
            receiver.requests[0]!.headers as Record<string, string>,
          ),
        'another secret does not verify',
      );

      const items = await waitForDeliveries(t, subscription.id, (ds) => ds.length === 3 && ds.every((d) => d.status === 'done'), 'three done deliveries');
      assert.deepEqual(
        items.map((d) => d.attempts),
        [1, 1, 1],
      );
      const log = await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/attempts`);
      assert.deepEqual(
        log.json.items.map((a: any) => [a.outcome, a.httpStatus]),
        [
          ['ok', 200],
          ['ok', 200],
          ['ok', 200],
        ],
      );
    });

    it("format=classic: 1C's original body, byte for byte, to the classic ERP endpoint of its kind", async () => {
      receiver = await new WebhookReceiver().start();
      const { secret } = await subscribe(t, { url: `${receiver.url}/erp/`, format: 'classic' });
      const bodies = {
        invoices: receipt('ПТ-200', 'класика'),
        'outgoing-invoices': writeOneCJson(outgoingInvoiceBody(spec('СФ-200', 'рахунок')), { bom: false }),
        clients: writeOneCJson(clientBody({ code: '000000200', name: 'ТОВ «Берізка»', edrpou: '34567890' }), { bom: true }),
      };
      for (const [endpoint, body] of Object.entries(bodies)) await ingest(t, endpoint, body);
      await receiver.waitFor((rs) => rs.filter(ok).length === 3);
      // Different objects go in parallel: match each request by its path.
      assert.deepEqual(
        receiver.requests.map((r) => r.path).sort(),
        ['client', 'incoming', 'outgoing'].map((k) => `/erp${webhookPath(k as ObjectKind)}`),
      );
      for (const [endpoint, body] of Object.entries(bodies)) {
        const request = receiver.requests.find((r) => r.path === `/erp${WEBHOOK_PATH_PREFIX}${endpoint}`)!;
        assert.ok(request.body.equals(body), `${endpoint}: the bytes 1C sent`);
        assert.equal(request.headers['content-type'], 'application/json');
        new Webhook(secret).verify(request.body, request.headers as Record<string, string>, { jsonParse: false });
      }
      assert.ok(
        receiver.requests
          .find((r) => r.path.endsWith('/invoices'))!
          .body.subarray(0, 3)
          .equals(Buffer.from([0xef, 0xbb, 0xbf])),
        'the BOM 1C wrote is kept',
      );
    });

    it("kinds: ['sale'] receives only the sales, in both formats: the declared object, and 1C's bytes to the sales endpoint", async () => {
      receiver = await new WebhookReceiver().start();
      const presented = await subscribe(t, { url: `${receiver.url}/json`, kinds: ['sale'] });
      const classic = await subscribe(t, { url: `${receiver.url}/erp/`, format: 'classic', kinds: ['sale'] });
      // Changes of other kinds first: in the feed before the sale, so fanned out before it is.
      await ingest(t, 'invoices', receipt('ПТ-500', 'не продаж'));
      await ingest(t, 'clients', writeOneCJson(clientBody({ code: '000000500', name: 'ТОВ «Не продаж»', edrpou: '34567891' }), { bom: true }));
      const sale = saleBody({
        uuid: '5b4f7a2e-0c1d-4e8f-9a3b-0000000005a1',
        number: 'РТ-000500',
        date: '2026-12-05T12:00:00',
        total: '100',
        lines: [{ item: 'Цукор білий', quantity: '2.5', price: '40', amount: '100', vat: '16.67' }],
      });
      const res = await t.post(SALES, sale);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const saleEvent = res.json.eventId as string;
      await receiver.waitFor((rs) => rs.filter(ok).length === 2);
      for (const { subscription } of [presented, classic]) {
        const items = await waitForDeliveries(t, subscription.id, (ds) => ds.length === 1 && ds[0].status === 'done', 'the sale delivered');
        assert.equal(items[0].changeId, saleEvent, 'the sale alone: no delivery of the invoice or the client');
      }

      const json = receiver.requests.find((r) => r.path === '/json')!;
      const body = new Webhook(presented.secret).verify(json.body, json.headers as Record<string, string>) as any;
      assert.equal(json.headers['webhook-id'], saleEvent);
      assert.equal(body.kind, 'sale');
      assert.equal(body.object.kind, 'sale');
      assert.equal(body.object.attributes.Номер, 'РТ-000500');
      assert.deepEqual(
        body.object.sections.Товары.map((r: any) => [r.Номенклатура.presentation, r.Количество]),
        [['Цукор білий', '2.5']],
      );
      const erp = receiver.requests.find((r) => r.path.startsWith('/erp'))!;
      assert.equal(erp.path, `/erp${SALES}`);
      assert.ok(erp.body.equals(sale), 'the bytes 1C sent, BOM and all');
      new Webhook(classic.secret).verify(erp.body, erp.headers as Record<string, string>, { jsonParse: false });
      assert.equal(receiver.requests.length, 2, 'nothing of another kind');
    });

    it('retries 500, 429 and a timeout with backoff, then delivers; the log shows every attempt', async () => {
      receiver = await new WebhookReceiver().start();
      const script = [{ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }, 'hang' as const, { status: 503 }, { status: 204 }];
      receiver.respond = (_r, i) => script[i] ?? { status: 200 };
      const { subscription } = await subscribe(t, { url: receiver.url });
      const eventId = await ingest(t, 'invoices', receipt('ПТ-300', 'повтори'));
      await receiver.waitFor((rs) => rs.some(ok));
      assert.equal(receiver.requests.length, 5);
      assert.ok(
        receiver.requests.every((r) => r.headers['webhook-id'] === eventId),
        'the same webhook-id on every retry',
      );
      for (let i = 1; i < receiver.requests.length; i++) {
        assert.ok(receiver.requests[i]!.startedAt - receiver.requests[i - 1]!.startedAt >= 20, `attempt ${i + 1} waited (backoff)`);
      }
      const [delivery] = await waitForDeliveries(t, subscription.id, (ds) => ds[0]?.status === 'done', 'done');
      assert.equal(delivery.attempts, 5);
      const log = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/attempts`)).json.items.reverse();
      assert.deepEqual(
        log.map((a: any) => [a.outcome, a.httpStatus]),
        [
          ['retry', 500],
          ['retry', 429],
          ['retry', null],
          ['retry', 503],
          ['ok', 204],
        ],
      );
      assert.match(log[2].error, /timeout/);
      assert.ok(log.every((a: any) => Number.isInteger(a.latencyMs)));
    });

    it('dead-letters a 400 at once, later versions of the object still go, and redeliver from the API sends it again', async () => {
      receiver = await new WebhookReceiver().start();
      receiver.respond = (r) => (r.body.includes(Buffer.from('зламаний')) ? { status: 400, body: 'no such counterparty in ERP' } : { status: 200 });
      const { subscription } = await subscribe(t, { url: receiver.url });
      const bad = await ingest(t, 'invoices', receipt('ПТ-400', 'зламаний'));
      const good = await ingest(t, 'invoices', receipt('ПТ-400', 'виправлений'));
      const items = await waitForDeliveries(t, subscription.id, (ds) => ds.length === 2 && ds.every((d) => d.status !== 'pending'), 'both finished');
      const dead = items.find((d) => d.changeId === bad)!;
      assert.equal(dead.status, 'dead');
      assert.equal(dead.attempts, 1, 'a 400 is not retried');
      assert.equal(dead.lastHttpStatus, 400);
      assert.equal(items.find((d) => d.changeId === good)!.status, 'done');
      const log = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/attempts?deliveryId=${dead.id}`)).json.items;
      assert.equal(log[0].responseSnippet, 'no such counterparty in ERP');

      receiver.respond = () => ({ status: 200 });
      const one = await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/redeliver`, { deliveryId: dead.id });
      assert.deepEqual(one.json, { queued: 1 });
      await receiver.waitFor((rs) => rs.filter((r) => r.headers['webhook-id'] === bad && ok(r)).length === 1);
      await waitForDeliveries(t, subscription.id, (ds) => ds.every((d) => d.status === 'done'), 'all done after redelivery');
    });

    it('dead-letters after the retry period; "redeliver all failed" queues every dead one', async () => {
      receiver = await new WebhookReceiver().start();
      receiver.respond = () => ({ status: 503 });
      const { subscription } = await subscribe(t, { url: receiver.url });
      await ingest(t, 'invoices', receipt('ПТ-500', 'a'));
      await ingest(t, 'invoices', receipt('ПТ-501', 'b'));
      const items = await waitForDeliveries(
        t,
        subscription.id,
        (ds) => ds.length === 2 && ds.every((d) => d.status === 'dead'),
        'both dead after the period',
        20_000,
      );
      assert.ok(items.every((d) => d.attempts > 2 && /retry period/.test(d.lastError)));
      receiver.respond = () => ({ status: 200 });
      const all = await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/redeliver`, {});
      assert.deepEqual(all.json, { queued: 2 });
      await waitForDeliveries(t, subscription.id, (ds) => ds.every((d) => d.status === 'done'), 'redelivered');
    });

    it("keeps each object's versions in order while different objects go in parallel", async () => {
      receiver = await new WebhookReceiver().start();
      let n = 0;
      // Slow answers so deliveries overlap; every third request fails once with 500.
      receiver.respond = () => (++n % 3 === 0 ? { status: 500, delayMs: 30 } : { status: 200, delayMs: 60 });
      const { subscription } = await subscribe(t, { url: receiver.url, concurrency: 4 });
      const objects = ['ПТ-601', 'ПТ-602', 'ПТ-603', 'ПТ-604'];
      const versions = 5;
      for (let v = 1; v <= versions; v++) {
        await Promise.all(objects.map((number) => ingest(t, 'invoices', receipt(number, `v${v}`))));
      }
      await receiver.waitFor((rs) => rs.filter(ok).length === objects.length * versions, 30_000);
      const changes = receiver.requests.map((r) => ({ request: r, change: JSON.parse(r.body.toString()) as { objectId: string; version: number } }));
      for (const { request, change } of changes) {
        if (change.version === 1) continue;
        // Sent only after the previous version got its 2xx (a retry repeats a version, never skips ahead).
        const previous = changes.find((c) => c.change.objectId === change.objectId && c.change.version === change.version - 1 && ok(c.request));
        assert.ok(
          previous && previous.request.answeredAt! <= request.startedAt,
          `object ${change.objectId}: version ${change.version} was sent before version ${change.version - 1} was acknowledged`,
        );
      }
      assert.ok(receiver.maxInFlight > 1, 'different objects were delivered in parallel');
      assert.ok(receiver.maxInFlight <= 4, "never more than the subscription's concurrency at once");
      await waitForDeliveries(t, subscription.id, (ds) => ds.length === 20 && ds.every((d) => d.status === 'done'), 'all done');
    });

    it('test send reports the answer and is logged; disable pauses, enable resumes from the cursor', async () => {
      receiver = await new WebhookReceiver().start();
      const { subscription, secret } = await subscribe(t, { url: receiver.url });
      const test = await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/test`, {});
      assert.equal(test.json.ok, true);
      assert.equal(test.json.httpStatus, 200);
      const verified = new Webhook(secret).verify(receiver.requests[0]!.body, receiver.requests[0]!.headers as Record<string, string>) as any;
      assert.equal(verified.type, 'test');

      assert.equal((await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/disable`, {})).json.status, 'disabled');
      // A control subscription, active, to another path of the same receiver: once it has the
      // change, the worker has had its round over every active subscription with it.
      const control = await subscribe(t, { url: `${receiver.url}/control` });
      const paused = await ingest(t, 'invoices', receipt('ПТ-700', 'на паузі'));
      await receiver.waitFor((rs) => rs.some((r) => r.path === '/control' && r.headers['webhook-id'] === paused && ok(r)), 15_000, 'the control');
      assert.deepEqual(
        receiver.requests.filter((r) => r.path !== '/control').map((r) => r.headers['webhook-id']),
        [receiver.requests[0]!.headers['webhook-id']],
        'nothing is sent while disabled (only the test message before)',
      );
      const waiting = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/deliveries?limit=500`)).json.items as any[];
      assert.ok(
        waiting.every((d) => d.attempts === 0),
        `no attempt while disabled: ${JSON.stringify(waiting.map((d) => [d.status, d.attempts]))}`,
      );
      await api(t, 'DELETE', `/api/v1/subscriptions/${control.subscription.id}`);
      await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/enable`, {});
      await receiver.waitFor((rs) => rs.some((r) => r.path !== '/control' && r.headers['webhook-id'] === paused && ok(r)));

      const rotated = await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/rotate-secret`, {});
      assert.match(rotated.json.secret, /^whsec_/);
      await api(t, 'POST', `/api/v1/subscriptions/${subscription.id}/test`, {});
      const last = receiver.requests.at(-1)!;
      for (const s of [secret, rotated.json.secret]) new Webhook(s).verify(last.body, last.headers as Record<string, string>);

      assert.equal((await api(t, 'DELETE', `/api/v1/subscriptions/${subscription.id}`)).status, 200);
      assert.equal((await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}`)).status, 404);
    });

    it('from=beginning delivers the changes already in the feed; the API is in the OpenAPI document', async () => {
      receiver = await new WebhookReceiver().start();
      const feed = (await t.get('/api/v1/changes?limit=1000&kinds=client')).json.items as any[];
      assert.ok(feed.length > 0);
      await subscribe(t, { url: receiver.url, kinds: ['client'], from: 'beginning' });
      await receiver.waitFor((rs) => rs.filter(ok).length === feed.length);
      assert.deepEqual(receiver.requests.map((r) => r.headers['webhook-id']).sort(), feed.map((c) => c.id).sort());
      const openapi = (await t.get('/openapi.json')).json;
      for (const path of [
        '/api/v1/subscriptions',
        '/api/v1/subscriptions/{id}/deliveries',
        '/api/v1/subscriptions/{id}/attempts',
        '/api/v1/subscriptions/{id}/redeliver',
        '/api/v1/subscriptions/{id}/test',
      ]) {
        assert.ok(openapi.paths[path], `${path} is documented`);
      }
    });

    it('refuses loopback and private targets unless allowed; changing anything needs an admin key (none: 401, read key: 403)', async () => {
      const strict = await startTestService(dialect, { ...FAST, ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'false' });
      try {
        for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://localhost:8080/']) {
          const res = await api(strict, 'POST', '/api/v1/subscriptions', { url });
          assert.equal(res.status, 400, url);
          assert.equal(res.json.error.code, 'SUBSCRIPTION_TARGET_REFUSED', url);
        }
        const bad = await api(strict, 'POST', '/api/v1/subscriptions', { url: 'ftp://erp.example.com/' });
        assert.equal(bad.json.error.code, 'INVALID_REQUEST');
        const anonymous = await fetch(`${strict.baseUrl}/api/v1/subscriptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: 'https://erp.example.com/' }),
        });
        assert.equal(anonymous.status, 401);

        // A read-only API key reads subscriptions but changes none of them: every change is 403.
        const { addApiKey } = await import('../src/auth/source-admin.js');
        const read = await addApiKey(strict.service.storage.db, 'ERP', 'read', new Date());
        const asReader = (method: string, path: string, body?: unknown) =>
          fetch(strict.baseUrl + path, {
            method,
            headers: { authorization: `Bearer ${read.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
        const existing = await api(strict, 'POST', '/api/v1/subscriptions', { url: 'https://erp.example.com/hook' });
        assert.equal(existing.status, 201, JSON.stringify(existing.json));
        const id = existing.json.subscription.id as string;
        const changes: Array<[string, string, unknown?]> = [
          ['POST', '/api/v1/subscriptions', { url: 'https://erp.example.com/other' }],
          ['POST', `/api/v1/subscriptions/${id}/disable`, {}],
          ['POST', `/api/v1/subscriptions/${id}/enable`, {}],
          ['POST', `/api/v1/subscriptions/${id}/rotate-secret`, {}],
          ['POST', `/api/v1/subscriptions/${id}/test`, {}],
          ['POST', `/api/v1/subscriptions/${id}/redeliver`, {}],
          ['DELETE', `/api/v1/subscriptions/${id}`],
        ];
        for (const [method, path, body] of changes) {
          const res = await asReader(method, path, body);
          assert.equal(res.status, 403, `${method} ${path} with a read key`);
          assert.equal(((await res.json()) as any).error.code, 'FORBIDDEN_SCOPE', `${method} ${path}`);
        }
        const listed = await asReader('GET', '/api/v1/subscriptions');
        assert.equal(listed.status, 200, 'a read key reads subscriptions');
        const items = ((await listed.json()) as any).items as any[];
        assert.deepEqual(
          items.map((s) => [s.id, s.status]),
          [[id, 'active']],
          'nothing was created, disabled or deleted by the read key',
        );
      } finally {
        await strict.close();
      }
    });
  });

  describe(`auto-disable on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('disables an endpoint failing longer than the limit; the subscription says why', async () => {
      const t = await startTestService(dialect, { ...FAST, ONEC_SYNC_DELIVERY_DISABLE_AFTER: '1' });
      const receiver = await new WebhookReceiver().start();
      receiver.respond = () => ({ status: 502 });
      try {
        const { subscription } = await subscribe(t, { url: receiver.url });
        await ingest(t, 'invoices', receipt('ПТ-800', 'падає'));
        const deadline = Date.now() + 15_000;
        let state: any;
        do {
          await new Promise((r) => setTimeout(r, 100));
          state = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}`)).json;
        } while (state.status === 'active' && Date.now() < deadline);
        assert.equal(state.status, 'disabled');
        assert.equal(state.disabledReason, 'auto');
        assert.ok(state.failingSince);
        const sent = receiver.requests.filter((r) => r.path !== '/control').length;
        assert.ok(sent >= 2, 'it kept retrying until the limit');
        const [before] = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/deliveries`)).json.items;
        // A control subscription, active, on a path that answers: once it has a new change, the
        // worker has had a round over every active subscription since the disable.
        receiver.respond = (r) => ({ status: r.path === '/control' ? 200 : 502 });
        await subscribe(t, { url: `${receiver.url}/control` });
        const later = await ingest(t, 'invoices', receipt('ПТ-801', 'після вимкнення'));
        await receiver.waitFor((rs) => rs.some((r) => r.path === '/control' && r.headers['webhook-id'] === later && ok(r)), 15_000, 'the control');
        assert.equal(receiver.requests.filter((r) => r.path !== '/control').length, sent, 'a disabled subscription is not attempted');
        const [delivery] = (await api(t, 'GET', `/api/v1/subscriptions/${subscription.id}/deliveries`)).json.items;
        assert.equal(delivery.status, 'pending', 'its deliveries wait for it to be enabled');
        assert.equal(delivery.attempts, before.attempts, 'no attempt recorded since it was disabled');
      } finally {
        await receiver.close();
        await t.close();
      }
    });
  });
}
