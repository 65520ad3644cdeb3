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
import { copyStored, type StoredObject } from '../src/bsl/runtime/base/object-table.js';
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
    let served: BaseEntities;
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
      served = new BaseEntities(ib.base);
      fake = new FakeOData({ user: 'odata', password: 'пароль', source: served });
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
    const unknowable = (line: string) => {
      if (!neverSent.some((u) => line.includes(`(${u})`))) return false;
      if (/"name":"([^"]+)","presentation":"\1"/.test(line)) return true;
      // Only the document's name differs: its number and date are written as 1C writes them.
      const ref = /^\S+ (.+) \([0-9a-f-]{36}\): sourceRef is "(.*)"$/.exec(line);
      const tail = (text: string) => / (\S+ от \S+ \S+)$/.exec(text)?.[1];
      return ref !== null && tail(ref[1]!) !== undefined && tail(ref[1]!) === tail(ref[2]!);
    };

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
    /** Every object table's rows, as a backup holds them. */
    const snapshot = () =>
      new Map(
        ib.base.metadata.tables.map((d) => [
          `${d.cls}.${d.name}`,
          ib.base
            .table(`${d.cls}.${d.name}`)
            .all()
            .map(([u, o]) => [u, copyStored(o)] as [string, StoredObject]),
        ]),
      );
    /** The base restored from a backup: every table back to its rows then (outside a transaction: final). */
    const restoreSnapshot = (backup: ReturnType<typeof snapshot>) => {
      for (const [name, rows] of backup) {
        const table = ib.base.table(name);
        const kept = new Set(rows.map(([u]) => u));
        for (const [u] of table.all()) if (!kept.has(u)) table.remove(u);
        for (const [u, o] of rows) table.put(u, o);
      }
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
      const client = ib.create(ib.clientTable);
      client.setProperty('Наименование', 'ТОВ «Записано до модулів»');
      client.setProperty(ib.names.edrpou, '32855961');
      client.section('КонтактнаяИнформация').add({ Тип: ib.base.enumeration('ТипыКонтактнойИнформации').value('Телефон'), Представление: '+380 44 123 45 67' });
      await post(client);
      restore();
      assert.equal(ib.queue().length, 0, 'nothing was queued');
      neverSent.push(sale.uuid, invoice.uuid, client.uuid);
      await reportThenRepair({ sale: { missing: [sale.uuid] }, incoming: { missing: [invoice.uuid] }, client: { missing: [client.uuid] } });
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

    it('a deletion bypassing the handlers leaves objects gone from 1C; repair marks them deleted, never erased', async () => {
      const sale = live(SALES)[2]!.uuid;
      const invoice = live(incoming)[2]!.uuid;
      // Removed from the base's tables directly (as a deletion by a tool that skips the object modules).
      ib.base.table(SALES).remove(sale);
      ib.base.table(incoming).remove(invoice);
      deletedDeclared.sale!.push(sale);
      deletedClassic.receipt.push(invoice);
      await reportThenRepair({ sale: { gone: [sale] }, incoming: { gone: [invoice] } });
      assert.deepEqual(await differencesFromBase(), []);
    });

    it('a lost webhook (the post dropped for one object) is a content difference; repair brings it', async () => {
      const edit = async (table: string, uuid: string) => {
        const o = ib.edit(refOf(table, uuid));
        o.fields.Комментарий = 'Змінено, вебхук загублено';
        o.section('Товары').add(ib.base.table(table).read(uuid)!.sections.Товары![0]);
        await post(o);
      };
      const sale = live(SALES)[0]!.uuid;
      const invoice = live(incoming)[0]!.uuid;
      const other = live(incoming)[1]!.uuid;
      await edit(SALES, sale);
      await edit(incoming, invoice);
      await edit(incoming, other);
      // The outbox holds the three changes; the posts of two of them are lost on the way.
      const queue = ib.base.register(ib.names.queueRegister);
      const lost = queue.all().filter((r) => r.УникальныйИдентификаторОбъекта === sale || r.УникальныйИдентификаторОбъекта === invoice);
      assert.equal(lost.length, 2);
      for (const r of lost) queue.remove(queue.key(r));
      await ib.runJob();
      assert.equal(ib.queue().length, 0);
      await reportThenRepair({ sale: { content: [sale] }, incoming: { content: [invoice] } });
      assert.deepEqual(await differencesFromBase(), []);
    });

    it('a restored 1C backup: content going back in time and objects gone; repair follows 1C, the newer version kept in history', async () => {
      const backup = snapshot();
      const sale = live(SALES)[1]!.uuid;
      const invoice = live(incoming)[1]!.uuid;
      for (const [table, uuid] of [
        [SALES, sale],
        [incoming, invoice],
      ] as const) {
        const o = ib.edit(refOf(table, uuid));
        o.fields.Комментарий = 'Після резервної копії';
        await post(o);
      }
      const later = await post(copyOf(SALES, sale));
      await ib.runJob();
      assert.equal(ib.queue().length, 0);
      restoreSnapshot(backup);
      deletedDeclared.sale!.push(later.uuid);
      await reportThenRepair({ sale: { content: [sale], gone: [later.uuid] }, incoming: { content: [invoice] } });
      assert.deepEqual(await differencesFromBase(), []);
      const summary = (await t.get(`/api/v1/objects/sale?source=${sourceId}&limit=100`, auth)).json.items.find((o: { uuid: string }) => o.uuid === sale);
      const versions = (await t.get(`/api/v1/objects/sale/${summary.id}/versions`, auth)).json.items;
      const comments = versions.map(
        (v: { content: { attributes?: { Комментарий?: string } } }) => v.content.attributes?.Комментарий ?? JSON.stringify(v.content).slice(0, 80),
      );
      assert.equal(comments.at(-2), 'Після резервної копії', 'the newer version stays in the history');
      assert.notEqual(comments.at(-1), 'Після резервної копії');
    });

    it('a control character in one field: that object is named unreadable, the rest compared and repaired', async () => {
      const bad = live(SALES)[0]!.uuid;
      const changed = live(SALES)[1]!.uuid;
      const invoice = live(incoming)[0]!.uuid;
      for (const [table, uuid, comment] of [
        [SALES, bad, 'Зламаний \u0001 символ'],
        [SALES, changed, 'Змінено обміном'],
        [incoming, invoice, 'Змінено обміном'],
      ] as const) {
        const o = ib.edit(refOf(table, uuid));
        o.dataExchange.load = true;
        o.fields.Комментарий = comment;
        await ib.write(o);
      }
      await reportThenRepair({ sale: { unreadable: [bad], content: [changed] }, incoming: { content: [invoice] } }, { sale: { unreadable: [bad] } });
      const left = await differencesFromBase();
      assert.equal(left.length, 1, left.join('\n'));
      assert.match(left[0]!, new RegExp(`\\(${bad}\\): Комментарий`));
      // Someone fixes the text in 1C; the module sends it.
      const o = ib.edit(refOf(SALES, bad));
      o.fields.Комментарий = 'Виправлено';
      await post(o);
      await ib.runJob();
      assertReports(await reconcile(), {});
      assert.deepEqual(await differencesFromBase(), []);
    });

    it("clients' contacts are read from their КонтактнаяИнформация rows, and kept from the webhook where the section is not published", async () => {
      const clients = live(ib.clientTable).filter((c) => c.fields.ЭтоГруппа !== true);
      const phones = ib.base.enumeration('ТипыКонтактнойИнформации').value('Телефон');
      const edit = async (uuid: string, phone: string) => {
        const o = ib.edit(refOf(ib.clientTable, uuid));
        o.dataExchange.load = true;
        o.fields.Комментарий = 'Змінено обміном';
        const rows = o.section('КонтактнаяИнформация');
        rows.rows.splice(0);
        rows.add({ Тип: phones, Представление: phone });
        await ib.write(o);
      };
      const [first, second] = [clients[0]!.uuid, clients[1]!.uuid];
      await edit(first, '+380 67 000 00 01');
      await reportThenRepair({ client: { content: [first] } });
      assert.deepEqual(await differencesFromBase(), []);

      // A publication without the section: the phone a webhook last said stays, the rest is repaired.
      served.unpublished.add('Catalog_Контрагенты_КонтактнаяИнформация');
      const said = (await t.get(`/api/v1/clients?source=${sourceId}&limit=500`, auth)).json.items.find((c: { uuid: string }) => c.uuid === second);
      await edit(second, '+380 67 000 00 02');
      await reportThenRepair({ client: { content: [second] } });
      // Only the contacts differ from the base: they are the ones the last webhook said.
      const left = await differencesFromBase();
      assert.ok(
        left.length > 0 &&
          left.every((l) => l.includes(`(${second}): phone is `) || l.includes(`(${second}): email is `) || l.includes(`(${second}): address is `)),
        left.join('\n'),
      );
      assert.ok(
        left.some((l) => l.includes(`phone is ${JSON.stringify(said.phone)}`)),
        left.join('\n'),
      );
      served.unpublished.clear();
      // The repair took 1C's DataVersion, so a later run takes the object as equal (a version is
      // a verdict of equality); the next change in 1C, sent by the module, brings the contacts.
      assertReports(await reconcile(), {});
      const o = ib.edit(refOf(ib.clientTable, second));
      o.fields.Комментарий = 'Змінено знову';
      await post(o);
      await ib.runJob();
      assert.deepEqual(await differencesFromBase(), []);
    });

    it('1C unreachable mid-run: the run ends failed, the unfinished kind reports nothing as gone', async () => {
      // A change is waiting to be found, so a kind compared before the failure shows it.
      const invoice = live(incoming)[1]!.uuid;
      const o = ib.edit(refOf(incoming, invoice));
      o.dataExchange.load = true;
      o.fields.Комментарий = 'Перед обривом';
      await ib.write(o);
      const full = await reconcile();
      assertReports(full, { incoming: { content: [invoice] } });
      // Fail in the middle of the sales' listing: the requests of every kind before it, and a few more.
      const salesAt = full.kinds.findIndex((k) => k.kind === 'sale');
      assert.ok(salesAt > 0, 'a kind is compared before the sales');
      const start = fake.log.length;
      await reconcile();
      const run = fake.log.slice(start);
      const salesFrom = run.findIndex((l) => l.includes('Document_РеализацияТоваровУслуг'));
      const salesRequests = run.filter((l) => l.includes('Document_РеализацияТоваровУслуг')).length;
      assert.ok(salesRequests >= 3, run.join('\n'));
      // 1C goes away at the sales' first request, and at their last one (the listing all but done).
      for (const stop of [0, salesRequests - 1]) {
        fake.options.unreachableAfter = fake.requests + salesFrom + stop;
        const report = await reconcile();
        fake.options.unreachableAfter = undefined;
        assert.equal(report.status, 'failed');
        assert.match(report.error ?? '', /unreachable/);
        const sale = kindReport(report, 'sale');
        assert.equal(sale.complete, false);
        assert.equal(sale.counts.gone, 0, 'an unfinished kind reports nothing as gone');
        assert.equal(sale.inStore > 0 && sale.inOneC < sale.inStore, true, JSON.stringify(sale));
        assert.equal(kindReport(report, 'incoming').counts.content, 1, 'the kinds compared before keep their counts');
        for (const k of report.kinds.filter((x) => x.kind !== 'sale' && x.kind !== 'incoming'))
          assert.equal(k.complete && Object.values(k.counts).every((n) => n === 0), true, k.kind);
      }
      await reconcile(true);
      assertReports(await reconcile(), {});
    });

    it('the server answers in Atom by default: entries of the base with typed properties', async () => {
      const sale = ib.objects(SALES).find((o) => o.sections.Товары!.length > 0)!;
      const query = `$filter=${encodeURIComponent(`Ref_Key eq guid'${sale.uuid}'`)}&$orderby=LineNumber`;
      const res = await fetch(`${url}/${encodeURIComponent('Document_РеализацияТоваровУслуг_Товары')}?${query}`, {
        headers: { authorization: `Basic ${Buffer.from('odata:пароль').toString('base64')}` },
      });
      assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml;type=feed/);
      const text = await res.text();
      assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?><feed [^>]*xmlns:m=/);
      const entries = text.split('<entry>').slice(1);
      assert.equal(entries.length, sale.sections.Товары!.length);
      assert.ok(entries[0]!.includes(`<d:Ref_Key m:type="Edm.Guid">${sale.uuid}</d:Ref_Key><d:LineNumber m:type="Edm.Int64">1</d:LineNumber>`), entries[0]);
      assert.ok(entries[0]!.includes(`<d:Количество m:type="Edm.Double">${String(sale.sections.Товары![0]!.Количество)}</d:Количество>`), entries[0]);
    });
  });
}

const kindReport = (r: ReconcileReport, kind: string) => r.kinds.find((k) => k.kind === kind)!;
