/**
 * Reconciliation against the simulated base itself: the generated modules, run by the BSL
 * runtime, send the base's objects to the service; the test OData server serves that same base
 * in 1C's standard shapes (test/helpers/base-entities.ts). A base in sync reports nothing; each
 * scenario then makes one kind of difference the way it happens in 1C, a run must report
 * exactly it, and a run with repair must leave the read API equal to the base, object by object.
 * A classic kind (incoming invoices) and a declared one (sales) carry every scenario.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BaseObject } from '../src/bsl/runtime/base/base-object.js';
import { copyStored, type ObjectRef, type StoredObject } from '../src/bsl/runtime/base/object-table.js';
import { ManualClock } from '../src/bsl/runtime/clock.js';
import type { SourceId } from '../src/domain/branded-ids.js';
import { compareDeclaredWithService } from '../src/emulator/compare-declared-with-service.js';
import { compareWithService } from '../src/emulator/compare-with-service.js';
import { runDeclaredDay } from '../src/emulator/declared-day.js';
import { InstalledBase } from '../src/emulator/installed-base.js';
import type { DayKind } from '../src/emulator/runtime-day.js';
import { runWorkingDay } from '../src/emulator/runtime-day.js';
import { ODataClient } from '../src/odata/odata-client.js';
import { DIFFERENCES, type Difference, type ReconcileReport } from '../src/reconcile/reconcile-report.js';
import { Reconciler } from '../src/reconcile/reconciler.js';
import { BaseEntities } from './helpers/base-entities.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { FakeOData } from './helpers/odata-server.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const SALES = 'Документ.РеализацияТоваровУслуг';
type Expected = Record<string, Partial<Record<Difference, string[]>>>;

/** The run reports exactly `expected` (by kind, difference and object) and nothing for any other kind. */
function assertReports(report: ReconcileReport, expected: Expected): void {
  assert.equal(report.status, 'ok', report.error ?? '');
  for (const k of report.kinds) {
    const want = expected[k.kind] ?? {};
    const shown = `${k.kind}: ${JSON.stringify(k.samples)}`;
    assert.deepEqual(k.counts, Object.fromEntries(DIFFERENCES.map((d) => [d, want[d]?.length ?? 0])), shown);
    for (const d of DIFFERENCES) {
      const named = k.samples.filter((s) => s.difference === d && s.uuid !== null).map((s) => s.uuid);
      assert.deepEqual(named.sort(), [...(want[d] ?? [])].sort(), shown);
    }
  }
}

