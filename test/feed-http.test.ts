import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { WEBHOOK_PATH_PREFIX } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * GET /api/v1/changes and its SSE stream on the real service: commit order, cursors,
 * filters, the object at each version, long-polls woken by a commit (here or on another
 * replica), and a stream resumed with Last-Event-ID.
 */

const AUTH = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const positions = makePositions(3, 7);
const spec = (number: string, comment: string) => receiptSpec(number, { positions, comment });
const receipt = (number: string, comment: string, action: 'update' | 'delete' = 'update') =>
  oneCBytes(incomingInvoiceBody({ ...spec(number, comment), action }));

/** Until a long-poll of `t` has read the feed and waits; a deadline fails the test instead of hanging it. */
async function waitingOn(t: TestService) {
  const deadline = Date.now() + 10_000;
  while (t.service.changeHub.waiting === 0) {
    if (Date.now() > deadline) throw new Error('the long-poll never started waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function post(t: TestService, endpoint: string, body: Buffer) {
  const res = await t.post(`${WEBHOOK_PATH_PREFIX}${endpoint}`, body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json as { result: string; id: string; eventId: string };
}

for (const dialect of selectedDialects()) {
  describe(`changes feed over HTTP on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    // Only a local commit can wake a long-poll early here: the cross-replica poll is off (an hour).
    before(async () => (t = await startTestService(dialect, { ONEC_SYNC_FEED_POLL_MS: '3600000' })));
    after(() => t?.close());

    it('lists applied changes in commit order with the object at each version, and pages with the cursor', async () => {
      const empty = await t.get('/api/v1/changes');
      assert.deepEqual(empty.json, { items: [], nextCursor: '0' }, 'an empty feed: caught up at 0');

      const a1 = await post(t, 'invoices', receipt('ПТ-1', 'v1'));
      await post(t, 'invoices', receipt('ПТ-1', 'v1')); // unchanged: not in the feed
      const client = await post(t, 'clients', writeOneCJson(clientBody({ code: '000000001', name: 'ФОП Петренко', edrpou: '1234567890' }), { bom: true }));
      const a2 = await post(t, 'invoices', receipt('ПТ-1', 'v2'));
      const out = await post(t, 'outgoing-invoices', writeOneCJson(outgoingInvoiceBody(spec('СФ-1', 'рахунок')), { bom: true }));
      const a3 = await post(t, 'invoices', receipt('ПТ-1', 'v2', 'delete'));

      const all = await t.get('/api/v1/changes?limit=100');
      assert.equal(all.status, 200);
      const items = all.json.items as any[];
      assert.deepEqual(
        items.map((c) => [c.id, c.action, c.kind, c.version]),
        [
          [a1.eventId, 'created', 'incoming', 1],
          [client.eventId, 'created', 'client', 1],
          [a2.eventId, 'updated', 'incoming', 2],
          [out.eventId, 'created', 'outgoing', 1],
          [a3.eventId, 'deleted', 'incoming', 3],
        ],
      );
      assert.deepEqual(
        items.map((c) => c.cursor),
        ['1', '2', '3', '4', '5'],
      );
      assert.equal(all.json.nextCursor, '5');
      assert.deepEqual(
        items.map((c) => c.object.comment ?? null),
        ['v1', null, 'v2', 'рахунок', 'v2'],
        'each version as it was; the delete carries the last state',
      );
      assert.equal(items[4].object.deleted, true);

      // The newest entry of an object is exactly what the read API shows for it.
      const [outNow, clientNow] = await Promise.all([t.get(`/api/v1/invoices/${out.id}`), t.get(`/api/v1/clients/${client.id}`)]);
      assert.deepEqual(items[3].object, outNow.json);
      assert.deepEqual(items[1].object, clientNow.json);

      // Paging with nextCursor visits each change once.
      const seen: string[] = [];
      let cursor = '0';
      for (;;) {
        const page = await t.get(`/api/v1/changes?after=${cursor}&limit=2`);
        if (page.json.items.length === 0) break;
        seen.push(...page.json.items.map((c: any) => c.id));
        cursor = page.json.nextCursor;
      }
      assert.deepEqual(
        seen,
        items.map((c) => c.id),
      );
      assert.equal(cursor, '5');

      const onlyClients = await t.get('/api/v1/changes?kinds=client,outgoing');
      assert.deepEqual(
        onlyClients.json.items.map((c: any) => c.kind),
        ['client', 'outgoing'],
      );
      assert.equal(onlyClients.json.nextCursor, '5');
      const otherSource = await t.get('/api/v1/changes?source=nope');
      assert.deepEqual(otherSource.json, { items: [], nextCursor: '5' });
    });

    it('refuses a malformed cursor or kind with stable codes', async () => {
      const badCursor = await t.get('/api/v1/changes?after=abc');
      assert.equal(badCursor.status, 400);
      assert.equal(badCursor.json.error.code, 'INVALID_QUERY');
      const badKind = await t.get('/api/v1/changes?kinds=invoices');
      assert.equal(badKind.status, 400);
      assert.equal(badKind.json.error.code, 'INVALID_QUERY');
      assert.match(badKind.json.error.message, /invoices/);
      const ahead = await t.get('/api/v1/changes?after=999999');
      assert.equal(ahead.status, 400);
      assert.equal(ahead.json.error.code, 'INVALID_CURSOR');
      assert.match(ahead.json.error.message, /ahead of this feed/);
      const aheadStream = await t.get('/api/v1/changes/stream?after=999999');
      assert.equal(aheadStream.json.error.code, 'INVALID_CURSOR');
      const noKey = await t.get('/api/v1/changes', {});
      assert.equal(noKey.status, 401);
    });

    it('a long-poll returns as soon as a change commits, and an empty wait returns caught up', async () => {
      const head = (await t.get('/api/v1/changes')).json.nextCursor as string;
      const idle = await t.get(`/api/v1/changes?after=${head}&wait=1`);
      assert.deepEqual(idle.json, { items: [], nextCursor: head });

      const polling = t.get(`/api/v1/changes?after=${head}&wait=20`);
      // The long-poll has read the feed and waits: only a wake-up can answer it with the commit
      // (the cross-replica poll runs hourly here, the wait lasts 20 s).
      await waitingOn(t);
      const committed = Date.now();
      const applied = await post(t, 'invoices', receipt('ПТ-2', 'нова'));
      const woken = await polling;
      assert.deepEqual(
        woken.json.items.map((c: any) => c.id),
        [applied.eventId],
      );
      const latency = Date.now() - committed;
      assert.ok(latency < 10_000, `answered ${latency} ms after the commit: woken by it, not by the end of the 20 s wait or the hourly poll`);
    });

    it('streams changes as Server-Sent Events and resumes after Last-Event-ID', async () => {
      const head = Number((await t.get('/api/v1/changes')).json.nextCursor);
      const controller = new AbortController();
      const res = await fetch(`${t.baseUrl}/api/v1/changes/stream?after=${head}`, { headers: AUTH, signal: controller.signal });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const events = readEvents(res.body!);
      const first = await post(t, 'invoices', receipt('ПТ-3', 'одна'));
      const second = await post(t, 'invoices', receipt('ПТ-3', 'дві'));
      const got = [await events.next(), await events.next()];
      controller.abort();
      assert.deepEqual(
        got.map((e) => [e.event, JSON.parse(e.data).id]),
        [
          ['change', first.eventId],
          ['change', second.eventId],
        ],
      );
      assert.deepEqual(
        got.map((e) => e.id),
        [String(head + 1), String(head + 2)],
      );

      const resumed = new AbortController();
      const again = await fetch(`${t.baseUrl}/api/v1/changes/stream`, { headers: { ...AUTH, 'last-event-id': String(head + 1) }, signal: resumed.signal });
      const next = await readEvents(again.body!).next();
      resumed.abort();
      assert.equal(JSON.parse(next.data).id, second.eventId);
    });
  });
}

describe('a long-poll on one replica wakes on a commit by another', { skip: await skipReason('postgres') }, () => {
  let a: TestService;
  let b: TestService;
  before(async () => {
    a = await startTestService('postgres', { ONEC_SYNC_FEED_POLL_MS: '100' });
    b = await startTestService('postgres', {}, { databaseUrl: a.databaseUrl });
  });
  after(async () => {
    await b?.service.close();
    await a?.close();
  });

  it('returns the other replica’s change', async () => {
    const polling = a.get('/api/v1/changes?after=0&wait=60');
    await waitingOn(a);
    const applied = await post(b, 'invoices', receipt('ПТ-9', 'з іншої репліки'));
    const woken = await polling;
    assert.deepEqual(
      woken.json.items.map((c: any) => c.id),
      [applied.eventId],
    );
  });
});

/** Server-Sent Events off a fetch body, one at a time (comments skipped). */
function readEvents(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<{ event?: string; id?: string; data: string }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const i = line.indexOf(':');
            fields[line.slice(0, i)] = line.slice(i + 1).replace(/^ /, '');
          }
          if (fields.data !== undefined) return { event: fields.event, id: fields.id, data: fields.data };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
    },
  };
}
