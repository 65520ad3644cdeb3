import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIN_ANALYZED_ROWS } from '../src/storage/dialects/statistics-schedule.js';
import { postgresUnavailable } from './helpers/dialects.js';
import { refusedJournalJob } from './helpers/refused-journal-job.js';
import { startTestService, type TestService } from './helpers/test-service.js';

/**
 * PostgreSQL's planner statistics as the service's tables grow (src/storage/dialects/postgres-statistics.ts):
 * the writer analyses them itself, whether or not autovacuum would, at each doubling of the
 * journal — counted on from what the statistics described when it opened.
 */
describe('PostgreSQL planner statistics', async () => {
  const down = await postgresUnavailable();
  let t: TestService;
  let journaled = 0;
  before(async () => {
    if (!down) t = await startTestService('postgres');
  });
  after(() => t?.close());

  /** The journal's analyses so far (ours: autovacuum is off on the test server, and counted apart). */
  const analyses = async (): Promise<number> =>
    Number(
      (
        await sql<{ n: string }>`select analyze_count::text as n from pg_stat_user_tables
          where schemaname = current_schema() and relname = 'events'`.execute(t.service.storage.db)
      ).rows[0]?.n ?? 0,
    );

  const untilAnalysed = async (past: number): Promise<number> => {
    let n = await analyses();
    for (let i = 0; i < 100 && n <= past; i++) {
      await new Promise((r) => setTimeout(r, 50));
      n = await analyses();
    }
    return n;
  };

  /** `count` refused requests journaled through `service`'s writer, each its own job. */
  const journal = (service: TestService['service'], count: number) => {
    const at = Date.parse('2024-03-04T10:00:00Z') + journaled;
    journaled += count;
    return Promise.all(Array.from({ length: count }, (_, i) => service.writer.journal(refusedJournalJob(new Date(at + i).toISOString()))));
  };

  it('the writer analyses the journal once it has committed its first thousand rows', { skip: down ?? false }, async () => {
    assert.equal(await analyses(), 0, 'a new schema: never analysed');
    await journal(t.service, MIN_ANALYZED_ROWS + 100);
    assert.ok((await untilAnalysed(0)) >= 1, 'the journal was analysed');
  });

  it('a writer opened on a grown journal counts on from its statistics: no analysis until the journal has doubled', { skip: down ?? false }, async () => {
    // Grow the journal past the first writer's second doubling, so its statistics describe ~2,000 rows.
    const before = await analyses();
    await journal(t.service, MIN_ANALYZED_ROWS);
    const settled = await untilAnalysed(before);
    assert.ok(settled > before, 'the first writer analysed at its second doubling');
    const described = Number(
      (await sql<{ rows: number }>`select reltuples::float8 as rows from pg_class where oid = to_regclass('events')`.execute(t.service.storage.db)).rows[0]!
        .rows,
    );
    assert.ok(described >= 2 * MIN_ANALYZED_ROWS, `the statistics describe ${described} rows`);

    // A second process on the same schema (a restart, or a replica).
    const restarted = await startTestService('postgres', {}, { databaseUrl: t.databaseUrl });
    try {
      // A writer that counted from nothing would analyse at its first thousand rows.
      await journal(restarted.service, MIN_ANALYZED_ROWS + 100);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await analyses(), settled, 'no analysis before the journal has doubled');
      await journal(restarted.service, described - MIN_ANALYZED_ROWS);
      assert.ok((await untilAnalysed(settled)) > settled, 'analysed once the journal had doubled');
    } finally {
      await restarted.close();
    }
  });
});
