import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { webhookPath } from '../src/domain/kinds.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl, startTestService, type TestService } from './helpers/test-service.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/**
 * The previous release: the code just before the migration that added the changes feed
 * (010), so migrations 001–008 — three and more behind today's. Its data is written by
 * its own code, taken from this repository's history (`git archive`), so the rows are
 * exactly what it wrote, not what a test imagines it wrote.
 */
const FIRST_MIGRATION_AFTER = 'src/storage/migrations/010-changes-feed.ts';

/** The previous release's sources in `dir`, or why they cannot be had (a shallow clone, no git). */
function previousRelease(dir: string): string | undefined {
  try {
    const added = execFileSync('git', ['log', '-1', '--format=%H', '--diff-filter=A', '--', FIRST_MIGRATION_AFTER], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (!added) return `no commit adds ${FIRST_MIGRATION_AFTER} in this clone's history`;
    execFileSync('sh', ['-c', `git archive ${added}^ src package.json | tar -x -C "${dir}"`], { cwd: ROOT });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    return undefined;
  } catch (error) {
    return `git history unavailable: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Runs in the previous release's folder: its service, its ingest, 1C's bytes. */
const WRITE_WITH_PREVIOUS_RELEASE = `
import { loadConfig } from './src/config/load-config.ts';
import { createService } from './src/create-service.ts';
import { writeOneCJson } from './src/emulator/one-c-json.ts';
import { clientBody, incomingInvoiceBody, makePositions, totalOf } from './src/emulator/payload-builder.ts';

const config = loadConfig({ ...process.env, ONEC_SYNC_ALLOW_UNSIGNED: 'true', LOG_LEVEL: 'silent' });
const service = await createService(config);
const post = async (url, value) => {
  const res = await service.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: writeOneCJson(value, { bom: true }) });
  if (res.statusCode !== 200) throw new Error(url + ': ' + res.body);
  return JSON.parse(res.body);
};
const written = { invoices: {}, clients: {} };
for (const n of [1, 2, 3]) {
  const positions = makePositions(n + 1, n);
  const spec = { number: 'ПТ-OLD-' + n, date: '2024-03-0' + n + 'T09:00:00', counterparty: 'ТОВ «Стара версія»', edrpou: '32855961', total: totalOf(positions), positions };
  const created = await post('${webhookPath('incoming')}', incomingInvoiceBody(spec));
  written.invoices[created.id] = { number: spec.number, total: spec.total, version: 1 };
  if (n === 2) {
    const more = makePositions(5, 9);
    const updated = await post('${webhookPath('incoming')}', incomingInvoiceBody({ ...spec, positions: more, total: totalOf(more) }));
    if (updated.result !== 'updated') throw new Error('expected an update: ' + JSON.stringify(updated));
    written.invoices[created.id] = { number: spec.number, total: totalOf(more), version: 2 };
  }
}
const client = await post('${webhookPath('client')}', clientBody({ code: '000000042', name: 'ФОП Давній', edrpou: '32855961' }));
written.clients[client.id] = { name: 'ФОП Давній' };
await service.close();
process.stdout.write(JSON.stringify(written));
`;

/**
 * Upgrading: today's release starts on a database the previous release made and filled,
 * runs the newer migrations at start, and serves the old data through its API — on both
 * dialects.
 */
describe('upgrading from the previous release', () => {
  let dir: string;
  let unavailable: string | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-upgrade-'));
    unavailable = previousRelease(dir);
    if (unavailable) {
      if (process.env.CI === 'true') throw new Error(`the upgrade test needs the previous release: ${unavailable}`);
      process.stderr.write(`\n  SKIPPED: the upgrade tests (${unavailable})\n\n`);
    } else fs.writeFileSync(path.join(dir, 'write-old.ts'), WRITE_WITH_PREVIOUS_RELEASE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const dialect of selectedDialects()) {
    describe(`on ${dialect}`, () => {
      let db: { url: string; cleanup(): Promise<void> } | undefined;
      let t: TestService | undefined;
      after(async () => {
        await t?.close();
        await db?.cleanup();
      });

      it('reads back what the previous release stored', async (ctx) => {
        const skip = unavailable ?? (await skipReason(dialect));
        if (skip) return ctx.skip(String(skip));
        db = await freshDatabaseUrl(dialect);
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'write-old.ts'], { cwd: dir, env: { ...process.env, DATABASE_URL: db.url } });
        const written = JSON.parse(stdout) as {
          invoices: Record<string, { number: string; total: string; version: number }>;
          clients: Record<string, { name: string }>;
        };
        assert.equal(Object.keys(written.invoices).length, 3);

        t = await startTestService(dialect, {}, { databaseUrl: db.url });
        for (const [id, old] of Object.entries(written.invoices)) {
          const shown = await t.get(`/api/v1/invoices/${id}`);
          assert.equal(shown.status, 200, JSON.stringify(shown.json));
          assert.equal(shown.json.number, old.number);
          assert.equal(shown.json.total, old.total);
          assert.equal(shown.json.version, old.version);
        }
        for (const [id, old] of Object.entries(written.clients)) {
          const shown = await t.get(`/api/v1/clients/${id}`);
          assert.equal(shown.status, 200, JSON.stringify(shown.json));
          assert.equal(shown.json.name, old.name);
        }
        const events = await t.get('/api/v1/events?limit=50');
        assert.equal(events.status, 200);
        assert.equal(events.json.items.length, 5, 'the journal of the previous release is kept');

        // And today's release goes on writing to it: an old object gets its next version.
        const [id, old] = Object.entries(written.invoices).find(([, v]) => v.version === 1)!;
        const { writeOneCJson } = await import('../src/bsl/one-c-json.js');
        const { incomingInvoiceBody, makePositions, totalOf } = await import('../src/emulator/payload-builder.js');
        const positions = makePositions(7, 11);
        const n = old.number.slice(-1);
        const res = await t.post(
          webhookPath('incoming'),
          writeOneCJson(
            incomingInvoiceBody({
              number: old.number,
              date: `2024-03-0${n}T09:00:00`,
              counterparty: 'ТОВ «Стара версія»',
              edrpou: '32855961',
              total: totalOf(positions),
              positions,
            }),
            { bom: true },
          ),
        );
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.deepEqual([res.json.result, res.json.id], ['updated', id]);
        assert.equal((await t.get(`/api/v1/invoices/${id}`)).json.version, 2);
      });
    });
  }
});
