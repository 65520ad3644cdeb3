import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addApiKey } from '../src/auth/source-admin.js';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { metricValue } from './helpers/metrics-text.js';
import { SALES, saleBody } from './helpers/sale-body.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * /metrics: scraped after some webhooks, the counters and histograms have moved by what was
 * sent; the database's gauges show the journal, the feed and the deliveries; only a key of
 * scope `metrics` (or admin) may scrape, and a `metrics` key reads nothing else.
 */
const CLIENTS = webhookPath('client');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let n = 0;
const client = (code = `MT-${++n}`) => writeOneCJson(clientBody({ name: `ТОВ «Метрика ${code}»`, code, edrpou: '32855961' }), { bom: true });

for (const dialect of selectedDialects()) {
  describe(`/metrics on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let receiver: WebhookReceiver;
    const scrape = async (headers: Record<string, string> = ADMIN) => {
      const res = await fetch(`${t.baseUrl}/metrics`, { headers });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    /** Scrapes until `done` holds of the text; past the deadline the test fails, naming what it waited for. */
    const scrapeUntil = async (done: (text: string) => boolean, what: string, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { text } = await scrape();
        if (done(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${text}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    before(async () => {
      receiver = await new WebhookReceiver().start();
      t = await startTestService(dialect, {
        ONEC_SYNC_METRICS_SAMPLE_SECONDS: '0',
        ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
        ONEC_SYNC_DELIVERY_POLL_MS: '50',
      });
    });
    after(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('counts webhooks by endpoint, result and status, and times them and their commits', async () => {
      const before = (await scrape()).text;
      // Not counted yet is none yet.
      const created = metricValue(before, 'onec_sync_webhook_requests_total', { endpoint: 'clients', result: 'created', status: '200' }, { absent: 0 });
      const latencyCount = metricValue(
        before,
        'onec_sync_http_request_duration_seconds_count',
        { route: CLIENTS, method: 'POST', status: '2xx' },
        { absent: 0 },
      );
      const jobs = metricValue(before, 'onec_sync_commit_batch_size_sum');
      const commits = metricValue(before, 'onec_sync_commit_duration_seconds_count');

      const body = client();
      for (const b of [body, client(), client(), body]) assert.equal((await t.post(CLIENTS, b)).status, 200);
      assert.equal((await t.post(CLIENTS, '{"broken')).status, 400);

      const res = await scrape();
      assert.equal(res.status, 200);
      assert.match(res.type ?? '', /^text\/plain; version=0\.0\.4/);
      const text = res.text;
      const count = (result: string, status: string) => metricValue(text, 'onec_sync_webhook_requests_total', { endpoint: 'clients', result, status });
      assert.equal(count('created', '200') - created, 3);
      assert.equal(count('unchanged', '200'), 1);
      assert.equal(count('rejected', '400'), 1);
      assert.equal(metricValue(text, 'onec_sync_http_request_duration_seconds_count', { route: CLIENTS, method: 'POST', status: '2xx' }) - latencyCount, 4);
      assert.equal(metricValue(text, 'onec_sync_http_request_duration_seconds_count', { route: CLIENTS, method: 'POST', status: '4xx' }), 1);
      // Five journal entries, each one write job, committed by however many transactions.
      assert.equal(metricValue(text, 'onec_sync_commit_batch_size_sum') - jobs, 5);
      const newCommits = metricValue(text, 'onec_sync_commit_duration_seconds_count') - commits;
      assert.ok(newCommits >= 1 && newCommits <= 5, `${newCommits} commits`);
      assert.ok(metricValue(text, 'onec_sync_commit_duration_seconds_sum') > 0);
      assert.equal(metricValue(text, 'onec_sync_writer_queue_depth'), 0, 'nothing waits at rest');
      assert.ok(text.includes('\nonec_sync_writer_queue_depth 0'));
    });

    it('shows the journal, the rejected requests waiting and the feed from the database', async () => {
      // PostgreSQL's statistics reach the view within seconds (a backend flushes them when idle, at least every 10 s).
      const text = await scrapeUntil((x) => metricValue(x, 'onec_sync_journal_rows', {}, { absent: 0 }) >= 5, 'five journal rows');
      assert.equal(metricValue(text, 'onec_sync_database_up'), 1);
      assert.ok(metricValue(text, 'onec_sync_journal_rows') >= 5, text);
      assert.ok(metricValue(text, 'onec_sync_journal_bytes') > 0);
      assert.equal(metricValue(text, 'onec_sync_rejected_waiting'), 1);
      assert.equal(metricValue(text, 'onec_sync_feed_head'), 3);
      assert.ok(metricValue(text, 'process_cpu_user_seconds_total') > 0, "Node's process metrics");
      assert.ok(text.includes('nodejs_eventloop_lag_seconds'));
    });

    it("counts delivery attempts and shows pending deliveries and a subscription's lag", async () => {
      receiver.respond = () => ({ status: 503 });
      const res = await fetch(`${t.baseUrl}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, kinds: ['client'] }),
      });
      assert.equal(res.status, 201);
      const id = ((await res.json()) as { subscription: { id: string } }).subscription.id;
      await t.post(CLIENTS, client());
      let text = await scrapeUntil((x) => metricValue(x, 'onec_sync_delivery_attempts_total', { outcome: 'retry' }, { absent: 0 }) >= 1, 'a retried attempt');
      assert.ok(metricValue(text, 'onec_sync_delivery_attempts_total', { outcome: 'retry' }) >= 1, text);
      assert.equal(metricValue(text, 'onec_sync_deliveries_pending', { subscription: id }), 1);
      assert.ok(text.includes(`onec_sync_delivery_oldest_pending_age_seconds{subscription="${id}"}`));
      assert.equal(metricValue(text, 'onec_sync_feed_lag_changes', { consumer: `subscription:${id}` }), 0, 'the change became a delivery');

      receiver.respond = () => ({ status: 200 });
      // The attempt is counted as it ends, the delivery marked done in the same turn's commit:
      // wait for both, then read the rest off the same scrape.
      text = await scrapeUntil(
        (x) =>
          metricValue(x, 'onec_sync_delivery_attempts_total', { outcome: 'ok' }, { absent: 0 }) >= 1 &&
          metricValue(x, 'onec_sync_deliveries_pending', { subscription: id }) === 0,
        'a delivered attempt and nothing pending',
      );
      assert.equal(metricValue(text, 'onec_sync_delivery_attempts_total', { outcome: 'ok' }), 1);
      assert.equal(metricValue(text, 'onec_sync_deliveries_pending', { subscription: id }), 0);
      assert.equal(metricValue(text, 'onec_sync_delivery_oldest_pending_age_seconds', { subscription: id }), 0);
    });

    it('is scraped only with a metrics or admin key; a metrics key reads nothing else', async () => {
      const metricsKey = (await addApiKey(t.service.storage.db, 'prometheus', 'metrics', new Date())).key;
      const readKey = (await addApiKey(t.service.storage.db, 'erp', 'read', new Date())).key;
      const none = await scrape({});
      assert.equal(none.status, 401);
      assert.equal(JSON.parse(none.text).error.code, 'AUTH_MISSING');
      const read = await scrape({ authorization: `Bearer ${readKey}` });
      assert.equal(read.status, 403);
      assert.equal(JSON.parse(read.text).error.code, 'FORBIDDEN_SCOPE');
      assert.equal((await scrape({ authorization: `Bearer ${metricsKey}` })).status, 200);
      const books = await t.get('/api/v1/clients', { authorization: `Bearer ${metricsKey}` });
      assert.deepEqual([books.status, books.json.error.code], [403, 'FORBIDDEN_SCOPE']);
      const admin = await t.get('/api/v1/sources', { authorization: `Bearer ${metricsKey}` });
      assert.equal(admin.status, 403);
    });

    it("counts a declared kind's webhooks (sales) by its endpoint and route", async () => {
      const before = (await scrape()).text;
      const counted = (text: string, result: string, status: string) =>
        metricValue(text, 'onec_sync_webhook_requests_total', { endpoint: 'sales', result, status }, { absent: 0 });
      const timed = (text: string, status: string) =>
        metricValue(text, 'onec_sync_http_request_duration_seconds_count', { route: SALES, method: 'POST', status }, { absent: 0 });
      const sale = (number: string) =>
        saleBody({ uuid: `5b4f7a2e-0c1d-4e8f-9a3b-00000000${number.padStart(4, '0')}`, number: `РТ-${number}`, date: '2026-12-05T12:00:00', total: '10' });
      for (const body of [sale('1'), sale('2'), sale('1')]) assert.equal((await t.post(SALES, body)).status, 200);
      assert.equal((await t.post(SALES, '{"broken')).status, 400);

      const text = (await scrape()).text;
      assert.equal(counted(text, 'created', '200') - counted(before, 'created', '200'), 2);
      assert.equal(counted(text, 'unchanged', '200') - counted(before, 'unchanged', '200'), 1);
      assert.equal(counted(text, 'rejected', '400') - counted(before, 'rejected', '400'), 1);
      assert.equal(timed(text, '2xx') - timed(before, '2xx'), 3);
      assert.equal(timed(text, '4xx') - timed(before, '4xx'), 1);
    });
  });
}
