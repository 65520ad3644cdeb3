import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { mountSmallDisk, type SmallDisk, smallDiskUnavailable } from './helpers/small-disk.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const INVOICES = webhookPath('incoming');

/** An invoice whose comment is ~48 KB of random text: it does not compress, so each one takes real space. */
function bigInvoice(n: number): Buffer {
  const positions = makePositions(2, n);
  return writeOneCJson(
    incomingInvoiceBody({
      number: `FULL-${n}`,
      date: '2024-06-03T10:00:00',
      counterparty: 'ТОВ «Повний диск»',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
      comment: randomBytes(36 * 1024).toString('base64'),
    }),
    { bom: true },
  );
}

/**
 * The disk under a SQLite database fills up for real (a small tmpfs): webhooks are
 * answered 503 STORAGE_FULL with nothing stored, reads go on, /readyz says so, and once
 * space returns the next webhook is stored — with no restart, and with every webhook
 * answered 200 before still there.
 */
describe('a full disk under SQLite', { skip: smallDiskUnavailable() }, () => {
  let disk: SmallDisk;
  let t: TestService;
  const acknowledged = new Map<string, string>();
  let refused: { n: number; body: Buffer } | undefined;

  before(async () => {
    disk = mountSmallDisk(6 * 1024 * 1024);
    t = await startTestService('sqlite', {}, { databaseUrl: `sqlite:${path.join(disk.dir, 'onec-sync.db')}` });
  });
  after(async () => {
    await t?.close();
    disk?.unmount();
  });

  it('answers 503 STORAGE_FULL once the disk is full, and keeps serving reads', async () => {
    for (let n = 1; n <= 5; n++) {
      const res = await t.post(INVOICES, bigInvoice(n));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      acknowledged.set(res.json.id, `FULL-${n}`);
    }
    assert.ok(disk.fill() > 0);
    // The WAL may still have room it already owns (it is reused after a checkpoint): send
    // until a write needs a page the disk does not have.
    for (let n = 6; n <= 200 && !refused; n++) {
      const body = bigInvoice(n);
      const res = await t.post(INVOICES, body);
      if (res.status === 200) acknowledged.set(res.json.id, `FULL-${n}`);
      else {
        assert.equal(res.status, 503, JSON.stringify(res.json));
        assert.equal(res.json.error.code, 'STORAGE_FULL');
        assert.equal(res.json.error.retry, true);
        refused = { n, body };
      }
    }
    assert.ok(refused, 'a webhook was refused');
    const again = await t.post(INVOICES, refused.body);
    assert.equal(again.json.error?.code, 'STORAGE_FULL', 'still refused while the disk is full');

    const ready = await t.get('/readyz');
    assert.equal(ready.status, 200, 'reads go on: the load balancer keeps this replica');
    assert.equal(ready.json.status, 'degraded');
    assert.equal(ready.json.storage.state, 'full');
    assert.equal(ready.json.storage.freeBytes, 0);
    assert.match(ready.json.warnings.join('\n'), /storage is full/);

    const list = await t.get('/api/v1/invoices?limit=200');
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, acknowledged.size);
  });

  it('stores again by itself once space returns, with every earlier 200 kept', async () => {
    assert.ok(refused);
    disk.free();
    const res = await t.post(INVOICES, refused.body);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.result, 'created', 'the refused webhook had stored nothing');
    acknowledged.set(res.json.id, `FULL-${refused.n}`);

    const ready = await t.get('/readyz');
    assert.equal(ready.json.status, 'ready');
    assert.equal(ready.json.storage.state, 'ok');
    for (const [id, number] of acknowledged) {
      const shown = await t.get(`/api/v1/invoices/${id}`);
      assert.equal(shown.status, 200, `${number} answered 200 before is stored`);
      assert.equal(shown.json.number, number);
    }
    const list = await t.get('/api/v1/invoices?limit=200');
    assert.equal(list.json.items.length, acknowledged.size, 'nothing refused was stored');
  });
});

/**
 * A database folder on a read-only file system (a mount gone read-only after disk errors, a
 * hardened container without a data volume): the service says so at start, naming the
 * file, instead of a stack trace.
 */
describe('a read-only database folder at start', { skip: smallDiskUnavailable() }, () => {
  let disk: SmallDisk;
  before(() => {
    disk = mountSmallDisk(1024 * 1024);
    execFileSync('mount', ['-o', 'remount,ro', disk.dir]);
  });
  after(() => disk?.unmount());

  it('exits 1 with a message naming the file', async () => {
    const file = path.join(disk.dir, 'onec-sync.db');
    const res = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [...CLI_FROM_SOURCES, 'serve'],
        { env: { ...process.env, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent', PORT: '0' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    assert.equal(res.code, 1, res.stderr);
    assert.match(
      res.stderr,
      new RegExp(`^Database error: Cannot open the database file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} for writing \\(.*EROFS`),
    );
    assert.doesNotMatch(res.stderr, /\n\s+at /);
    assert.equal(fs.existsSync(file), false);
  });
});
