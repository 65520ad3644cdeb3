import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { type Change, FileCursorStore, OnecSyncClient, OnecSyncError, verifyWebhook, WebhookVerificationError } from '../src/client/index.js';
import { WEBHOOK_PATH_PREFIX } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { buildProduction } from './helpers/service-process.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * `onec-sync/client` against the real service: the read API, following the feed with a
 * stored cursor (resuming where a previous run stopped, woken by new commits), and
 * verifying webhooks signed by the reference Standard Webhooks implementation.
 */

const positions = makePositions(2, 5);
const invoice = (number: string, comment: string) => ({
  number,
  date: '2024-09-02T08:30:00',
  counterparty: 'ТОВ «Клієнт-Сервіс»',
  edrpou: '32855961',
  total: totalOf(positions),
  positions,
  comment,
});

async function post(t: TestService, endpoint: string, body: Buffer) {
  const res = await t.post(`${WEBHOOK_PATH_PREFIX}${endpoint}`, body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json as { result: string; id: string; eventId: string };
}

for (const dialect of selectedDialects()) {
  describe(`the ERP client against the service on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let client: OnecSyncClient;
    let dir: string;

    before(async () => {
      t = await startTestService(dialect);
      client = new OnecSyncClient({ baseUrl: t.baseUrl, apiKey: TEST_ADMIN_TOKEN });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-client-'));
    });
    after(async () => {
      await t?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('lists and gets invoices and clients; errors carry the stable code', async () => {
      const incoming = await post(t, 'invoices', writeOneCJson(incomingInvoiceBody(invoice('ПТ-1', 'вхідна')), { bom: true }));
      await post(t, 'outgoing-invoices', writeOneCJson(outgoingInvoiceBody(invoice('СФ-1', 'вихідна')), { bom: true }));
      const added = await post(t, 'clients', writeOneCJson(clientBody({ code: '000000009', name: 'ТОВ «Покупець»', edrpou: '14360570' }), { bom: true }));

      const page = await client.listInvoices({ kind: 'incoming' });
      assert.deepEqual(
        page.items.map((i) => i.number),
        ['ПТ-1'],
      );
      assert.equal(page.nextCursor, null);
      const full = await client.getInvoice(incoming.id);
      assert.equal(full.comment, 'вхідна');
      assert.equal(full.positions.length, 2);
      const all = [];
      for await (const i of client.allInvoices({ limit: 1 })) all.push(i.number);
      assert.deepEqual(all.sort(), ['ПТ-1', 'СФ-1']);
      assert.deepEqual(
        (await client.listClients({ edrpou: '14360570' })).items.map((c) => c.id),
        [added.id],
      );
      assert.equal((await client.getClient(added.id)).name, 'ТОВ «Покупець»');

      await assert.rejects(
        client.getInvoice('no-such-id'),
        (e: unknown) => e instanceof OnecSyncError && e.status === 404 && e.code === 'NOT_FOUND' && !e.retry,
      );
      const stranger = new OnecSyncClient({ baseUrl: t.baseUrl, apiKey: 'wrong' });
      await assert.rejects(stranger.listInvoices(), (e: unknown) => e instanceof OnecSyncError && e.status === 401);
    });

    it('follows the feed with a stored cursor: resumes after the last change a run finished, and wakes on new commits', async () => {
      const store = new FileCursorStore(path.join(dir, 'cursor'));
      const firstRun: Change[] = [];
      for await (const change of client.follow({ cursorStore: store, waitSeconds: 1 })) {
        firstRun.push(change);
        if (firstRun.length === 2) break; // the second was processed, but its cursor not yet saved
      }
      assert.deepEqual(
        firstRun.map((c) => c.cursor),
        ['1', '2'],
      );
      assert.equal(await store.load(), '1', 'saved after the first change; the second is delivered again (at least once)');

      const controller = new AbortController();
      const secondRun: Change[] = [];
      let later: { id: string } | undefined;
      const following = (async () => {
        for await (const change of client.follow({ cursorStore: store, waitSeconds: 30, signal: controller.signal })) {
          secondRun.push(change);
          if (change.object.id === later?.id) controller.abort();
        }
      })();
      // Wait until the follower has caught up and is long-polling, then commit a change.
      await until('the follower has caught up (two changes)', () => secondRun.length >= 2);
      later = await post(t, 'invoices', writeOneCJson(incomingInvoiceBody(invoice('ПТ-1', 'оновлена')), { bom: true }));
      await following;
      assert.deepEqual(
        secondRun.map((c) => c.cursor),
        ['2', '3', '4'],
      );
      assert.deepEqual(
        secondRun.map((c) => [c.kind, c.action]),
        [
          ['outgoing', 'created'],
          ['client', 'created'],
          ['incoming', 'updated'],
        ],
      );
      assert.equal((secondRun[2]!.object as { comment: string }).comment, 'оновлена');
      assert.equal(await store.load(), '4', 'the loop body finished (it aborted, not broke): the last change is saved');

      // Filters: a follower of clients only moves its cursor past the rest.
      const clientsOnly: Change[] = [];
      const stop = new AbortController();
      const clientsStore = new FileCursorStore(path.join(dir, 'clients-cursor'));
      for await (const change of client.follow({ cursorStore: clientsStore, kinds: ['client'], waitSeconds: 1, signal: stop.signal })) {
        clientsOnly.push(change);
        stop.abort();
      }
      assert.deepEqual(
        clientsOnly.map((c) => c.kind),
        ['client'],
      );
    });
  });
}

describe('verifyWebhook (the ERP side of outbound webhooks)', () => {
  const secret = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;
  const reference = new Webhook(secret);
  const body = JSON.stringify({ id: 'change-1', kind: 'incoming', object: { number: 'ПТ-1', comment: 'Кирилиця' } });
  const now = new Date('2024-09-02T10:00:00Z');
  const signed = (id: string, at: Date, payload: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': reference.sign(id, at, payload),
  });

  it('accepts what the reference implementation signs, as a string, bytes or Headers', () => {
    const headers = signed('change-1', now, body);
    const verified = verifyWebhook(secret, headers, body, { now: () => now });
    assert.equal(verified.id, 'change-1');
    assert.deepEqual(verified.payload, JSON.parse(body));
    assert.equal(verified.timestamp.getTime(), Math.floor(now.getTime() / 1000) * 1000);
    assert.doesNotThrow(() => verifyWebhook(secret, new Headers(headers), Buffer.from(body), { now: () => now }));
    // Both ways: the reference implementation (which checks against the real clock) accepts what it signed now.
    const fresh = signed('change-1', new Date(), body);
    assert.deepEqual(new Webhook(secret).verify(body, fresh), JSON.parse(body));
    assert.equal(verifyWebhook(secret, fresh, body).id, 'change-1');
  });

  it('accepts any of several secrets (rotation) and any of several signatures', () => {
    const other = `whsec_${Buffer.from('another secret, also 32 bytes!!!').toString('base64')}`;
    const headers = signed('change-2', now, body);
    assert.equal(verifyWebhook([other, secret], headers, body, { now: () => now }).id, 'change-2');
    const withTwo = { ...headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${headers['webhook-signature']}` };
    assert.equal(verifyWebhook(secret, withTwo, body, { now: () => now }).id, 'change-2');
  });

  it('refuses a changed body, id or timestamp, a wrong secret, a stale timestamp and missing headers', () => {
    const headers = signed('change-3', now, body);
    const refuses = (h: Record<string, string>, b: string, message: RegExp, options = { now: () => now }) =>
      assert.throws(
        () => verifyWebhook(secret, h, b, options),
        (e: unknown) => e instanceof WebhookVerificationError && message.test(e.message),
      );
    refuses(headers, body.replace('Кирилиця', 'Кирилиці'), /No signature matches/);
    refuses({ ...headers, 'webhook-id': 'change-4' }, body, /No signature matches/);
    refuses({ ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) }, body, /No signature matches/);
    assert.throws(() => verifyWebhook(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`, headers, body, { now: () => now }), WebhookVerificationError);
    refuses(headers, body, /away from now/, { now: () => new Date(now.getTime() + 301_000) });
    refuses({ 'webhook-id': 'x' }, body, /Missing/);
  });
});

describe('the package export', () => {
  it('`onec-sync/client` resolves to the compiled client', async () => {
    await buildProduction();
    const specifier = 'onec-sync/client';
    const exported = (await import(specifier)) as Record<string, unknown>;
    assert.equal(typeof exported.OnecSyncClient, 'function');
    assert.equal(typeof exported.verifyWebhook, 'function');
    assert.equal(typeof exported.FileCursorStore, 'function');
  });
});
