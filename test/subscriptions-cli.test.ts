import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase } from '../src/storage/open-database.js';
import { findSubscription } from '../src/storage/repositories/subscriptions-repository.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/** `onec-sync subscription …` as an operator runs it, on both databases. */

async function cli(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...CLI_FROM_SOURCES, 'subscription', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

for (const dialect of selectedDialects()) {
  describe(`onec-sync subscription on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('adds (secret printed once), lists, disables, enables, rotates and removes', async () => {
      const database = await freshDatabaseUrl(dialect);
      try {
        const added = await cli(database.url, [
          'add',
          '--url',
          'https://erp.example.com/hooks',
          '--kinds',
          'incoming,client',
          '--format',
          'classic',
          '--concurrency',
          '2',
        ]);
        assert.equal(added.code, 0, added.stderr);
        const id = /Subscription (sub_[0-9a-f]+) created \(classic\)/.exec(added.stdout)?.[1];
        const secret = /(whsec_[A-Za-z0-9+/=]+)/.exec(added.stdout)?.[1];
        assert.ok(id && secret, added.stdout);

        const storage = await openDatabase(database.url);
        try {
          const row = await findSubscription(storage.db, id);
          assert.equal(row?.secret, secret);
          assert.equal(row?.kinds, 'incoming,client');
          assert.equal(row?.concurrency, 2);
        } finally {
          await storage.close();
        }

        const listed = await cli(database.url, ['list']);
        assert.match(listed.stdout, new RegExp(`${id}\\tactive\\tclassic\\thttps://erp.example.com/hooks\\tkinds=incoming,client`));
        assert.ok(!listed.stdout.includes(secret), 'the secret is not listed');

        assert.equal((await cli(database.url, ['disable', id])).code, 0);
        assert.match((await cli(database.url, ['list'])).stdout, /\tdisabled\t/);
        assert.equal((await cli(database.url, ['enable', id])).code, 0);
        const rotated = await cli(database.url, ['rotate-secret', id]);
        assert.match(rotated.stdout, /New signing secret: whsec_/);
        assert.ok(!rotated.stdout.includes(secret));
        assert.equal((await cli(database.url, ['remove', id])).code, 0);
        assert.equal((await cli(database.url, ['list'])).stdout, '');
        assert.equal((await cli(database.url, ['disable', id])).code, 1, 'a removed subscription is gone');
      } finally {
        await database.cleanup();
      }
    });

    it('refuses private targets unless allowed, and unknown kinds', async () => {
      const database = await freshDatabaseUrl(dialect);
      try {
        const refused = await cli(database.url, ['add', '--url', 'http://192.168.1.10/erp']);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /ONEC_SYNC_ALLOW_PRIVATE_TARGETS/);
        const allowed = await cli(database.url, ['add', '--url', 'http://192.168.1.10/erp'], { ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true' });
        assert.equal(allowed.code, 0, allowed.stderr);
        const kind = await cli(database.url, ['add', '--url', 'https://erp.example.com/', '--kinds', 'invoices']);
        assert.equal(kind.code, 1);
        assert.match(kind.stderr, /Unknown kind "invoices"/);
      } finally {
        await database.cleanup();
      }
    });
  });
}