for (const dialect of selectedDialects()) {
  describe(`reconciliation with the simulated base on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let ib: InstalledBase;
    let fake: FakeOData;
    let url: string;
    let sourceId: SourceId;
    let incoming: string;
    /** Objects deleted in the base: the service must hold them as deleted. */
    let deletedClassic: Record<DayKind, string[]>;
    let deletedDeclared: Record<string, string[]>;
    const clock = new ManualClock(Date.UTC(2026, 10, 12, 6, 30), 120);

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock.nowUtcMs()) });
      const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'база' }), { 'content-type': 'application/json', ...auth });
      assert.equal(created.status, 201);
      sourceId = created.json.sourceId;
      ib = await InstalledBase.create({ bsl: { url: t.baseUrl, sourceId, auth: { kind: 'secret', secret: created.json.secret } }, style: 'extension', clock });
      incoming = ib.tableOf('receipt');
      fake = new FakeOData({ user: 'odata', password: 'пароль', source: new BaseEntities(ib.base) });
      url = await fake.start();
      const classic = await runWorkingDay(ib, clock, { seed: 31, size: 'small' });
      assert.equal(classic.left, 0);
      // The classic day's items came by an exchange (nothing queued): the initial upload sends them.
      await ib.backfill('item');
      await ib.runJob();
      const day = await runDeclaredDay(ib, clock, { seed: 32, perKind: 3 });
      assert.equal(day.left, 0);
      deletedClassic = classic.deleted;
      deletedDeclared = day.deleted;
    });
    after(async () => {
      await t?.close();
      await fake?.close();
    });

    const reconcile = (repair = false) =>
      new Reconciler(
        t.service.storage,
        t.service.ingestor,
        t.service.decoder,
        new ODataClient({ url, user: 'odata', password: 'пароль' }, { backoffMs: 1, retries: 1 }),
      ).run({ sourceId, kinds: t.service.decoder.kinds.list, repair });

    /** Objects no webhook ever carried: the service knows them from OData alone. */
    const neverSent: string[] = [];
    /**
     * What OData cannot say of such an object: its Строка(Ссылка) is built from the kind's label
     * (1C's synonym of the document is not in the standard interface), and an enumeration value
     * arrives as its name only, so its presentation is the name.
     */
    const unknowable = (line: string) =>
      neverSent.some((u) => line.includes(`(${u})`)) && (/: sourceRef is /.test(line) || /"name":"([^"]+)","presentation":"\1"/.test(line));

    /** Differences the read API shows against the base (empty: it holds exactly the base). */
    const differencesFromBase = async () => {
      const get = async (p: string) => (await t.get(p, auth)).json;
      const all = [
        ...(await compareWithService(ib, get, sourceId, deletedClassic)),
        ...(await compareDeclaredWithService(ib, get, sourceId, deletedDeclared, { timezone: t.config.timezone })),
      ];
      return all.filter((line) => !unknowable(line));
    };

    /** The report names exactly `expected`; repair applies it; afterwards the base and the read API agree. */
    const reportThenRepair = async (expected: Expected, stillUnreadable: Expected = {}) => {
      assertReports(await reconcile(), expected);
      const repaired = await reconcile(true);
      assertReports(repaired, expected);
      for (const k of repaired.kinds) {
        const want = expected[k.kind] ?? {};
        const fixable = DIFFERENCES.filter((d) => d !== 'unreadable').reduce((n, d) => n + (want[d]?.length ?? 0), 0);
        assert.equal(k.repaired, fixable, `${k.kind} repaired`);
      }
      assertReports(await reconcile(), stillUnreadable);
    };

    const live = (table: string) => ib.objects(table).filter((o) => o.fields.ПометкаУдаления !== true);
    const refOf = (table: string, uuid: string) => ib.base.table(table).ref(uuid);
    /** A new object with the fields and rows of an existing one (its own number, date now). */
    const copyOf = (table: string, uuid: string): BaseObject => {
      const from = ib.base.table(table).read(uuid)!;
      const o = ib.create(table);
      for (const [k, v] of Object.entries(from.fields)) if (!['Номер', 'Код', 'ВерсияДанных', 'ПометкаУдаления'].includes(k)) o.fields[k] = v;
      for (const [name, rows] of Object.entries(from.sections)) for (const r of rows) o.section(name).add(r);
      return o;
    };
    const post = (o: BaseObject) => ib.write(o, o.table.def.cls === 'Документ' && o.fields.Проведен === true ? 'post' : 'write');

    it('a base in sync reports no difference for any kind', async () => {
      const report = await reconcile();
      assertReports(report, {});
      assert.ok(kindReport(report, 'sale').inOneC >= 2 && kindReport(report, 'incoming').inOneC >= 2, JSON.stringify(report.kinds));
      assert.deepEqual(await differencesFromBase(), []);
    });

    it('objects written before the modules were installed are missing; repair adds them', async () => {
      const restore = ib.base.withoutExtensions();
      const sale = await post(copyOf(SALES, live(SALES)[0]!.uuid));
      const invoice = await post(copyOf(incoming, live(incoming)[0]!.uuid));
      restore();
      assert.equal(ib.queue().length, 0, 'nothing was queued');
      neverSent.push(sale.uuid, invoice.uuid);
      await reportThenRepair({ sale: { missing: [sale.uuid] }, incoming: { missing: [invoice.uuid] } });
      assert.deepEqual(await differencesFromBase(), []);
    });

    it('an exchange load (ОбменДанными.Загрузка) is not sent; repair brings its content', async () => {
      const edit = async (table: string, uuid: string) => {
        const o = ib.edit(refOf(table, uuid));
        o.dataExchange.load = true;
        o.fields.Комментарий = 'Завантажено обміном';
        const rows = o.section('Товары').rows;
        if (rows.length > 0) rows.splice(0, 1);
        await ib.write(o);
      };
      const sale = live(SALES)[1]!.uuid;
      const invoice = live(incoming)[1]!.uuid;
      await edit(SALES, sale);
      await edit(incoming, invoice);
      assert.equal(ib.queue().length, 0, 'the handlers skipped the exchange load');
      await reportThenRepair({ sale: { content: [sale] }, incoming: { content: [invoice] } });
      assert.deepEqual(await differencesFromBase(), []);
    });
  });
}

const kindReport = (r: ReconcileReport, kind: string) => r.kinds.find((k) => k.kind === kind)!;
void copyStored;
void (null as unknown as StoredObject | ObjectRef);
