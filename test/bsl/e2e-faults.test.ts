import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ObjectRef } from '../../src/bsl/runtime/base/object-table.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { BslDate, num } from '../../src/bsl/runtime/values.js';
import { compareWithService } from '../../src/emulator/compare-with-service.js';
import { InstalledBase } from '../../src/emulator/installed-base.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/test-service.js';

/**
 * Faults, by execution: the generated modules run in the BSL runtime and meet a receiver that
 * is down, answers 500/429/400, or hangs. A stub receiver scripts the answers (and can pass a
 * request on to the real service); the real service behind a TCP proxy plays the outage, on
 * each database.
 */

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}
type Answer = 'forward' | 'hang' | { status: number; headers?: Record<string, string>; body?: string };

class StubReceiver {
  readonly received: Received[] = [];
  answer: (r: Received, index: number) => Answer = () => ({ status: 200, body: '{"result":"created"}' });
  private server: http.Server | undefined;
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(
    private readonly clock: ManualClock,
    private readonly target?: string,
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const r: Received = { path: req.url ?? '', headers: req.headers, body: JSON.parse(raw.toString('utf8')), at: this.clock.nowUtcMs() };
        this.received.push(r);
        const a = this.answer(r, this.received.length - 1);
        if (a === 'hang') {
          this.hanging.add(res);
          return;
        }
        if (a === 'forward') {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
          const upstream = await fetch(this.target + r.path, { method: 'POST', headers, body: raw });
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await upstream.arrayBuffer()));
          return;
        }
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body ?? '{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const uuidOf = (r: Received): string => (r.body.clientData ?? r.body.invoiceData).УникальныйИдентификатор;

async function installed(url: string, clock: ManualClock, extra: { sourceId?: string; token?: string; timeoutSeconds?: number } = {}) {
  return InstalledBase.create({
    bsl: { url, sourceId: extra.sourceId ?? 'stub-source', auth: { kind: 'token', token: extra.token ?? 'stub-token' }, timeoutSeconds: extra.timeoutSeconds },
    style: 'extension',
    platformVersion: '8.3.24.1500',
    clock,
  });
}

async function newClient(ib: InstalledBase, name: string): Promise<ObjectRef> {
  const o = ib.create(ib.clientTable);
  o.setProperty('Наименование', name);
  return ib.write(o);
}

async function newReceipt(ib: InstalledBase, client: ObjectRef, quantity: number): Promise<ObjectRef> {
  const o = ib.create(ib.tableOf('receipt'));
  o.setProperty('Дата', BslDate.of(2024, 3, 12, 10, 0));
  o.setProperty('Контрагент', client);
  o.section('Товары').add({ Количество: num(quantity), Цена: num('12.50'), Сумма: num(quantity).times('12.50') });
  return ib.write(o, 'post');
}

async function editComment(ib: InstalledBase, ref: ObjectRef, comment: string, mode: 'write' | 'post' = 'write'): Promise<void> {
  const o = ib.edit(ref);
  o.setProperty('Комментарий', comment);
  await ib.write(o, mode);
}

const attempts = (ib: InstalledBase) => ib.queue().reduce((s, r) => s + Number(String(r['Попыток'])), 0);

