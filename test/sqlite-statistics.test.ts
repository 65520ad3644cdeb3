import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ThreadWriter } from '../src/ingest/thread-writer.js';
import { openSqlite } from '../src/storage/dialects/sqlite-dialect.js';
import { MIN_ANALYZED_ROWS, StatisticsSchedule } from '../src/storage/dialects/statistics-schedule.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { refusedJournalJob } from './helpers/refused-journal-job.js';

/**
 * The SQLite planner's statistics as the database grows (src/storage/dialects/sqlite-statistics.ts):
 * a connection opened on a new database — as the writer thread opens right after the
 * migrations — must not plan with "tiny table" statistics, and the writer's refreshes
 * reach the other connections.
 */

const planOf = (raw: ReturnType<typeof openSqlite>['raw'], query: string, ...params: unknown[]) =>
  (raw.prepare(`explain query plan ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');

describe('SQLite planner statistics', () => {
  let dir: string;
  let file: string;
  let main: StorageHandle;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-stats-'));
    file = path.join(dir, 'stats.db');
    main = await openDatabase(`sqlite:${file}`);
  });
  after(async () => {
    await main?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a connection opened on a new database keeps no statistics of nearly empty tables, so FTS5 merges seek by rowid', () => {
    // The writer thread's connection: opened after the migrations, on empty tables (the FTS5
    // index's shadow table holds its two initial rows).
    const writer = openSqlite(file);
    try {
      const stat = writer.raw.prepare("select 1 from sqlite_schema where name = 'sqlite_stat1'").get()
        ? (writer.raw.prepare('select tbl, stat from sqlite_stat1').all() as { tbl: string; stat: string }[])
        : [];
      const sizes = new Map<string, number>();
      for (const r of stat) sizes.set(r.tbl, Math.max(sizes.get(r.tbl) ?? 0, Number.parseInt(r.stat, 10)));
      const small = [...sizes].filter(([, n]) => n < MIN_ANALYZED_ROWS);
      assert.deepEqual(small, [], 'no table is described to the planner as nearly empty');
      // The plan of FTS5's own range statement (DELETE … WHERE id>=? AND id<=?, run by every
      // segment merge) on this connection: a rowid range, never a scan of the whole index.
      assert.match(planOf(writer.raw, 'select block from invoices_fts_data where id >= ? and id <= ?', 1, 2), /SEARCH .*INTEGER PRIMARY KEY/);
    } finally {
      writer.raw.close();
    }
  });

  it('refreshes at each doubling of the rows written, from the first thousand', () => {
    const schedule = new StatisticsSchedule();
    const refreshedAt: number[] = [];
    for (let written = 1; written <= 10_000; written++) if (schedule.committed(1)) refreshedAt.push(written);
    assert.deepEqual(refreshedAt, [1000, 2000, 4000, 8000]);
  });

  it('on a grown database, counts on from the rows its statistics describe', () => {
    // Statistics of 3,000 rows: the table has doubled after 3,000 more, then after 6,000 more again.
    const schedule = new StatisticsSchedule(3000);
    const refreshedAt: number[] = [];
    for (let written = 1; written <= 20_000; written++) if (schedule.committed(1)) refreshedAt.push(written);
    assert.deepEqual(refreshedAt, [3000, 9000]);
  });

  it('the writer thread refreshes them as it grows the database and tells the other connections', async () => {
    let told = 0;
    const writer = await ThreadWriter.start({ sqliteFile: file, maxBatchSize: 256 }, undefined, () => {
      told++;
    });
    try {
      const at = Date.parse('2024-03-04T10:00:00Z');
      const jobs = Array.from({ length: MIN_ANALYZED_ROWS + 200 }, (_, i) => writer.journal(refusedJournalJob(new Date(at + i).toISOString())));
      await Promise.all(jobs);
      for (let i = 0; i < 100 && told === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(told > 0, 'the main thread was told the statistics changed');
      const rows =
        main.support.name === 'sqlite'
          ? await main.db
              .selectFrom('events')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          : undefined;
      assert.equal(Number(rows?.n), MIN_ANALYZED_ROWS + 200);
      const stored = openSqlite(file);
      try {
        const events = stored.raw.prepare("select stat from sqlite_stat1 where tbl = 'events' and idx is not null").all() as { stat: string }[];
        assert.ok(events.length > 0, 'the journal is analysed once it holds enough rows');
        assert.ok(Math.max(...events.map((r) => Number.parseInt(r.stat, 10))) >= MIN_ANALYZED_ROWS);
      } finally {
        stored.raw.close();
      }
    } finally {
      await writer.close();
    }
  });
});
