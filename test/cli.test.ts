import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { openDatabase } from '../src/storage/open-database.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl, startTestService, type TestService } from './helpers/test-service.js';

/**
 * The operator's commands end to end: `onec-sync migrate | source … | key …` run as their
 * own processes from the sources (what `npx onec-sync` runs, compiled), on a fresh SQLite
 * file or PostgreSQL schema, while the service runs on the same database and takes their
 * changes (its credential cache is off here; test/credential-settings.test.ts covers it).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INVOICES = webhookPath('incoming');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function onecSync(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
    delete env.ONEC_SYNC_ADMIN_TOKEN;
    execFile(process.execPath, [...CLI_FROM_SOURCES, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let n = 0;
function invoice(): Buffer {
  const positions = makePositions(2, ++n);
  return writeOneCJson(
    incomingInvoiceBody({
      number: `CLI-${n}`,
      date: '2024-05-01T10:00:00',
      counterparty: 'ТОВ «Консоль»',
      edrpou: '32855961',
      total: totalOf(positions),
      positions,
    }),
    { bom: true },
  );
}

const skips = new Map(await Promise.all(selectedDialects().map(async (d) => [d, await skipReason(d)] as const)));

// The dialects run side by side: most of the time here is process start-up, not the database.
describe('onec-sync CLI as processes', { concurrency: true }, () => {
  for (const [dialect, skip] of skips) {
    /**
     * Each command is a Node process with the TypeScript loader (~1 s of CPU): the checks
     * that do not depend on the database (usage errors, unknown ids, idempotent re-runs)
     * run on SQLite only, to keep npm test short.
     */
    const full = dialect === 'sqlite';
    describe(`on ${dialect}`, { skip, concurrency: 1 }, () => {
      let db: { url: string; cleanup(): Promise<void> };
      let t: TestService;
      let source: { id: string; secret: string; token: string };

      const post = (body: Buffer, headers: Record<string, string>) => t.post(INVOICES, body, { 'content-type': 'application/json', ...headers });
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      const signed = (secret: string, body: Buffer) => {
        const id = `msg_cli_${++n}`;
        const now = new Date();
        return {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(id, now, body),
        };
      };

      before(async () => {
        db = await freshDatabaseUrl(dialect);
      });
      after(async () => {
        await t?.close();
        await db?.cleanup();
      });

      it('migrate creates every table on an empty database, and again changes nothing', async () => {
        const first = await onecSync(db.url, 'migrate');
        assert.deepEqual(first, { code: 0, stdout: `Migrated ${dialect} database to the latest version.\n`, stderr: '' });
        const storage = await openDatabase(db.url, { migrate: false });
        try {
          const applied = await storage.db
            .selectFrom('kysely_migration' as any)
            .select('name' as any)
            .orderBy('name' as any)
            .execute();
          // Every migration file in the tree, in order, and nothing else.
          const files = readdirSync(new URL('../src/storage/migrations/', import.meta.url))
            .map((f) => f.replace(/\.ts$/, ''))
            .sort();
          assert.ok(files.length >= 10 && files[0] === '001-initial', files.join());
          assert.deepEqual(
            applied.map((r) => (r as { name: string }).name),
            files,
          );
          for (const table of ['events', 'invoices', 'clients', 'sources', 'source_credentials', 'api_keys'] as const) {
            assert.deepEqual(await storage.db.selectFrom(table).selectAll().execute(), [], `${table} exists and is empty`);
          }
        } finally {
          await storage.close();
        }
        if (full) assert.equal((await onecSync(db.url, 'migrate')).code, 0, 'a second run is a no-op');
        t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { databaseUrl: db.url });
      });

      it('source add prints a secret and a token once, and both authenticate webhooks', async () => {
        const added = await onecSync(db.url, 'source', 'add', '--name', 'ТОВ «Ромашка», основна база');
        assert.equal(added.code, 0, added.stderr);
        const id = /^Source (\S+) created\.$/m.exec(added.stdout)?.[1];
        const secret = /^Webhook secret \(Standard Webhooks\): (whsec_\S+)$/m.exec(added.stdout)?.[1];
        const token = /^Bearer token:\s+(\S+)$/m.exec(added.stdout)?.[1];
        assert.ok(id && secret && token, added.stdout);
        source = { id, secret, token };
        const bySecret = await post(invoice(), {});
        assert.equal(bySecret.json.error.code, 'AUTH_MISSING');
        const body = invoice();
        const ok = await post(body, signed(secret, body));
        assert.equal(ok.status, 200, JSON.stringify(ok.json));
        assert.equal((await t.get(`/api/v1/events/${ok.json.eventId}`)).json.sourceId, id);
        assert.equal((await post(invoice(), bearer(token))).status, 200);
        if (!full) return;
        const list = await onecSync(db.url, 'source', 'list');
        assert.equal(list.code, 0);
        const lines = list.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('\t').slice(0, 3));
        assert.deepEqual(lines, [
          ['default', 'active', 'Default (environment)'],
          [id, 'active', 'ТОВ «Ромашка», основна база'],
        ]);
        assert.equal(list.stdout.includes(secret) || list.stdout.includes(token), false, 'never shown again');
      });

      it('source disable refuses the source with 403, enable lets it in again', async () => {
        const off = await onecSync(db.url, 'source', 'disable', source.id);
        assert.deepEqual([off.code, off.stdout], [0, `Source ${source.id} disabled: its webhooks are refused with 403.\n`]);
        const refused = await post(invoice(), bearer(source.token));
        assert.deepEqual([refused.status, refused.json.error.code], [403, 'SOURCE_DISABLED']);
        if (full) assert.match((await onecSync(db.url, 'source', 'list')).stdout, new RegExp(`^${source.id}\\tdisabled\\t`, 'm'));
        assert.equal((await onecSync(db.url, 'source', 'enable', source.id)).code, 0);
        assert.equal((await post(invoice(), bearer(source.token))).status, 200);
        if (!full) return;
        const missing = await onecSync(db.url, 'source', 'disable', 'src_nope');
        assert.deepEqual([missing.code, missing.stderr], [1, 'No source src_nope\n']);
      });

      it('source rotate --overlap-hours 0 cuts the old secret and token at once; the new ones work', async () => {
        const rotated = await onecSync(db.url, 'source', 'rotate', source.id, '--overlap-hours', '0');
        assert.equal(rotated.code, 0, rotated.stderr);
        const secret = /^New webhook secret: (whsec_\S+)$/m.exec(rotated.stdout)?.[1];
        const token = /^New bearer token:\s+(\S+)$/m.exec(rotated.stdout)?.[1];
        assert.ok(secret && token && secret !== source.secret && token !== source.token, rotated.stdout);
        assert.match(rotated.stdout, /The previous ones keep working for 0 h\./);
        const old = invoice();
        assert.equal((await post(old, signed(source.secret, old))).json.error?.code, 'AUTH_BAD_SIGNATURE');
        assert.equal((await post(invoice(), bearer(source.token))).json.error?.code, 'AUTH_UNKNOWN_KEY');
        const fresh = invoice();
        assert.equal((await post(fresh, signed(secret, fresh))).status, 200);
        assert.equal((await post(invoice(), bearer(token))).status, 200);
      });

      it('key add / list / revoke: a read key reads, cannot administer, and stops at revoke', async () => {
        const added = await onecSync(db.url, 'key', 'add', '--scope', 'read', '--name', 'ERP склад');
        assert.equal(added.code, 0, added.stderr);
        const [, id, key] = /^API key (\S+) \(read\): (\S+)$/m.exec(added.stdout) ?? [];
        assert.ok(id && key, added.stdout);
        assert.equal((await t.get('/api/v1/invoices', bearer(key))).status, 200);
        const admin = await t.post(`/api/v1/sources/${source.id}/disable`, '', bearer(key));
        assert.deepEqual([admin.status, admin.json.error.code], [403, 'FORBIDDEN_SCOPE']);
        const listed = await onecSync(db.url, 'key', 'list');
        assert.deepEqual(
          listed.stdout
            .trim()
            .split('\n')
            .map((l) => l.split('\t')),
          [[id, 'read', 'active', 'ERP склад']],
        );
        assert.equal(listed.stdout.includes(key), false, 'the key is never shown again');
        const revoked = await onecSync(db.url, 'key', 'revoke', id);
        assert.deepEqual([revoked.code, revoked.stdout], [0, `Key ${id} revoked.\n`]);
        assert.equal((await t.get('/api/v1/invoices', bearer(key))).json.error.code, 'AUTH_UNKNOWN_KEY');
        if (!full) return;
        assert.match((await onecSync(db.url, 'key', 'list')).stdout, new RegExp(`^${id}\\tread\\trevoked \\d{4}-\\d{2}-\\d{2}T`, 'm'));
        const again = await onecSync(db.url, 'key', 'revoke', id);
        assert.deepEqual([again.code, again.stderr], [1, `No active key ${id}\n`]);
        const usage = await onecSync(db.url, 'key', 'add', '--scope', 'owner');
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /^onec-sync key <subcommand>/);
        // An option no command takes: one line that names it, no stack trace.
        const unknown = await onecSync(db.url, 'key', 'add', '--help');
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /^onec-sync key: Unknown option '--help'/);
        assert.doesNotMatch(unknown.stderr, /\n\s+at /);
      });
    });
  }
});