describe('generated modules in the runtime: faults', () => {
  const clock = new ManualClock(Date.UTC(2024, 2, 12, 7, 0), 120);
  let stub: StubReceiver;
  let url: string;
  before(async () => {
    stub = new StubReceiver(clock);
    url = await stub.start();
  });
  after(async () => {
    await stub.close();
  });

  it('500: retried after 60 s, then 120 s, as the module promises; one request per run (circuit breaker)', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    await newClient(ib, 'А');
    await newClient(ib, 'Б');
    await newClient(ib, 'В');
    const t0 = clock.nowUtcMs();
    stub.answer = (_r, i) => (i < 2 ? { status: 500, body: '{"error":{"code":"INTERNAL"}}' } : { status: 200, body: '{"result":"created"}' });
    await ib.runJob();
    assert.equal(stub.received.length, 1, 'the first 5xx stops the run: the other two clients wait');
    assert.equal(attempts(ib), 1);
    clock.advance(59_000);
    await ib.runJob();
    // The failed record waits its 60 s; the next object is tried and also meets a 500.
    assert.equal(stub.received.length, 2);
    assert.notEqual(uuidOf(stub.received[1]!), uuidOf(stub.received[0]!));
    clock.advance(2_000);
    await ib.runJob();
    assert.deepEqual(
      stub.received.map((r) => (r.at - t0) / 1000),
      [0, 59, 61, 61],
    );
    assert.equal(uuidOf(stub.received[2]!), uuidOf(stub.received[0]!), 'the first client again, once its 60 s passed');
    // The second client's retry is due at 59 + 60 = 119 s.
    clock.advance(57_000);
    await ib.runJob();
    assert.equal(stub.received.length, 4);
    clock.advance(2_000);
    await ib.runJob();
    assert.equal(stub.received.length, 5);
    assert.equal(ib.queue().length, 0);
    const warnings = ib.runtime.eventLog.filter((e) => e.level === 'Предупреждение').map((e) => e.comment);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /^Повтор №1 через 60 с: .*HTTP 500/);
  });

  it('growing delays without Retry-After: 60, 120, 240 s; 429 with Retry-After: 7 waits 7 s', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    await newClient(ib, 'Г');
    const t0 = clock.nowUtcMs();
    stub.answer = () => ({ status: 503 });
    for (const step of [0, 59, 2, 119, 2, 239, 2]) {
      clock.advance(step * 1000);
      await ib.runJob();
    }
    assert.deepEqual(
      stub.received.map((r) => (r.at - t0) / 1000),
      [0, 61, 182, 423],
    );
    assert.equal(String(ib.queue()[0]!['Попыток']), '4');

    stub.received.length = 0;
    const ib2 = await installed(url, clock);
    await newClient(ib2, 'Д');
    const t1 = clock.nowUtcMs();
    stub.answer = (_r, i) =>
      i === 0 ? { status: 429, headers: { 'Retry-After': '7' }, body: '{"error":{"code":"RATE_LIMITED"}}' } : { status: 200, body: '{"result":"created"}' };
    await ib2.runJob();
    clock.advance(6_000);
    await ib2.runJob();
    clock.advance(2_000);
    await ib2.runJob();
    assert.deepEqual(
      stub.received.map((r) => (r.at - t1) / 1000),
      [0, 8],
    );
    assert.equal(ib2.queue().length, 0);
  });

  it("400: parked and visible; the object's later changes wait behind it while others go; ПовторитьОтложенные sends them in order", async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    const a = await newClient(ib, 'Е');
    let refuseA = true;
    stub.answer = (r) =>
      refuseA && uuidOf(r) === a.uuid
        ? { status: 400, body: '{"error":{"code":"VALIDATION_FAILED","message":"ЄДРПОУ"}}' }
        : { status: 200, body: '{"result":"created"}' };
    await ib.runJob();
    const parked = ib.queue();
    assert.equal(parked.length, 1);
    assert.equal(parked[0]!['Состояние'], 'parked');
    assert.match(String(parked[0]!['ПоследняяОшибка']), /^HTTP 400: .*VALIDATION_FAILED/);
    assert.ok(ib.runtime.eventLog.some((e) => e.level === 'Ошибка' && /припарковано/.test(e.comment)));

    await editComment(ib, a, 'виправлено');
    const b = await newClient(ib, 'Є');
    clock.advance(60_000);
    await ib.runJob();
    assert.deepEqual(stub.received.map(uuidOf), [a.uuid, b.uuid], 'Б went; nothing of А overtook its parked record');
    assert.equal(ib.queue().length, 2);

    refuseA = false;
    assert.equal(await ib.retryParked(), 1);
    await ib.runJob();
    assert.equal(ib.queue().length, 0);
    const last = stub.received.at(-1)!;
    assert.equal(uuidOf(last), a.uuid);
    assert.equal(stub.received.length, 3, 'the parked upsert and the later one went as one request');
    assert.equal(last.body.action, 'create', "still a create: the parked record was the object's first");
    assert.equal(last.body.clientData.Комментарий, 'виправлено', 'with the current state');
  });

  it('a rolled-back document write queues nothing, and the event number it took is rolled back too', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    const client = await newClient(ib, 'Ж');
    await ib.runJob();
    stub.received.length = 0;
    const numbersBefore = ib.base.register(ib.names.numbersRegister).all().length;
    // A transaction around the write that the caller rolls back (a failing posting, say).
    ib.base.tx.begin();
    await newReceipt(ib, client, 3);
    assert.equal(ib.queue().length, 1, 'queued inside the transaction');
    ib.base.tx.rollback();
    assert.equal(ib.queue().length, 0);
    assert.equal(ib.base.register(ib.names.numbersRegister).all().length, numbersBefore);
    assert.equal(ib.objects(ib.tableOf('receipt')).length, 0);
    // A handler of the vendor's that refuses the write (Отказ) after ours queued: the same.
    const vendorRefuses = `Процедура ПередЗаписью(Отказ, РежимЗаписи, РежимПроведения)
КонецПроцедуры
Процедура ПриЗаписи(Отказ)
	Отказ = Комментарий = "заборонено";
КонецПроцедуры
Процедура ПередУдалением(Отказ)
КонецПроцедуры`;
    const extension = (await import('../../src/bsl/generator/index.js'))
      .generateBsl({ url, sourceId: 'stub-source', auth: { kind: 'token', token: 'stub-token' } })
      .find((f) => f.path === `extension/${ib.tableOf('receipt')}.МодульОбъекта.bsl`)!.content;
    // &Перед("ПриЗаписи") variant of the generated handler: it queues before the vendor refuses.
    ib.base.setObjectModule(ib.tableOf('receipt'), { main: vendorRefuses, extensions: [extension.replace('&После("ПриЗаписи")', '&Перед("ПриЗаписи")')] });
    const o = ib.create(ib.tableOf('receipt'));
    o.setProperty('Контрагент', client);
    o.setProperty('Комментарий', 'заборонено');
    await assert.rejects(ib.write(o), /Не удалось записать/);
    assert.equal(ib.queue().length, 0);
    await ib.runJob();
    assert.equal(stub.received.length, 0, 'nothing was sent');
  });

  it('changes loaded by a data exchange (ОбменДанными.Загрузка) are not queued, nor are deletions made that way', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    const loaded = ib.create(ib.clientTable);
    loaded.dataExchange.load = true;
    loaded.setProperty('Наименование', 'З обміну');
    await ib.write(loaded);
    const kept = await newClient(ib, 'Звичайний');
    assert.equal(ib.queue().length, 1);
    await ib.runJob();
    assert.deepEqual(stub.received.map(uuidOf), [kept.uuid]);
    const removed = ib.edit(kept);
    removed.dataExchange.load = true;
    await removed.delete(ib.base.context());
    assert.equal(ib.queue().length, 0, 'the guide says so: such deletions are not sent');
  });

  it('the initial upload (ЗапланироватьВыгрузку) queues what the base already holds, by period, and the job sends it', async () => {
    stub.received.length = 0;
    stub.answer = () => ({ status: 200, body: '{"result":"created"}' });
    const ib = await installed(url, clock);
    // A base that existed before the modules: its objects came in by exchange, nothing queued.
    const load = async (table: string, fill: (o: ReturnType<InstalledBase['create']>) => void) => {
      const o = ib.create(table);
      o.dataExchange.load = true;
      fill(o);
      return ib.write(o);
    };
    const client = await load(ib.clientTable, (o) => o.setProperty('Наименование', 'Старий клієнт'));
    await load(ib.clientTable, (o) => o.setProperty('Наименование', 'Другий клієнт'));
    const group = ib.create(ib.clientTable, true);
    group.dataExchange.load = true;
    group.setProperty('Наименование', 'Група');
    await ib.write(group);
    const dates = [BslDate.of(2023, 12, 31, 23, 0), BslDate.of(2024, 1, 1, 0, 0), BslDate.of(2024, 1, 31, 18, 45), BslDate.of(2024, 2, 1, 0, 0)];
    for (const date of dates) {
      await load(ib.tableOf('receipt'), (o) => {
        o.setProperty('Дата', date);
        o.setProperty('Контрагент', client);
      });
    }
    assert.equal(ib.queue().length, 0);
    assert.equal(await ib.backfill('receipt', BslDate.of(2024, 1, 1), BslDate.of(2024, 1, 31)), 2, 'January only, the end day whole');
    assert.equal(await ib.backfill('client'), 2, 'the group is not a counterparty');
    await ib.runJob();
    assert.equal(ib.queue().length, 0);
    // "update", not "create": the receiver may hold them already (a repeated upload is safe).
    assert.deepEqual(
      stub.received.map((r) => r.body.action),
      ['update', 'update', 'update', 'update'],
    );
    assert.deepEqual(
      stub.received
        .filter((r) => r.body.invoiceData)
        .map((r) => r.body.invoiceData.ДатаДокумента)
        .sort(),
      ['2024-01-01T00:00:00', '2024-01-31T18:45:00'],
    );
  });

  it('a run that meets a hanging receiver stops at the timeout and leaves the rest for the next run', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock, { timeoutSeconds: 1 });
    for (const name of ['З', 'И', 'І']) await newClient(ib, name);
    stub.answer = () => 'hang';
    const started = Date.now();
    await ib.runJob();
    assert.ok(Date.now() - started < 10_000, 'the run ended at the 1 s timeout, not hours later');
    assert.equal(stub.received.length, 1, 'one hanging request, then the circuit breaker');
    assert.equal(ib.queue().length, 3);
    assert.match(String(ib.queue().find((r) => Number(String(r['Попыток'])) === 1)!['ПоследняяОшибка']), /^Немає зв'язку/);
  });

  it('a slow receiver: the run stops at its 50 s budget (controlled clock) and the next run goes on', async () => {
    stub.received.length = 0;
    const ib = await installed(url, clock);
    for (const name of ['Й', 'К', 'Л', 'М', 'Н']) await newClient(ib, name);
    // Each answer takes 20 s of the base's clock.
    stub.answer = () => {
      clock.advance(20_000);
      return { status: 200, body: '{"result":"created"}' };
    };
    await ib.runJob();
    assert.equal(stub.received.length, 3, 'sent at 0, 20 and 40 s; at 60 s the budget is spent');
    assert.equal(ib.queue().length, 2);
    assert.ok(ib.runtime.eventLog.some((e) => /запуск зупинено: вичерпано 50 с/.test(e.comment)));
    await ib.runJob();
    assert.equal(ib.queue().length, 0);
  });
});

