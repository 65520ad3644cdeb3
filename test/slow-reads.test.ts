import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { SLOW_MARKER } from './fixtures/slow-overview.js';
import { type DialectName, selectedDialects, skipReason, TEST_DATABASE_URL } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const INVOICES = webhookPath('incoming');
const SLOW_MODULE = new URL('./fixtures/slow-overview.ts', import.meta.url).href;
const AUTH = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

const invoice = (number: string, counterparty = 'ТОВ Потік') => {
  const positions = makePositions(2, 3);
  return writeOneCJson(incomingInvoiceBody({ number, date: '2024-03-01T09:00:00', counterparty, edrpou: '32855961', total: totalOf(positions), positions }), {
    bom: true,
  });
};

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The slow overview's statement, running in PostgreSQL right now (the marker is in its text). */
async function slowStatementsRunning(): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%' || $1 || '%' and pid <> pg_backend_pid()`,
      [SLOW_MARKER],
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A request to the slow overview that can be aborted; settles with its answer or the abort. */
function slowOverview(t: TestService) {
  const controller = new AbortController();
  let settled = false;
  const answer = fetch(`${t.baseUrl}/api/v1/stats`, { headers: AUTH, signal: controller.signal })
    .then(async (res) => ({ status: res.status, json: (await res.json()) as any }))
    .catch((error: Error) => ({ status: 0, json: { aborted: error.name } }))
    .finally(() => (settled = true));
  return { answer, abort: () => controller.abort(), settled: () => settled };
}

/**
 * The query of a stopped read is gone from the database: on SQLite its reader process
 * no longer exists, on PostgreSQL its statement no longer runs.
 */
async function assertQueryStopped(t: TestService, dialect: DialectName, readerPids: number[]): Promise<void> {
  if (dialect === 'sqlite') {
    assert.ok(readerPids.length > 0);
    await until('the stopped reader process is gone', () => readerPids.every((pid) => !processAlive(pid)), 5000);
  } else {
    await until('the slow statement no longer runs in PostgreSQL', async () => (await slowStatementsRunning()) === 0, 5000);
  }
  await until('the slot is free again', () => t.service.reads.gate!.active === 0, 5000);
}

