/**
 * The five declared kinds end to end: the generated modules, run by the BSL runtime in a
 * simulated base (installed as an extension and directly), send a working day to the real
 * service, signed with the source's secret or with its bearer token; the service's read API
 * then holds exactly the base, object by object — every attribute by its 1C type, every row in
 * order, deletion marks, deleted objects, and references that lead to the referenced objects.
 * The classic day runs first in the same base, then the initial upload of the items its
 * documents name (loaded by an exchange, so never queued), so every reference has its object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { compareDeclaredWithService } from '../../src/emulator/compare-declared-with-service.js';
import { compareWithService } from '../../src/emulator/compare-with-service.js';
import { runDeclaredDay } from '../../src/emulator/declared-day.js';
import { InstalledBase, type InstallStyle } from '../../src/emulator/installed-base.js';
import { runWorkingDay } from '../../src/emulator/runtime-day.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

const VARIANTS: Array<{ style: InstallStyle; auth: 'secret' | 'token'; platform: string }> = [
  { style: 'extension', auth: 'secret', platform: '8.3.10.2168' },
  { style: 'direct', auth: 'token', platform: '8.3.24.1500' },
];

for (const dialect of selectedDialects()) {
  describe(`generated modules in the runtime, the declared kinds against the service (${dialect})`, async () => {
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
      it(`${v.style} install, ${v.auth === 'secret' ? 'signed' : 'bearer token'}, platform ${v.platform}: the service holds every declared object as the base does`, {
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
          bsl: { url: t.baseUrl, sourceId, auth: v.auth === 'secret' ? { kind: 'secret', secret } : { kind: 'token', token } },
          style: v.style,
          platformVersion: v.platform,
          clock,
        });
        const classic = await runWorkingDay(ib, clock, { seed: 1400 + k, size: 'small' });
        assert.equal(classic.left, 0, 'the classic day leaves nothing in the outbox');
        // The classic day's items were loaded by an exchange (nothing queued): the initial upload sends them.
        assert.ok((await ib.backfill('item')) > 0);
        await ib.runJob();
        const day = await runDeclaredDay(ib, clock, { seed: 1500 + k });
        assert.equal(day.left, 0, `records left in the outbox: ${JSON.stringify(ib.queue().map((r) => r['ПоследняяОшибка']))}`);
        assert.deepEqual(day.kinds.map((x) => x.kind).sort(), ['bank-payment', 'bank-receipt', 'contract', 'item', 'sale']);
        const unexpected = ib.runtime.eventLog.filter((e) => e.level !== 'Информация' && !/записи upsert знято з черги/.test(e.comment));
        assert.deepEqual(
          unexpected.map((e) => `${e.level} ${e.event}: ${e.comment}`),
          [],
          'the modules logged no warnings or errors',
        );

        const get = async (p: string) => (await t.get(p)).json;
        // The counterparties made by the declared day are sent by the classic module: deleted ones are the classic day's.
        assert.deepEqual(await compareWithService(ib, get, sourceId, classic.deleted), []);
        const problems = await compareDeclaredWithService(ib, get, sourceId, day.deleted, { timezone: t.config.timezone });
        assert.deepEqual(problems, []);

        // The comparison saw what it compares: objects of every kind, references that lead somewhere, rows.
        for (const kind of day.kinds) {
          const list = (await t.get(`/api/v1/objects/${kind.kind}?source=${sourceId}&deleted=true`)).json.items;
          assert.equal(list.length, 1, `${kind.kind}: one deleted object`);
        }
        const sales = (await t.get(`/api/v1/objects/sale?source=${sourceId}`)).json.items;
        assert.ok(sales.length >= 2);
        const sale = (await t.get(`/api/v1/objects/sale/${sales[0].id}`)).json;
        assert.ok([...sale.sections.Товары, ...sale.sections.Услуги].length > 0, 'a sale has rows');
        assert.ok(
          sales.some((s: { attributes: { Контрагент: { id: string | null } | null } }) => s.attributes.Контрагент?.id),
          "a sale's counterparty leads to the client",
        );

        const rejected = (await t.get(`/api/v1/events?status=rejected&limit=500`)).json.items;
        assert.deepEqual(
          rejected.map((e: { error: unknown }) => e.error),
          [],
        );
      });
    }
  });
}
