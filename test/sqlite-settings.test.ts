import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqlite } from '../src/storage/dialects/sqlite-dialect.js';

/**
 * The connection settings every SQLite connection of the service opens with: the ones a
 * 200 relies on (WAL, and an fsync'd commit before the answer — issue 6: durability is not
 * traded for speed) and the one that keeps SQLite from writing files of its own outside the
 * database's directory (statement journals of the batch inserts).
 */
describe('a SQLite connection', () => {
  let dir: string;
  let opened: ReturnType<typeof openSqlite>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-settings-'));
    opened = openSqlite(path.join(dir, 'settings.db'));
  });
  after(async () => {
    await opened.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pragma = (name: string) => opened.raw.pragma(name, { simple: true });

  it('commits durably: WAL, synchronous=FULL', () => {
    assert.equal(pragma('journal_mode'), 'wal');
    assert.equal(pragma('synchronous'), 2, 'FULL: the WAL is fsynced at every commit');
  });

  it('keeps temporary data (statement journals, sorts) in memory, not in /var/tmp', () => {
    assert.equal(pragma('temp_store'), 2, 'MEMORY');
  });

  it('checks foreign keys and waits for a lock instead of failing at once', () => {
    assert.equal(pragma('foreign_keys'), 1);
    assert.equal(pragma('busy_timeout'), 5000);
  });
});