for (const dialect of selectedDialects()) {
  describe(`reads that may be slow, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(
        dialect,
        { ONEC_SYNC_READ_TIMEOUT_MS: '60000', ONEC_SYNC_READERS: '2', ONEC_SYNC_READ_QUEUE: '1' },
        { readerModules: [SLOW_MODULE], warmReader: true },
      );
      for (const n of ['ПТ-1', 'ПТ-2']) assert.equal((await t.post(INVOICES, invoice(n))).status, 200);
      assert.equal((await t.post(INVOICES, invoice('ПТ-3', 'ФОП Калина'))).status, 200);
    });
    after(() => t?.close());

    it('runs a substring search in the pool and a list by date on the main connection, with the same answers', async () => {
      const gate = t.service.reads.gate!;
      // Started ahead, so the first slow read does not wait for a process to start.
      if (dialect === 'sqlite') await until('a reader is started before any read', () => t.service.reads.pool!.size === 1);
      const cheap = await t.get('/api/v1/invoices?kind=incoming');
      assert.equal(cheap.status, 200);
      assert.deepEqual(cheap.json.items.map((i: any) => i.number).sort(), ['ПТ-1', 'ПТ-2', 'ПТ-3']);
      if (dialect === 'sqlite') assert.equal(t.service.reads.pool!.ran, 0, 'a list by date ran on the main connection');
      // Both kinds, newest or largest first: an index walk too since migration 015.
      for (const path of ['/api/v1/invoices', '/api/v1/invoices?sort=total']) {
        const both = await t.get(path);
        assert.equal(both.status, 200, JSON.stringify(both.json));
        assert.equal(both.json.items.length, 3);
      }
      if (dialect === 'sqlite') assert.equal(t.service.reads.pool!.ran, 0, 'a list of both kinds ran on the main connection');
      const search = await t.get(`/api/v1/invoices?q=${encodeURIComponent('калин')}`);
      assert.equal(search.status, 200, JSON.stringify(search.json));
      assert.deepEqual(
        search.json.items.map((i: any) => i.number),
        ['ПТ-3'],
      );
      if (dialect === 'sqlite') assert.equal(t.service.reads.pool!.ran, 1, 'the search ran in a reader process');
      assert.equal(gate.active, 0);
    });

    it('stops the query of a request its client aborts, and the next read is served', async () => {
      const gate = t.service.reads.gate!;
      const stoppedBefore = gate.stopped;
      const slow = slowOverview(t);
      await until('the slow read runs', async () =>
        dialect === 'sqlite' ? t.service.reads.pool!.busyPids.length === 1 : (await slowStatementsRunning()) === 1,
      );
      const pids = dialect === 'sqlite' ? t.service.reads.pool!.busyPids : [];
      slow.abort();
      assert.equal((await slow.answer).status, 0);
      await assertQueryStopped(t, dialect, pids);
      assert.equal(gate.stopped, stoppedBefore + 1);
      const search = await t.get(`/api/v1/invoices?q=${encodeURIComponent('потік')}`);
      assert.equal(search.status, 200);
      assert.deepEqual(search.json.items.map((i: any) => i.number).sort(), ['ПТ-1', 'ПТ-2']);
    });

    it('answers a webhook, /healthz and a cheap read while a slow read runs', async () => {
      const slow = slowOverview(t);
      await until('the slow read runs', async () =>
        dialect === 'sqlite' ? t.service.reads.pool!.busyPids.length === 1 : (await slowStatementsRunning()) === 1,
      );
      const webhook = await t.post(INVOICES, invoice('ПТ-4'));
      assert.equal(webhook.status, 200);
      assert.equal(webhook.json.result, 'created');
      const health = await fetch(`${t.baseUrl}/healthz`);
      assert.equal(health.status, 200);
      const list = await t.get('/api/v1/invoices?kind=incoming');
      assert.ok(list.json.items.some((i: any) => i.number === 'ПТ-4'));
      assert.equal(slow.settled(), false, 'all of them answered while the slow read was still running');
      const pids = dialect === 'sqlite' ? t.service.reads.pool!.busyPids : [];
      slow.abort();
      await slow.answer;
      await assertQueryStopped(t, dialect, pids);
    });

    it('answers 503 READERS_BUSY past the queue, and the waiting read leaves the queue when aborted', async () => {
      const gate = t.service.reads.gate!;
      const first = slowOverview(t);
      const second = slowOverview(t);
      await until('two run', async () => (dialect === 'sqlite' ? t.service.reads.pool!.busyPids.length === 2 : (await slowStatementsRunning()) === 2));
      const third = slowOverview(t);
      await until('one waits', () => gate.waiting === 1);
      const refused = await t.get('/api/v1/stats');
      assert.equal(refused.status, 503);
      assert.equal(refused.json.error.code, 'READERS_BUSY');
      assert.equal(refused.json.error.retry, true);
      assert.equal(refused.headers.get('retry-after'), '1');
      third.abort();
      await until('the aborted waiter left the queue', () => gate.waiting === 0);
      const pids = dialect === 'sqlite' ? t.service.reads.pool!.busyPids : [];
      first.abort();
      second.abort();
      await Promise.all([first.answer, second.answer, third.answer]);
      await assertQueryStopped(t, dialect, pids);
    });
  });

  describe(`a read over its budget, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_READ_TIMEOUT_MS: '1500' }, { readerModules: [SLOW_MODULE], warmReader: true });
      // The reader started ahead must be ready first: under tsx its start can take longer
      // than this budget (a read that times out waiting for it leaves it started anyway).
      await until('a reader is ready', async () => (await t.get('/api/v1/invoices?q=warm')).status === 200);
    });
    after(() => t?.close());

    it('is stopped and answered 504 QUERY_TIMEOUT; the pool serves the next read', async () => {
      let pids: number[] = [];
      const slow = slowOverview(t);
      if (dialect === 'sqlite') {
        await until('the slow read runs', () => t.service.reads.pool!.busyPids.length === 1);
        pids = t.service.reads.pool!.busyPids;
      }
      const answer = await slow.answer;
      assert.equal(answer.status, 504, JSON.stringify(answer.json));
      assert.deepEqual([answer.json.error.code, answer.json.error.retry], ['QUERY_TIMEOUT', true]);
      await assertQueryStopped(t, dialect, pids);
      // The next slow read starts a new reader; under tsx on a busy machine its start alone can
      // exceed this short budget (the reader is kept all the same), hence the second try.
      await until('the next search is served', async () => (await t.get(`/api/v1/invoices?q=${encodeURIComponent('потік')}`)).status === 200);
      if (dialect === 'sqlite') assert.equal(t.service.reads.pool!.size, 1, 'a new reader took over');
    });
  });
}

for (const dialect of selectedDialects()) {
  describe(`shutting down with a slow read in flight, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('stops the read instead of waiting for it: once closed, its query no longer runs', { timeout: 30_000 }, async () => {
      const t = await startTestService(dialect, { ONEC_SYNC_READ_TIMEOUT_MS: '120000' }, { readerModules: [SLOW_MODULE], warmReader: true });
      const slow = slowOverview(t);
      await until('the slow read runs', async () =>
        dialect === 'sqlite' ? t.service.reads.pool!.busyPids.length === 1 : (await slowStatementsRunning()) === 1,
      );
      const pids = dialect === 'sqlite' ? t.service.reads.pool!.busyPids : [];
      await t.close();
      assert.equal(slow.settled(), true, 'the slow request was answered before the service finished closing');
      if (dialect === 'sqlite') assert.deepEqual(pids.filter(processAlive), []);
      else assert.equal(await slowStatementsRunning(), 0);
    });
  });
}
