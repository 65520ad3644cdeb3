import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { WEBHOOK_PATH_PREFIX } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { streamSubject, subjectOf } from '../src/feed/nats-publisher.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { MACHINE_NATS_URL, natsSkipReason, OwnNatsServer, streamReader } from './helpers/nats-server.js';
import { SALES, saleBody } from './helpers/sale-body.js';
import { startTestService, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

/**
 * The feed published to a real NATS JetStream: once per change, in feed order, on
 * `<prefix>.<source>.<kind>.<action>`, `Nats-Msg-Id` = change id (a re-publish is
 * dropped), and a NATS server killed and restarted mid-stream loses nothing.
 */

const positions = makePositions(2, 11);
const receipt = (number: string, comment: string) =>
  writeOneCJson(
    incomingInvoiceBody({
      number,
      date: '2024-08-01T10:00:00',
      counterparty: 'ТОВ «Потік»',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
      comment,
    }),
    { bom: true },
  );

async function post(t: TestService, endpoint: string, body: Buffer) {
  const res = await t.post(`${WEBHOOK_PATH_PREFIX}${endpoint}`, body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json as { result: string; eventId: string };
}

/** Until the publisher has caught up with the feed (lag 0 at the current head). */
async function caughtUp(t: TestService): Promise<any> {
  let last: any;
  await until(
    'the NATS publisher caught up with the feed',
    async () => {
      last = (await t.get('/readyz', {})).json;
      return last.nats?.lag === 0 && last.nats.cursor > 0;
    },
    { everyMs: 50 },
  );
  return last;
}

const unique = () => `t${randomBytes(4).toString('hex')}`;

for (const dialect of selectedDialects()) {
  describe(`NATS JetStream publishing (machine's server) on ${dialect}`, { skip: (await skipReason(dialect)) || (await natsSkipReason('machine')) }, () => {
    const name = unique();
    const stream = `ONEC_SYNC_TEST_${name}`;
    let t: TestService;
    let reader: Awaited<ReturnType<typeof streamReader>>;

    before(async () => {
      t = await startTestService(dialect, {
        ONEC_SYNC_NATS_URL: MACHINE_NATS_URL,
        ONEC_SYNC_NATS_STREAM: stream,
        ONEC_SYNC_NATS_SUBJECT: `${name}.{source}.{kind}.{action}`,
      });
      reader = await streamReader(MACHINE_NATS_URL);
    });
    after(async () => {
      await t?.close();
      await reader?.jsm.streams.delete(stream).catch(() => {});
      await reader?.close();
    });

    it('publishes each change once, in feed order, with its subject and Nats-Msg-Id', async () => {
      await post(t, 'invoices', receipt('ПТ-1', 'a'));
      await post(t, 'invoices', receipt('ПТ-1', 'a')); // unchanged: nothing to publish
      await post(t, 'invoices', receipt('ПТ-1', 'b'));
      await post(t, 'clients', writeOneCJson(clientBody({ code: '7', name: 'ТОВ Клієнт' }), { bom: true }));
      const ready = await caughtUp(t);
      assert.equal(ready.status, 'ready');
      assert.equal(ready.nats.connected, true);

      const feed = (await t.get('/api/v1/changes')).json.items as any[];
      assert.equal(feed.length, 3);
      const messages = await reader.messages(stream);
      assert.deepEqual(
        messages.map((m) => m.subject),
        [`${name}.default.incoming.created`, `${name}.default.incoming.updated`, `${name}.default.client.created`],
      );
      assert.deepEqual(
        messages.map((m) => m.header?.get('Nats-Msg-Id')),
        feed.map((c) => c.id),
      );
      assert.deepEqual(
        messages.map((m) => m.header?.get('Onec-Sync-Cursor')),
        feed.map((c) => c.cursor),
      );
      assert.deepEqual(
        messages.map((m) => m.json()),
        feed,
        'the message is the feed entry',
      );

      const stats = await t.get('/api/v1/stats');
      assert.deepEqual({ ...stats.json.feed, nats: { ...stats.json.feed.nats } }, { head: 3, nats: { connected: true, cursor: 3, lag: 0, lastError: null } });
    });

    it('a change published again (the cursor lost its last moves) is dropped by JetStream as a duplicate', async () => {
      // As after a crash between JetStream's ack and saving the cursor.
      await t.service.storage.db.updateTable('feed_cursors').set({ seq: 0 }).where('name', '=', `nats:${stream}`).execute();
      await post(t, 'invoices', receipt('ПТ-2', 'c')); // wakes the publisher
      await caughtUp(t);
      const messages = await reader.messages(stream);
      const ids = messages.map((m) => m.header?.get('Nats-Msg-Id'));
      assert.equal(ids.length, 4, 'three re-published changes were dropped, the new one stored');
      assert.equal(new Set(ids).size, 4);
    });
  });

  describe(`NATS subjects of a declared kind (machine's server) on ${dialect}`, {
    skip: (await skipReason(dialect)) || (await natsSkipReason('machine')),
  }, () => {
    const name = unique();
    const stream = `ONEC_SYNC_TEST_${name}`;
    let t: TestService;
    let reader: Awaited<ReturnType<typeof streamReader>>;

    before(async () => {
      t = await startTestService(dialect, {
        ONEC_SYNC_NATS_URL: MACHINE_NATS_URL,
        ONEC_SYNC_NATS_STREAM: stream,
        ONEC_SYNC_NATS_SUBJECT: `${name}.{source}.{kind}.{action}`,
      });
      reader = await streamReader(MACHINE_NATS_URL);
    });
    after(async () => {
      await t?.close();
      await reader?.jsm.streams.delete(stream).catch(() => {});
      await reader?.close();
    });

    it('publishes a sale posted to its endpoint on the subject of its kind, the declared object in the message', async () => {
      const lines = [{ item: 'Цукор білий', quantity: '2.5', price: '40', amount: '100', vat: '16.67' }];
      const uuid = '5b4f7a2e-0c1d-4e8f-9a3b-0000000000a1';
      const { eventId } = (await t.post(SALES, saleBody({ uuid, number: 'РТ-000017', date: '2026-12-05T12:00:00', total: '100', lines }))).json;
      await post(t, 'invoices', receipt('ПТ-1', 'a'));
      await caughtUp(t);
      const messages = await reader.messages(stream);
      assert.deepEqual(
        messages.map((m) => m.subject),
        [`${name}.default.sale.created`, `${name}.default.incoming.created`],
      );
      const change = messages[0]!.json<any>();
      assert.equal(change.id, eventId);
      assert.equal(change.kind, 'sale');
      assert.equal(change.object.kind, 'sale');
      assert.equal(change.object.uuid, uuid);
      assert.equal(change.object.attributes.Номер, 'РТ-000017');
      assert.equal(change.object.attributes.СуммаДокумента, '100');
      assert.equal(change.object.attributes.Контрагент.presentation, 'ТОВ «Ромашка»');
      assert.deepEqual(
        change.object.sections.Товары.map((r: any) => [r.Номенклатура.presentation, r.Количество, r.Сумма]),
        [['Цукор білий', '2.5', '100']],
      );
      const feed = (await t.get('/api/v1/changes')).json.items as any[];
      assert.deepEqual(change, feed[0], 'the message is the feed entry');
    });
  });

  describe(`NATS stopped and restarted mid-stream on ${dialect}`, { skip: (await skipReason(dialect)) || (await natsSkipReason('binary')) }, () => {
    let nats: OwnNatsServer;
    let t: TestService;
    const stream = 'ONEC_SYNC';

    before(async () => {
      nats = await OwnNatsServer.start();
      t = await startTestService(dialect, { ONEC_SYNC_NATS_URL: nats.url });
    });
    after(async () => {
      await t?.close();
      await nats?.stop();
    });

    it('loses nothing: publication resumes from the stored cursor, each change exactly once', async () => {
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await post(t, 'invoices', receipt('ПТ-R', `до ${i}`))).eventId);
      await caughtUp(t);

      await nats.kill();
      // Ingest carries on while NATS is down; the lag shows on /readyz, which stays ready.
      for (let i = 0; i < 7; i++) sent.push((await post(t, 'invoices', receipt('ПТ-R', `під час ${i}`))).eventId);
      const down = await t.get('/readyz', {});
      assert.equal(down.status, 200);
      assert.ok(down.json.nats.lag > 0, JSON.stringify(down.json.nats));

      await nats.restart();
      for (let i = 0; i < 3; i++) sent.push((await post(t, 'invoices', receipt('ПТ-R', `після ${i}`))).eventId);
      await caughtUp(t);

      const reader = await streamReader(nats.url);
      try {
        const messages = await reader.messages(stream);
        assert.deepEqual(
          messages.map((m) => m.header?.get('Nats-Msg-Id')),
          sent,
          'every change once, in feed order',
        );
        assert.deepEqual(
          messages.map((m) => m.subject),
          sent.map((_, i) => `onec.default.incoming.${i === 0 ? 'created' : 'updated'}`),
        );
      } finally {
        await reader.close();
      }
    });
  });
}

