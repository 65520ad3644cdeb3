import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody } from '../src/emulator/payload-builder.js';
import { openPostgres, postgresSupport } from '../src/storage/dialects/postgres-dialect.js';
import { runShaped } from '../src/storage/repositories/shaped-statement.js';
import { skipReason, TEST_DATABASE_URL } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, type TestService } from './helpers/test-service.js';

/**
 * The write path's statements on PostgreSQL are prepared once per connection, by name
 * (src/storage/dialects/postgres-dialect.ts, NamedStatementClient), unless the operator turns
 * it off for a pooler that cannot keep them.
 */
describe('PostgreSQL named prepared statements', { skip: await skipReason('postgres') }, () => {
  const services: TestService[] = [];
  // One at a time: two schemas dropped at once can deadlock on the catalog.
  after(async () => {
    for (const s of services) await s.close();
  });

  /** The statements every connection of the service's pool has prepared: all its connections held at once. */
  async function preparedEverywhere(t: TestService): Promise<string[]> {
    // openPostgres's default pool size, which the test service keeps: the pool hands out idle
    // connections before it opens new ones, so these are all the connections that wrote.
    const poolSize = 10;
    const statements = new Set<string>();
    let held = 0;
    let release!: () => void;
    const allHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    await Promise.all(
      Array.from({ length: poolSize }, () =>
        t.service.storage.db.connection().execute(async (connection) => {
          const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(connection);
          for (const row of rows) statements.add(`${row.name}: ${row.statement}`);
          if (++held === poolSize) release();
          await allHeld;
        }),
      ),
    );
    return [...statements];
  }

  async function ingestTwo(env: Record<string, string>): Promise<TestService> {
    const t = await startTestService('postgres', env);
    services.push(t);
    for (const number of ['ПН-PREP-1', 'ПН-PREP-2']) {
      const res = await t.post(webhookPath('incoming'), oneCBytes(incomingInvoiceBody(receiptSpec(number))));
      assert.equal(res.status, 200, JSON.stringify(res.json));
    }
    return t;
  }

  it('prepares the ingest statements by name, and only those', async () => {
    const statements = await preparedEverywhere(await ingestTwo({}));
    const named = (table: string) => statements.some((s) => /^onec_\d+: insert into "/.test(s) && s.includes(`insert into "${table}"`));
    for (const table of ['invoices', 'events', 'versions']) assert.ok(named(table), `the insert into ${table} is prepared: ${statements.join('\n')}`);
    assert.ok(
      statements.every((s) => s.startsWith('onec_')),
      `nothing but the shaped statements is named: ${statements.filter((s) => !s.startsWith('onec_')).join('\n')}`,
    );
  });

  it('prepares nothing with ONEC_SYNC_PREPARED_STATEMENTS=false', async () => {
    const statements = await preparedEverywhere(await ingestTwo({ ONEC_SYNC_PREPARED_STATEMENTS: 'false' }));
    assert.deepEqual(statements, []);
  });

  it('a session that lost its statements (a pooler in transaction mode) says what to set, and the write is retried', async () => {
    const { db } = openPostgres(TEST_DATABASE_URL, { max: 1 });
    try {
      const run = () => runShaped(db, 'postgres', 'prepared statements test', [7], () => sql<{ n: number }>`select ${7}::int as n`.compile(db));
      assert.deepEqual((await run()).rows, [{ n: 7 }]);
      assert.deepEqual((await run()).rows, [{ n: 7 }]);
      // What a pooler does when it hands this connection another server session.
      await sql`deallocate all`.execute(db);
      const error = await run().then(
        () => assert.fail('a statement the session no longer has cannot run'),
        (e: Error & { code?: string }) => e,
      );
      assert.equal(error.code, '26000');
      assert.match(error.message, /ONEC_SYNC_PREPARED_STATEMENTS=false/);
      assert.ok(postgresSupport.isUnavailable(error), 'answered 503: nothing was stored and 1C sends it again');
    } finally {
      await db.destroy();
    }
  });
});