for (const dialect of selectedDialects()) {
  describe(`generated modules in the runtime: faults against the real service (${dialect})`, async () => {
    const skip = await skipReason(dialect);
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 7, 0), 120);
    let t: TestService;
    let proxy: TcpProxy;
    let source: { sourceId: string; token: string };
    before(async () => {
      if (skip) return;
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock.nowUtcMs()) });
      const port = Number(new URL(t.baseUrl).port);
      proxy = new TcpProxy('127.0.0.1', port);
      await proxy.start();
      const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'збої' }), {
        'content-type': 'application/json',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      });
      source = created.json;
    });
    after(async () => {
      await proxy?.stop();
      await t?.close();
    });

    it('the service down for several runs (connection refused), then back: every change arrives, in order, none twice as a new version', { skip }, async () => {
      const ib = await installed(`http://127.0.0.1:${proxy.port}`, clock, source);
      const a = await newClient(ib, 'ТОВ "Відмова"');
      const r = await newReceipt(ib, a, 2);
      await ib.runJob();
      assert.equal(ib.queue().length, 0);

      await proxy.stop();
      await editComment(ib, a, 'перша правка');
      await editComment(ib, r, 'перша правка', 'post');
      for (let run = 0; run < 3; run++) {
        const before = attempts(ib);
        await ib.runJob();
        assert.equal(attempts(ib), before + 1, `run ${run + 1}: one attempt, then the circuit breaker`);
        await editComment(ib, r, `правка ${run + 2}`);
        clock.advance(300_000);
      }
      const b = await newClient(ib, 'ТОВ "Після збою"');
      await ib.setDeletionMark(r, true);
      assert.ok(ib.runtime.eventLog.some((e) => /Немає зв'язку/.test(e.comment)));

      await proxy.start();
      for (let run = 0; run < 10 && ib.queue().length > 0; run++) {
        await ib.runJob();
        clock.advance(600_000);
      }
      assert.equal(ib.queue().length, 0);
      assert.deepEqual(await compareWithService(ib, async (p) => (await t.get(p)).json, source.sourceId, { client: [], receipt: [], invoice: [] }), []);

      // Versions: created, then one version per distinct state that went out — no repeats.
      const clientVersions = await versionsOf('clients', a.uuid);
      assert.equal(clientVersions.length, 2);
      const receiptVersions = await versionsOf('invoices', r.uuid);
      assert.equal(receiptVersions.length, 2, "the outage's edits and the deletion mark arrive as one current state");
      for (const list of [clientVersions, receiptVersions]) {
        for (let k = 1; k < list.length; k++) assert.notEqual(list[k].contentHash, list[k - 1].contentHash);
        assert.deepEqual(
          list.map((v: { version: number }) => v.version),
          list.map((_: unknown, k: number) => k + 1),
        );
      }
      assert.ok((await versionsOf('clients', b.uuid)).length === 1);
    });

    it('a record held back while its object is deleted: the delete arrives', { skip }, async () => {
      const stub = new StubReceiver(clock, t.baseUrl);
      const stubUrl = await stub.start();
      try {
        const ib = await installed(stubUrl, clock, source);
        const client = await newClient(ib, 'ТОВ "Видалення"');
        const r = await newReceipt(ib, client, 5);
        stub.answer = () => 'forward';
        await ib.runJob();
        assert.equal(ib.queue().length, 0);
        // An edit meets a 503 and waits for its retry; meanwhile the document is deleted.
        await editComment(ib, r, 'перед видаленням');
        stub.answer = (_x, i) => (i === 2 ? { status: 503 } : 'forward');
        await ib.runJob();
        assert.equal(ib.queue().length, 1);
        await ib.delete(r);
        clock.advance(61_000);
        await ib.runJob();
        assert.equal(ib.queue().length, 0);
        assert.equal(stub.received.at(-1)!.body.action, 'delete');
        const deleted = await compareWithService(ib, async (p) => (await t.get(p)).json, source.sourceId, { client: [], receipt: [r.uuid], invoice: [] });
        assert.deepEqual(
          deleted.filter((p) => p.includes(r.uuid)),
          [],
        );
      } finally {
        await stub.close();
      }
    });

    async function versionsOf(kind: 'clients' | 'invoices', uuid: string) {
      const list = (await t.get(`/api/v1/${kind}?source=${source.sourceId}&deleted=false&limit=500`)).json.items.concat(
        (await t.get(`/api/v1/${kind}?source=${source.sourceId}&deleted=true&limit=500`)).json.items,
      );
      const found = list.find((o: { uuid: string }) => o.uuid === uuid);
      assert.ok(found, `${uuid} is in the service`);
      return (await t.get(`/api/v1/${kind}/${found.id}/versions`)).json.items;
    }
  });
}
