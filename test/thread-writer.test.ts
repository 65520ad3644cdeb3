import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { ThreadWriter } from '../src/ingest/thread-writer.js';
import { startTestService, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

const INVOICES = webhookPath('incoming');
const body = (number: string) => {
  const positions = makePositions(3, 1);
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2024-02-02T10:00:00', counterparty: 'ТОВ Потік', edrpou: '32855961', total: totalOf(positions), positions }),
    { bom: true },
  );
};

describe('the SQLite writer thread', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_SQLITE_WRITER: 'thread' });
  });
  after(() => t?.close());

  it('commits through its own thread, and after a crash answers 503 until a new thread takes over', async () => {
    const writer = t.service.writer;
    assert.ok(writer instanceof ThreadWriter, 'a SQLite file gets a writer thread');
    assert.equal((await t.post(INVOICES, body('ТП-1'))).json.result, 'created');
    // A thread that ends without closing, as a crash ends it.
    await writer.thread.terminate();
    const down = await t.post(INVOICES, body('ТП-2'));
    assert.equal(down.status, 503, JSON.stringify(down.json));
    assert.equal(down.json.error.retry, true);
    let back = down;
    for (let i = 0; i < 100 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await t.post(INVOICES, body('ТП-2'));
    }
    assert.equal(back.status, 200, 'a new writer thread took over');
    assert.equal(back.json.result, 'created');
  });
});

describe('the SQLite writer thread crashing with requests in flight', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_SQLITE_WRITER: 'thread', ONEC_SYNC_RATE_LIMIT: '0' });
  });
  after(() => t?.close());

  it('answers each in-flight request 200 (stored) or 503 (retry is safe), never a 200 that is lost', async () => {
    const writer = t.service.writer;
    assert.ok(writer instanceof ThreadWriter);
    const numbers = Array.from({ length: 40 }, (_, i) => `ТП-F-${i}`);
    const answers = Promise.all(numbers.map(async (number) => ({ number, res: await t.post(INVOICES, body(number)) })));
    await until('three requests are in the writer', () => writer.inFlight >= 3, { everyMs: 1 });
    await writer.thread.terminate();
    const results = await answers;
    const byStatus = (status: number) => results.filter((r) => r.res.status === status);
    assert.deepEqual(
      results.filter((r) => r.res.status !== 200 && r.res.status !== 503).map((r) => [r.number, r.res.status]),
      [],
    );
    assert.ok(byStatus(503).length >= 1, 'the crash cut some requests off');
    for (const { res } of byStatus(503)) assert.deepEqual([res.json.error.code, res.json.error.retry], ['DATABASE_UNAVAILABLE', true]);
    // Wait for the new thread. Every 200 is stored; a 503 was not applied, or (a crash
    // between the commit and the answer) was, and then 1C's retry finds it unchanged.
    await until('a new writer thread answers', async () => (await t.post(INVOICES, body('ТП-F-probe'))).status === 200, { everyMs: 100 });
    for (const { number } of byStatus(200)) {
      assert.equal((await t.get(`/api/v1/invoices?number=${encodeURIComponent(number)}`)).json.items.length, 1, `${number}: answered 200, stored`);
    }
    for (const { number } of byStatus(503)) {
      const retry = await t.post(INVOICES, body(number));
      assert.ok(['created', 'unchanged'].includes(retry.json.result), `${number}: ${JSON.stringify(retry.json)}`);
      const stored = (await t.get(`/api/v1/invoices?number=${encodeURIComponent(number)}`)).json.items;
      assert.deepEqual(
        stored.map((i: any) => i.version),
        [1],
        `${number}: once, in one version`,
      );
    }
  });
});

describe('the inline SQLite writer', () => {
  it('commits on the main thread when asked to', async () => {
    const t = await startTestService('sqlite', { ONEC_SYNC_SQLITE_WRITER: 'inline' });
    try {
      assert.ok(!(t.service.writer instanceof ThreadWriter));
      assert.equal((await t.post(INVOICES, body('ТП-3'))).json.result, 'created');
      assert.equal((await t.post(INVOICES, body('ТП-3'))).json.result, 'unchanged');
    } finally {
      await t.close();
    }
  });
});
