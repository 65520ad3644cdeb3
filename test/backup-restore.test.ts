import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl, startTestService, type TestService } from './helpers/test-service.js';
import { until } from './helpers/until.js';

const INVOICES = webhookPath('incoming');

function onecSync(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI_FROM_SOURCES, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function invoice(n: number): Buffer {
  const positions = makePositions(3, n);
  return writeOneCJson(
    incomingInvoiceBody({
      number: `BK-${n}`,
      date: '2024-07-01T10:00:00',
      counterparty: 'ТОВ «Архів»',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
    }),
    { bom: true },
  );
}

/**
 * `onec-sync backup` copies a live SQLite database while webhooks keep arriving, and
 * `onec-sync restore` puts the copy in place: it holds every change acknowledged before
 * the backup began and passes integrity_check; a restore never overwrites a database
 * without --force, nor one a running service has open.
 */
describe('backup and restore of SQLite, under load', () => {
  let dir: string;
  let t: TestService;
  let restored: TestService | undefined;
  const acknowledged = new Map<string, string>();
  let ackedBeforeBackup: Map<string, string>;
  let backupFile: string;
  let restoredUrl: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-backup-'));
    t = await startTestService('sqlite');
    backupFile = path.join(dir, 'backup.db');
    restoredUrl = `sqlite:${path.join(dir, 'restored', 'onec-sync.db')}`;
  });
  after(async () => {
    await restored?.close();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up during a load', async () => {
    let n = 0;
    let stop = false;
    let duringBackup = 0;
    let backupRunning = false;
    const sender = async () => {
      while (!stop) {
        const i = ++n;
        const res = await t.post(INVOICES, invoice(i));
        assert.equal(res.status, 200, JSON.stringify(res.json));
        acknowledged.set(res.json.id, `BK-${i}`);
        if (backupRunning) duringBackup++;
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    // A sender that fails ends the wait at once (its assertion), not after the deadline.
    await Promise.race([until('100 invoices acknowledged before the backup', () => acknowledged.size >= 100), Promise.all(senders)]);
    ackedBeforeBackup = new Map(acknowledged);
    backupRunning = true;
    const backup = await onecSync(t.databaseUrl, 'backup', '--out', backupFile);
    backupRunning = false;
    stop = true;
    await Promise.all(senders);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /integrity_check: ok/);
    assert.ok(duringBackup > 0, 'webhooks were answered 200 while the backup ran');
    assert.equal(fs.existsSync(`${backupFile}-wal`), false, 'the backup is one file');
    const again = await onecSync(t.databaseUrl, 'backup', '--out', backupFile);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists; choose another name, or add --force/);
    assert.doesNotMatch(again.stderr, /\n\s+at /, 'no stack trace');
  });

  it('restores into an empty location: every change acknowledged before the backup is there', async () => {
    const res = await onecSync(restoredUrl, 'restore', backupFile);
    assert.equal(res.code, 0, res.stderr);
    const file = restoredUrl.slice('sqlite:'.length);
    const db = new SQLite(file, { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
    restored = await startTestService('sqlite', {}, { databaseUrl: restoredUrl });
    for (const [id, number] of ackedBeforeBackup) {
      const shown = await restored.get(`/api/v1/invoices/${id}`);
      assert.equal(shown.status, 200, `${number}, acknowledged before the backup, is restored`);
      assert.equal(shown.json.number, number);
    }
    const list = await restored.get('/api/v1/invoices?limit=200');
    assert.ok(list.json.items.length >= ackedBeforeBackup.size);
    assert.ok(list.json.items.length <= acknowledged.size);
  });

  it('refuses to overwrite a database without --force, or one a running service has open', async () => {
    const refused = await onecSync(restoredUrl, 'restore', backupFile);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /A database exists at .*restore will not overwrite it/);
    const inUse = await onecSync(restoredUrl, 'restore', backupFile, '--force');
    assert.equal(inUse.code, 1, 'the restored copy is open in a running service');
    assert.match(inUse.stderr, /in use/);
    assert.equal((await restored!.get('/readyz')).json.status, 'ready', 'the running service was not disturbed');
    await restored!.close();
    restored = undefined;
    const forced = await onecSync(restoredUrl, 'restore', backupFile, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /kept as .*before-restore/);
  });

  it('refuses a damaged backup before touching anything', async () => {
    const damaged = path.join(dir, 'damaged.db');
    const bytes = fs.readFileSync(backupFile);
    // Overwrite pages in the middle of the file (the header stays valid).
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192);
    fs.writeFileSync(damaged, bytes);
    const target = `sqlite:${path.join(dir, 'never', 'onec-sync.db')}`;
    const res = await onecSync(target, 'restore', damaged);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /damaged\.db (fails SQLite's integrity check|is damaged)/);
    assert.equal(fs.existsSync(path.join(dir, 'never', 'onec-sync.db')), false);
  });
});

describe('backup and restore on PostgreSQL', () => {
  for (const dialect of selectedDialects().filter((d) => d === 'postgres')) {
    it('point to pg_dump and pg_restore', async (t) => {
      const skip = await skipReason(dialect);
      if (skip) return t.skip(String(skip));
      const db = await freshDatabaseUrl(dialect);
      try {
        const backup = await onecSync(db.url, 'backup', '--out', '/tmp/never.db');
        assert.equal(backup.code, 2);
        assert.match(backup.stderr, /pg_dump --format=custom/);
        const restore = await onecSync(db.url, 'restore', '/tmp/never.db');
        assert.equal(restore.code, 2);
        assert.match(restore.stderr, /pg_restore/);
      } finally {
        await db.cleanup();
      }
    });
  }
});
