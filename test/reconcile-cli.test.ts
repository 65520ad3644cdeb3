/**
 * `onec-sync source odata` and `onec-sync reconcile` as the operator runs them: own processes
 * beside a running service, on one SQLite file (the comparison and the repair themselves run on
 * both databases in reconcile.test.ts and reconcile-scenarios.test.ts; here the command's
 * arguments, output, exit codes and the password's handling are what is checked).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { clientBody } from '../src/emulator/payload-builder.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { skipReason } from './helpers/dialects.js';
import { clientEntity, clientWebhook } from './helpers/odata-client-entity.js';
import { FakeOData } from './helpers/odata-server.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'секретний-пароль-1С';
const guid = (i: number) => `7d2e3f4a-5b6c-4d7e-8f90-${String(i).padStart(12, '0')}`;
const client = (i: number) => ({ uuid: guid(i), code: `00-000${i}`, name: `ТОВ «Клієнт ${i}»`, edrpou: '32855961', dataVersion: `AAAAAQ${i}AAA=` });

function onecSync(databaseUrl: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const all: NodeJS.ProcessEnv = { ...process.env, ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
    execFile(process.execPath, [...CLI_FROM_SOURCES, ...args], { cwd: ROOT, env: all }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('onec-sync reconcile as a process', { skip: await skipReason('sqlite') }, () => {
  let t: TestService;
  let fake: FakeOData;
  let url: string;

  before(async () => {
    fake = new FakeOData({ user: 'odata_reader', password: PASSWORD });
    url = await fake.start();
    for (const i of [1, 2]) fake.set('Catalog_Контрагенты').push(clientEntity(client(i)));
    t = await startTestService('sqlite');
    assert.equal((await t.post('/api/webhook/1c/clients', clientWebhook(client(1)))).status, 200);
    // From the classic modules: no GUID, so nothing OData lists can be compared with it.
    const classic = writeOneCJson(clientBody({ code: '00-0009', name: 'ТОВ «Без GUID»' }), { bom: true });
    assert.equal((await t.post('/api/webhook/1c/clients', classic)).status, 200);
  });
  after(async () => {
    await t?.close();
    await fake?.close();
  });

  it('registers the connection without showing the password, reports the drift (exit 3), repairs it (exit 0)', async () => {
    const set = await onecSync(t.databaseUrl, { ONEC_SYNC_ODATA_PASSWORD: PASSWORD }, 'source', 'odata', 'default', '--url', url, '--user', 'odata_reader');
    assert.equal(set.code, 0, set.stderr);
    assert.ok(!set.stdout.includes(PASSWORD) && !set.stderr.includes(PASSWORD));

    const check = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--kinds', 'client');
    assert.equal(check.code, 3, `a difference is exit 3: ${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /^client: 1C 2, here 1 \(and 1 without a GUID, not compared\); missing 1, gone 0, deletion mark 0, content 0, unreadable 0$/m);
    assert.match(check.stdout, new RegExp(`^ {2}missing ${guid(2)}$`, 'm'));
    assert.match(check.stdout, /^Run \S+: ok, \d+ requests$/m);
    assert.ok(!`${check.stdout}${check.stderr}`.includes(PASSWORD));

    const repair = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--kinds', 'client', '--repair');
    assert.equal(repair.code, 0, repair.stdout + repair.stderr);
    assert.match(repair.stdout, /repaired 1, skipped \(newer webhook\) 0/);
    const clients = await t.get('/api/v1/clients?limit=10');
    assert.deepEqual(
      clients.json.items
        .map((c: { uuid: string | null }) => c.uuid)
        .filter(Boolean)
        .sort(),
      [guid(1), guid(2)],
    );

    // Renamed in 1C without a webhook: a stored object, listed with its read API address.
    fake.sets.set('Catalog_Контрагенты', [clientEntity(client(1)), clientEntity({ ...client(2), name: 'ТОВ «Нова назва»', dataVersion: 'AAAAAQ9AAA=' })]);
    const renamed = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--kinds', 'client');
    assert.equal(renamed.code, 3);
    const stored = clients.json.items.find((c: { uuid: string }) => c.uuid === guid(2));
    assert.match(renamed.stdout, new RegExp(`^ {2}content ${guid(2)} /api/v1/clients/${stored.id}$`, 'm'));

    const runs = await t.get('/api/v1/reconciliations');
    assert.deepEqual(
      runs.json.items.map((r: { mode: string; status: string }) => `${r.mode} ${r.status}`),
      ['report ok', 'repair ok', 'report ok'],
    );
  });

  it('refuses unknown kinds and a bad --since with the usage, and --repair with --load', async () => {
    const unknown = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--kinds', 'payroll');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown kinds: payroll/);
    const since = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--since', '07.12.2026');
    assert.equal(since.code, 2);
    assert.match(since.stderr, /onec-sync reconcile --source/);
    const both = await onecSync(t.databaseUrl, {}, 'reconcile', '--source', 'default', '--repair', '--load');
    assert.equal(both.code, 2);
  });
});
