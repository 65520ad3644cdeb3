import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeExtensionDump } from '../../src/bsl/extension/extension-dump.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { compareWithService } from '../../src/emulator/compare-with-service.js';
import { InstalledBase } from '../../src/emulator/installed-base.js';
import { readExtensionDump } from '../../src/emulator/read-extension-dump.js';
import { runWorkingDay } from '../../src/emulator/runtime-day.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * The base installed from the extension dump the 1C developer loads (not from the generator's
 * texts): its registers, common module, job method and object modules. A working day ends with
 * the service holding exactly what the base holds, signed and bearer, on the oldest and a recent
 * platform path.
 */
const VARIANTS: Array<{ auth: 'secret' | 'token'; platform: string }> = [
  { auth: 'secret', platform: '8.3.10.2168' },
  { auth: 'token', platform: '8.3.24.1500' },
];

for (const dialect of selectedDialects()) {
  describe(`a base installed from the extension dump, a working day (${dialect})`, async () => {
    const skip = await skipReason(dialect);
    let t: TestService;
    let dir: string;
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dump-day-'));
      if (!skip) t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock.nowUtcMs()) });
    });
    after(async () => {
      await t?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const [k, v] of VARIANTS.entries()) {
      it(`${v.auth === 'secret' ? 'signed' : 'bearer token'}, platform ${v.platform}: the service ends holding exactly the base`, { skip }, async () => {
        const created = await t.post('/api/v1/sources', JSON.stringify({ name: `дамп ${k}` }), {
          'content-type': 'application/json',
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        });
        assert.equal(created.status, 201);
        const { sourceId, secret, token } = created.json;
        clock.advance(86_400_000);
        const bsl = { url: t.baseUrl, sourceId, auth: v.auth === 'secret' ? ({ kind: 'secret', secret } as const) : ({ kind: 'token', token } as const) };
        const dumpDir = path.join(dir, `v${k}`);
        await writeExtensionDump(bsl, dumpDir);
        const ib = await InstalledBase.create({ bsl, style: 'extension', platformVersion: v.platform, clock, dump: dumpDir });
        const day = await runWorkingDay(ib, clock, { seed: 2400 + k, size: 'small' });
        assert.equal(day.left, 0, `records left in the outbox: ${JSON.stringify(ib.queue().map((r) => r['ПоследняяОшибка']))}`);
        const unexpected = ib.runtime.eventLog.filter((e) => e.level !== 'Информация' && !/записи upsert знято з черги/.test(e.comment));
        assert.deepEqual(
          unexpected.map((e) => `${e.level} ${e.event}: ${e.comment}`),
          [],
        );
        assert.deepEqual(await compareWithService(ib, async (p) => (await t.get(p)).json, sourceId, day.deleted), []);
        const rejected = (await t.get('/api/v1/events?status=rejected&limit=500')).json.items;
        assert.deepEqual(
          rejected.map((e: { error: unknown }) => e.error),
          [],
        );
      });
    }
  });
}

describe('the base installs what the dump says', () => {
  it('a register dimension missing from the dump is missing in the base: the first write of a synced object fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dump-broken-'));
    try {
      const bsl = { url: 'http://127.0.0.1:9', sourceId: 's', auth: { kind: 'token', token: 't' } } as const;
      await writeExtensionDump(bsl, dir);
      const file = path.join(dir, 'InformationRegisters', 'ОчередьОтправкиERP.xml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\t\t\t<Dimension uuid="[^"]+">[\s\S]*?<\/Dimension>\r\n/, ''));
      assert.deepEqual(readExtensionDump(dir).registers.find((r) => r.name === 'ОчередьОтправкиERP')!.dimensions, []);
      const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
      const ib = await InstalledBase.create({ bsl, style: 'extension', clock, dump: dir });
      const client = ib.create(ib.clientTable);
      client.setProperty('Наименование', 'ТОВ Тест');
      await assert.rejects(ib.write(client));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
