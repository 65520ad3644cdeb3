import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';

function onecSync(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI_FROM_SOURCES, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * A database file that is not onec-sync's stops the service at start with a message that
 * names the file and what to do — exit code 1, no stack trace — and the file is left
 * exactly as it was: never re-created empty, never given our tables.
 */
// Each case is its own process (~1 s of start-up each): they run side by side.
describe('a corrupt or foreign database file at start', { concurrency: true }, () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dbfile-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function refuses(file: string, message: RegExp): Promise<void> {
    const before = fs.readFileSync(file);
    const res = await onecSync(`sqlite:${file}`, 'serve');
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /^Database error: /);
    assert.ok(res.stderr.includes(file), `the message names ${file}: ${res.stderr}`);
    assert.match(res.stderr, message);
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(fs.readFileSync(file), before, 'the file is untouched');
    assert.equal(fs.existsSync(`${file}-wal`), false, 'nothing was created beside it');
  }

  it('a text file', async () => {
    const file = path.join(dir, 'notes.db');
    fs.writeFileSync(file, 'DATABASE_URL=sqlite:./data/onec-sync.db\n');
    await refuses(file, /is not an SQLite database \(it begins with "DATABASE_URL=sql"\)/);
  });

  it('random bytes', async () => {
    const file = path.join(dir, 'random.db');
    fs.writeFileSync(file, randomBytes(64 * 1024));
    await refuses(file, /is not an SQLite database \(it begins with bytes [0-9a-f]{32}\)/);
  });

  it("another application's SQLite database", async () => {
    const file = path.join(dir, 'shop.db');
    const db = new SQLite(file);
    db.exec(`create table customers (id integer primary key, name text); create table orders (id integer primary key, customer integer)`);
    db.close();
    await refuses(file, /is an SQLite database of another application \(tables: customers, orders\)/);
  });

  it('an onec-sync database with a damaged schema page', async () => {
    const file = path.join(dir, 'damaged.db');
    const db = new SQLite(file);
    db.exec('create table kysely_migration (name text primary key, timestamp text)');
    db.close();
    const bytes = fs.readFileSync(file);
    // Page 1 holds the schema after the 100-byte header: scramble it, keep the header.
    bytes.fill(0xee, 100, 4096);
    fs.writeFileSync(file, bytes);
    await refuses(file, /is damaged .*restore the last backup/);
  });

  it('a database migrated by a newer release', async () => {
    const file = path.join(dir, 'newer.db');
    assert.equal((await onecSync(`sqlite:${file}`, 'migrate')).code, 0);
    const db = new SQLite(file);
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('999-from-the-future', new Date().toISOString());
    db.close();
    const res = await onecSync(`sqlite:${file}`, 'serve');
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /^Database error: The database was migrated by a newer onec-sync \(migration 999-from-the-future/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });
});
