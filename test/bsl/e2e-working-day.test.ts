import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BslNames } from '../../src/bsl/generator/index.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { compareWithService } from '../../src/emulator/compare-with-service.js';
import { InstalledBase, type InstallStyle } from '../../src/emulator/installed-base.js';
import { runWorkingDay } from '../../src/emulator/runtime-day.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * The generated modules, run by the BSL runtime in a simulated base, against the real service:
 * a working day ends with the service holding exactly what the base holds. The variants cover
 * both install styles, both credentials and both platform paths (8.3.18 has neither the OS CA
 * certificate store nor the bitwise buffer methods; 8.3.24.1500 has both).
 */
const VARIANTS: Array<{ style: InstallStyle; auth: 'secret' | 'token'; platform: string; dialects: string[]; names?: Partial<BslNames> }> = [
  { style: 'extension', auth: 'secret', platform: '8.3.24.1500', dialects: ['sqlite', 'postgres'] },
  // Renamed metadata (the classic guide's receipt name, own module and register names).
  {
    style: 'direct',
    auth: 'token',
    platform: '8.3.18.1208',
    dialects: ['sqlite', 'postgres'],
    names: { receipt: 'ПоступлениеТоваровИУслуг', commonModule: 'ОбменERP', queueRegister: 'ЧергаERP', numbersRegister: 'НомериПодійERP' },
  },
  // The database does not change what the modules do; the third path runs once, to keep the suite fast.
  { style: 'direct', auth: 'secret', platform: '8.3.10.2168', dialects: ['sqlite'] },
];

for (const dialect of selectedDialects()) {
  describe(`generated modules in the runtime, a working day (${dialect})`, async () => {
    const skip = await skipReason(dialect);
    let t: TestService;
    // One clock for the base and the service: the signature's timestamp is checked against it.
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
    before(async () => {
      if (!skip) t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock.nowUtcMs()) });
    });
    after(async () => {
      await t?.close();
    });

    for (const [k, v] of VARIANTS.entries()) {
      if (!v.dialects.includes(dialect)) continue;
      it(`${v.style} install, ${v.auth === 'secret' ? 'signed' : 'bearer token'}, platform ${v.platform}${v.names ? ', renamed metadata' : ''}: the service ends holding exactly the base`, {
        skip,
      }, async () => {
        const created = await t.post('/api/v1/sources', JSON.stringify({ name: `база ${k}` }), {
          'content-type': 'application/json',
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        });
        assert.equal(created.status, 201);
        const { sourceId, secret, token } = created.json;
        clock.advance(86_400_000);
        const ib = await InstalledBase.create({
          bsl: { url: t.baseUrl, sourceId, auth: v.auth === 'secret' ? { kind: 'secret', secret } : { kind: 'token', token }, names: v.names },
          style: v.style,
          platformVersion: v.platform,
          clock,
        });
        const day = await runWorkingDay(ib, clock, { seed: 1200 + k, size: 'small' });
        assert.equal(day.left, 0, `records left in the outbox: ${JSON.stringify(ib.queue().map((r) => r['ПоследняяОшибка']))}`);
        // The one warning a day may bring: an object deleted before the job ran has its upserts
        // dropped (the delete carries its last state).
        const unexpected = ib.runtime.eventLog.filter((e) => e.level !== 'Информация' && !/записи upsert знято з черги/.test(e.comment));
        assert.deepEqual(
          unexpected.map((e) => `${e.level} ${e.event}: ${e.comment}`),
          [],
          'the modules logged no other warnings or errors',
        );
        const problems = await compareWithService(ib, async (p) => (await t.get(p)).json, sourceId, day.deleted);
        assert.deepEqual(problems, []);
        // Every request was accepted: the signature or token the interpreted BSL sent is the service's own.
        const rejected = (await t.get(`/api/v1/events?status=rejected&limit=500`)).json.items;
        assert.deepEqual(
          rejected.map((e: { error: unknown }) => e.error),
          [],
        );
      });
    }
  });
}
