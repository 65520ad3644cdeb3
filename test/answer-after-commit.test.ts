import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { sqlitePath } from '../src/config/load-config.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, type TestService } from './helpers/test-service.js';

/**
 * 200 is a promise to 1C that the change is stored: 1C deletes its outbox record on it. So
 * the answer must wait for the commit. Another connection holds what the service's
 * transaction needs (SQLite: the write lock; PostgreSQL: a lock on the invoices table); the
 * request must stay unanswered for as long as that is held, and be answered 200 — with the
 * invoice visible to any other connection — once it is released.
 */
const INVOICES = webhookPath('incoming');
/** How long an unanswered request is watched for an early answer once it is known to be blocked. */
const WATCH_MS = 300;

const invoice = (number: string) => {
  const positions = makePositions(3, 2);
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2024-06-03T10:00:00', counterparty: 'ТОВ «Коміт»', edrpou: '32855961', total: totalOf(positions), positions }),
    { bom: true },
  );
};

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The request, and whether it has been answered yet. */
function track(t: TestService, number: string) {
  const state = { answered: false };
  const response = t.post(INVOICES, invoice(number)).then((res) => {
    state.answered = true;
    return res;
  });
  return { state, response };
}

for (const dialect of selectedDialects()) {
  describe(`an answer waits for its commit on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect);
    });
    after(() => t?.close());

    it('a request whose transaction is blocked stays unanswered until it commits, then is 200 and visible elsewhere', async () => {
      assert.equal((await t.post(INVOICES, invoice('КМ-0'))).status, 200, 'the tables exist and the writer is warm');
      let release: () => Promise<void>;
      let visible: (number: string) => Promise<boolean>;
      let blocked: () => Promise<boolean>;
      if (dialect === 'sqlite') {
        // A second connection takes SQLite's one write lock; the writer thread waits on it
        // (busy_timeout 5 s) with the request handed over and unanswered.
        const other = new Database(sqlitePath(t.databaseUrl));
        other.prepare('begin immediate').run();
        const writer = t.service.writer as unknown as { pending?: Map<number, unknown> };
        assert.ok(writer.pending instanceof Map, 'the SQLite writer thread tracks what it has been handed');
        blocked = async () => writer.pending!.size === 1;
        release = async () => {
          other.prepare('commit').run();
        };
        visible = async (number) => {
          const row = other.prepare('select count(*) as n from invoices where number = ?').get(number) as { n: number };
          return row.n === 1;
        };
        after(() => other.close());
      } else {
        const other = new pg.Client({ connectionString: t.databaseUrl });
        await other.connect();
        after(() => other.end());
        await other.query('begin');
        // SHARE blocks every insert into invoices and lets reads through.
        await other.query('lock table invoices in share mode');
        blocked = async () => {
          const { rows } = await other.query<{ n: string }>("select count(*) as n from pg_locks where not granted and relation = 'invoices'::regclass");
          return Number(rows[0]!.n) >= 1;
        };
        release = async () => {
          await other.query('rollback');
        };
        visible = async (number) => (await other.query('select 1 from invoices where number = $1', [number])).rowCount === 1;
      }

      const request = track(t, 'КМ-1');
      await until(blocked, 'the service to be blocked on the held lock');
      await new Promise((r) => setTimeout(r, WATCH_MS));
      assert.equal(request.state.answered, false, 'no answer while the transaction cannot commit');
      assert.equal(await visible('КМ-1'), false);
      await release();
      const res = await request.response;
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.result, 'created');
      assert.equal(await visible('КМ-1'), true, 'committed by the time 200 was sent');
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.deepEqual([event.status, event.objectId ?? res.json.id], ['applied', res.json.id]);
    });
  });
}