describe('NATS publishing with two replicas on one PostgreSQL', { skip: (await skipReason('postgres')) || (await natsSkipReason('machine')) }, () => {
  const name = unique();
  const stream = `ONEC_SYNC_TEST_${name}`;
  let a: TestService;
  let b: TestService;
  let reader: Awaited<ReturnType<typeof streamReader>>;
  /** Every publish as core NATS delivers it — JetStream's dedup does not hide a double publish here. */
  const published: string[] = [];

  before(async () => {
    const env = {
      ONEC_SYNC_NATS_URL: MACHINE_NATS_URL,
      ONEC_SYNC_NATS_STREAM: stream,
      ONEC_SYNC_NATS_SUBJECT: `${name}.{source}.{kind}.{action}`,
      ONEC_SYNC_FEED_POLL_MS: '50',
    };
    a = await startTestService('postgres', env);
    b = await startTestService('postgres', env, { databaseUrl: a.databaseUrl });
    reader = await streamReader(MACHINE_NATS_URL);
    const subscription = reader.nc.subscribe(`${name}.>`);
    void (async () => {
      for await (const message of subscription) published.push(message.headers?.get('Nats-Msg-Id') ?? '?');
    })();
    await reader.nc.flush();
  });
  after(async () => {
    await b?.service.close();
    await a?.close();
    await reader?.jsm.streams.delete(stream).catch(() => {});
    await reader?.close();
  });

  it('publishes each change once — one replica at a time — and the other takes over when it stops', async () => {
    const sent: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const applied = await post(i % 2 ? a : b, 'invoices', receipt(`ПТ-${i}`, 'x'));
        sent.push(applied.eventId);
      }),
    );
    await Promise.all([caughtUp(a), caughtUp(b)]);
    const feedOrder = ((await a.get('/api/v1/changes?limit=1000')).json.items as any[]).map((c) => c.id);
    assert.deepEqual(new Set(feedOrder), new Set(sent));
    await reader.nc.flush();
    assert.deepEqual(published, feedOrder, 'each published exactly once, in feed order, though both replicas run a publisher');

    await a.service.close();
    for (let i = 0; i < 5; i++) feedOrder.push((await post(b, 'invoices', receipt(`ПТ-B${i}`, 'y'))).eventId);
    await caughtUp(b);
    const stored = await reader.messages(stream);
    assert.deepEqual(
      stored.map((m) => m.header?.get('Nats-Msg-Id')),
      feedOrder,
    );
  });
});

