import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emulateCommand } from '../../src/cli/emulate-command.js';
import { skipReason } from '../helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/** `onec-sync emulate --runtime`: the demo drives the generated modules through the runtime. */
describe('onec-sync emulate --runtime', async () => {
  const skip = await skipReason('sqlite');
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_ALLOW_UNSIGNED: 'false' });
  });
  after(async () => {
    await t?.close();
  });

  async function run(args: string[]): Promise<{ code: number; out: string }> {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string | Uint8Array) => {
      chunks.push(String(s));
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await emulateCommand(args);
      return { code, out: chunks.join('') };
    } finally {
      process.stdout.write = write;
    }
  }

  it('runs a small day of the real modules against the service and finds it holding exactly the base', { skip }, async () => {
    const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'demo' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
    });
    const { sourceId, token } = created.json;
    const { code, out } = await run([
      '--runtime',
      '--url',
      t.baseUrl,
      '--token',
      token,
      '--source',
      sourceId,
      '--size',
      'small',
      '--seed',
      '7',
      '--install',
      'direct',
      '--platform',
      '8.3.18.1208',
      '--admin-token',
      TEST_ADMIN_TOKEN,
    ]);
    assert.match(out, /direct install, platform 8\.3\.18\.1208, bearer token/);
    assert.match(out, /job run +1: \[Информация\] Надіслано: \d+/);
    assert.match(out, /left in the outbox: 0\./);
    assert.match(out, /initial upload of the items: [1-9]\d* queued/);
    assert.match(out, /declared kinds \((?=.*item)(?=.*contract)(?=.*sale)(?=.*bank-receipt)(?=.*bank-payment)[a-z, -]+\): \d+ edits/);
    assert.match(out, /The service holds exactly what the base holds\./);
    assert.equal(code, 0, out);
    // The declared day reached the service: every kind has objects of this source, one of each deleted.
    for (const kind of ['item', 'contract', 'sale', 'bank-receipt', 'bank-payment']) {
      const live = (await t.get(`/api/v1/objects/${kind}?source=${sourceId}`)).json.items;
      const deleted = (await t.get(`/api/v1/objects/${kind}?source=${sourceId}&deleted=true`)).json.items;
      assert.ok(live.length >= 2 && deleted.length === 1, `${kind}: ${live.length} live, ${deleted.length} deleted`);
    }
  });

  it('refuses to run without credentials, with a clear message', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => {
      errors.push(s);
      return true;
    }) as typeof process.stderr.write;
    try {
      assert.equal(await emulateCommand(['--runtime', '--url', 'http://127.0.0.1:9']), 2);
    } finally {
      process.stderr.write = write;
    }
    assert.match(errors.join(''), /--secret or --token/);
  });
});
