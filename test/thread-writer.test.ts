import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/emulator/one-c-json.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { ThreadWriter } from '../src/ingest/thread-writer.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const INVOICES = '/api/webhook/1c/invoices';
const body = (number: string) => {
  const positions = makePositions(3, 1);
  return writeOneCJson(incomingInvoiceBody({ number, date: '2024-02-02T10:00:00', counterparty: 'ТОВ Потік', edrpou: '32855961', total: totalOf(positions), positions }), { bom: true });
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
    await writer.crashForTest();
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