describe('NATS configuration and subjects', () => {
  it('defaults to onec.{source}.{kind}.{action} on the stream ONEC_SYNC, and refuses wildcards or bad names', () => {
    const config = loadConfig({ ONEC_SYNC_NATS_URL: 'nats://127.0.0.1:4222' });
    assert.equal(config.natsSubject, 'onec.{source}.{kind}.{action}');
    assert.equal(config.natsStream, 'ONEC_SYNC');
    assert.equal(loadConfig({}).natsUrl, undefined, 'off unless set');
    assert.throws(() => loadConfig({ ONEC_SYNC_NATS_SUBJECT: 'onec.>' }), ConfigError);
    assert.throws(() => loadConfig({ ONEC_SYNC_NATS_SUBJECT: 'onec.{src}' }), ConfigError);
    assert.throws(() => loadConfig({ ONEC_SYNC_NATS_STREAM: 'a.b' }), ConfigError);
  });

  it('fills the template, making a source id a valid subject token', () => {
    assert.equal(subjectOf('onec.{source}.{kind}.{action}', { sourceId: 'main', kind: 'incoming', action: 'updated' }), 'onec.main.incoming.updated');
    assert.equal(subjectOf('erp.{kind}.{source}', { sourceId: 'база 1.c*', kind: 'client', action: 'created' }), 'erp.client._____1_c_');
    assert.equal(streamSubject('onec.{source}.{kind}.{action}'), 'onec.*.*.*');
  });
});
