import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { MIN_ANALYZED_ROWS } from '../src/storage/dialects/statistics-schedule.js';
import { postgresUnavailable } from './helpers/dialects.js';
import { startTestService, type TestService } from './helpers/test-service.js';

/**
 * PostgreSQL's planner statistics as the service's tables grow (src/storage/dialects/postgres-statistics.ts):
 * the writer analyses them itself, whether or not autovacuum would.
 */
describe('PostgreSQL planner statistics', async () => {
  const down = await postgresUnavailable();
  let t: TestService;
  before(async () => {
    if (!down) t = await startTestService('postgres');
  });
  after(() => t?.close());

  it('the writer analyses the journal once it has committed its first thousand rows', { skip: down ?? false }, async () => {
    const lastAnalyze = async () =>
      (
        await sql<{ analyzed: string | null }>`select coalesce(last_analyze, last_autoanalyze)::text as analyzed from pg_stat_user_tables
          where schemaname = current_schema() and relname = 'events'`.execute(t.service.storage.db)
      ).rows[0]?.analyzed ?? null;
    assert.equal(await lastAnalyze(), null, 'a new schema: never analysed');
    const at = Date.parse('2024-03-04T10:00:00Z');
    await Promise.all(
      Array.from({ length: MIN_ANALYZED_ROWS + 100 }, (_, i) =>
        t.service.writer.journal({
          type: 'journal',
          row: {
            id: uuidv7(),
            received_at: new Date(at + i).toISOString(),
            source_id: null,
            endpoint: 'invoices',
            webhook_id: null,
            status: 'rejected',
            http_status: 400,
            headers: '{}',
            body: Buffer.from('x'),
            body_size: 1,
          },
        }),
      ),
    );
    let analyzed = await lastAnalyze();
    for (let i = 0; i < 100 && analyzed === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      analyzed = await lastAnalyze();
    }
    assert.notEqual(analyzed, null, 'the journal was analysed');
  });
});
