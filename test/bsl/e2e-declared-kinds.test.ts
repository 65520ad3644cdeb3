/**
 * The generated modules, run by the BSL runtime in a simulated base, send the declared kinds in
 * their wire format: a working day of items, contracts, sales, bank receipts and payments, and
 * what the modules POST is captured by a plain HTTP receiver on 127.0.0.1 (the service's receiver
 * of declared kinds is not needed). Each object's last body is compared with the body its
 * declaration says, built here independently from the base's stored state: every attribute with
 * its JSON shape, references as GUID + presentation + type, enumeration values by name, sections'
 * rows in order, deletes with the state the object had when deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { date, num, type OneCValue, writeOneCJson } from '../../src/bsl/one-c-json.js';
import { EnumValue } from '../../src/bsl/runtime/base/enum-value.js';
import type { ObjectRef as ObjectRefType, StoredObject } from '../../src/bsl/runtime/base/object-table.js';
import { ObjectRef } from '../../src/bsl/runtime/base/object-table.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { BslDate, type BslValue, num as bslNum } from '../../src/bsl/runtime/values.js';
import { runDeclaredDay } from '../../src/emulator/declared-day.js';
import { InstalledBase, type InstallStyle } from '../../src/emulator/installed-base.js';
import { declaredBody, enumValue, refValue } from '../../src/emulator/payload-builder.js';
import type { AttributeDefinition, KindDefinition } from '../../src/kinds/kind-definition.js';
import { defineKind } from '../../src/kinds/load-declarations.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

/** One stored value as the wire format writes it, by the attribute's declared type. */
function wire(a: AttributeDefinition, v: BslValue): Json {
  const t = a.type;
  switch (t.type) {
    case 'string':
      return String(v ?? '');
    case 'number':
      return Number(String(v));
    case 'date':
      return (v as BslDate).toIso();
    case 'boolean':
      return v === true;
    case 'ref':
      if (t.targets[0]!.class === 'Перечисление') {
        assert.ok(v instanceof EnumValue, `${a.name} holds an enumeration value`);
        return v.isEmpty() ? null : { Имя: v.name, Представление: v.presentation(), Тип: `Перечисление.${v.enumeration.name}` };
      }
      assert.ok(v instanceof ObjectRef, `${a.name} holds a reference`);
      return v.isEmpty() ? null : { УникальныйИдентификатор: v.uuid, Представление: v.presentation(), Тип: v.table.fullName };
  }
}

/** The object of a body (without НомерСобытия), from the object's stored state. */
function expected(kind: KindDefinition, ref: ObjectRefType, stored: StoredObject): Record<string, Json> {
  const body: Record<string, Json> = { [kind.refField]: ref.presentation() };
  for (const a of kind.attributes) body[a.name] = wire(a, stored.fields[a.source]);
  for (const s of kind.sections) {
    body[s.name] = s.sources.flatMap((source) =>
      (stored.sections[source] ?? []).map((row) => {
        const out: Record<string, Json> = {};
        for (const a of s.attributes) out[a.name] = wire(a, row[a.source]);
        if (s.discriminator) out[s.discriminator] = source;
        return out;
      }),
    );
  }
  body['УникальныйИдентификатор'] = ref.uuid;
  body['ПометкаУдаления'] = stored.fields['ПометкаУдаления'] === true;
  body['ВерсияДанных'] = String(stored.fields['ВерсияДанных']);
  return body;
}

/** The same value for the emulator's builder: 1C's JSON values. */
function oneC(a: AttributeDefinition, v: BslValue): OneCValue {
  const w = wire(a, v);
  if (a.type.type === 'number') return num(String(v));
  if (a.type.type === 'date') return date((v as BslDate).toIso());
  if (w !== null && typeof w === 'object' && !Array.isArray(w)) {
    return v instanceof EnumValue
      ? enumValue(v.name, v.presentation(), v.enumeration.name)
      : refValue(String(w['УникальныйИдентификатор']), String(w['Представление']), String(w['Тип']));
  }
  return w as OneCValue;
}

/** What the emulator's payload builder writes for an object's stored state: 1C's bytes, without line breaks. */
function builderBytes(kind: KindDefinition, ref: ObjectRefType, stored: StoredObject, action: string, eventNumber: string): Buffer {
  const values = Object.fromEntries(kind.attributes.map((a) => [a.name, oneC(a, stored.fields[a.source])]));
  const rows = Object.fromEntries(
    kind.sections.map((s) => [
      s.name,
      s.sources.flatMap((source) =>
        (stored.sections[source] ?? []).map((row) => ({ source, values: Object.fromEntries(s.attributes.map((a) => [a.name, oneC(a, row[a.source])])) })),
      ),
    ]),
  );
  const body = declaredBody(kind, {
    action: action as 'update',
    ref: ref.presentation(),
    values,
    rows,
    uuid: ref.uuid,
    deletionMark: stored.fields['ПометкаУдаления'] === true,
    dataVersion: String(stored.fields['ВерсияДанных']),
    eventNumber,
  });
  return writeOneCJson(body, { newline: '', indent: '' });
}

const VARIANTS: Array<{ style: InstallStyle; platform: string }> = [
  { style: 'extension', platform: '8.3.10.2168' },
  { style: 'direct', platform: '8.3.24.1500' },
];

describe('generated modules send the declared kinds in their wire format (a working day, captured)', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await new WebhookReceiver().start();
  });
  after(async () => {
    await receiver.close();
  });

  for (const [k, v] of VARIANTS.entries()) {
    it(`${v.style} install, platform ${v.platform}`, async () => {
      receiver.requests.length = 0;
      const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
      const ib = await InstalledBase.create({
        bsl: { url: receiver.url, sourceId: 'buh', auth: { kind: 'token', token: 'tok' } },
        style: v.style,
        platformVersion: v.platform,
        clock,
      });
      const deletes = new Map<string, Record<string, Json>>();
      const day = await runDeclaredDay(ib, clock, {
        seed: 300 + k,
        onDelete: (kind, ref) => deletes.set(ref.uuid, expected(kind, ref, ref.table.read(ref.uuid)!)),
      });
      assert.equal(day.left, 0, 'the outbox is empty');
      assert.deepEqual(day.kinds.map((x) => x.kind).sort(), ['bank-payment', 'bank-receipt', 'contract', 'item', 'sale']);
      assert.deepEqual(
        ib.runtime.eventLog.filter((e) => e.level !== 'Информация' && !/записи upsert знято з черги/.test(e.comment)).map((e) => e.comment),
        [],
        'no warnings or errors',
      );

      // Every request went to the endpoint of a kind the modules know, with the kind's body key.
      const endpoints = new Map(ib.kinds.map((x) => [x.webhookPath, x]));
      const last = new Map<string, { action: string; data: Record<string, Json>; raw: Buffer }>();
      for (const r of receiver.requests) {
        const kind = endpoints.get(r.path);
        assert.ok(kind, `${r.path} is a declared kind's endpoint`);
        const body = JSON.parse(r.body.toString('utf8')) as Record<string, Json>;
        assert.deepEqual(Object.keys(body), ['action', kind.payloadKey], r.path);
        const data = body[kind.payloadKey] as Record<string, Json>;
        assert.ok(Number.isSafeInteger(data['НомерСобытия']) && (data['НомерСобытия'] as number) > 0, 'НомерСобытия is a positive integer');
        assert.match(String(data['УникальныйИдентификатор']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        delete data['НомерСобытия'];
        last.set(`${kind.kind}:${data['УникальныйИдентификатор']}`, { action: body['action'] as string, data, raw: r.body });
      }

      for (const kind of day.kinds) {
        const table = ib.tableOfKind(kind);
        const objects = ib.objects(table);
        assert.ok(objects.length >= 2, `${kind.kind}: objects remain`);
        for (const o of objects) {
          const got = last.get(`${kind.kind}:${o.uuid}`);
          assert.ok(got, `${kind.kind} ${o.uuid} was sent`);
          assert.match(got.action, /^(create|update)$/);
          const ref = ib.base.table(table).ref(o.uuid);
          assert.deepEqual(got.data, expected(kind, ref, { fields: o.fields, sections: o.sections }), `${kind.kind} ${ref.presentation()}`);
          // The emulator's builder writes the very bytes the modules sent.
          const eventNumber = /"НомерСобытия":\s*(\d+)/.exec(got.raw.toString('utf8'))![1]!;
          assert.equal(
            builderBytes(kind, ref, { fields: o.fields, sections: o.sections }, got.action, eventNumber).toString('utf8'),
            got.raw.toString('utf8'),
            `${kind.kind} ${ref.presentation()}: the payload builder's bytes`,
          );
        }
        assert.equal(day.deleted[kind.kind]!.length, 1);
        for (const uuid of day.deleted[kind.kind]!) {
          const got = last.get(`${kind.kind}:${uuid}`);
          assert.equal(got?.action, 'delete', `${kind.kind} ${uuid}: the last body is its delete`);
          assert.deepEqual(got.data, deletes.get(uuid));
        }
      }

      // The references between kinds point at the day's own objects, with the types 1C names.
      const uuids = (kind: string) => new Set(ib.objects(ib.tableOfKind(ib.kinds.find((x) => x.kind === kind)!)).map((o) => o.uuid));
      const clients = uuids('client');
      const items = uuids('item');
      const sent = (kind: string) => [...last.entries()].filter(([key, b]) => key.startsWith(`${kind}:`) && b.action !== 'delete').map(([, b]) => b.data);
      const saleRows = sent('sale').flatMap((s) => [...(s['Товары'] as Json[]), ...(s['Услуги'] as Json[])] as Array<Record<string, Json>>);
      assert.ok(saleRows.length > 0);
      for (const sale of sent('sale')) {
        const c = sale['Контрагент'] as { УникальныйИдентификатор: string; Тип: string } | null;
        if (c) assert.ok(clients.has(c.УникальныйИдентификатор) && c.Тип === 'Справочник.Контрагенты');
      }
      for (const row of saleRows) {
        const item = row['Номенклатура'] as { УникальныйИдентификатор: string; Тип: string } | null;
        if (item) assert.ok(items.has(item.УникальныйИдентификатор) && item.Тип === 'Справочник.Номенклатура');
        assert.equal(typeof row['Количество'], 'number');
        assert.match((row['СтавкаНДС'] as { Тип: string }).Тип, /^Перечисление\.СтавкиНДС$/);
      }
      for (const contract of sent('contract')) {
        const owner = contract['Владелец'] as { УникальныйИдентификатор: string } | null;
        if (owner) assert.ok(clients.has(owner.УникальныйИдентификатор));
      }
      // A bank document's contract is one of its counterparty's.
      for (const payment of [...sent('bank-receipt'), ...sent('bank-payment')]) {
        const contract = payment['ДоговорКонтрагента'] as { УникальныйИдентификатор: string } | null;
        if (!contract || !payment['Контрагент']) continue;
        const owner = sent('contract').find((c) => c['УникальныйИдентификатор'] === contract.УникальныйИдентификатор)?.['Владелец'] as {
          УникальныйИдентификатор: string;
        };
        assert.equal(owner?.УникальныйИдентификатор, (payment['Контрагент'] as { УникальныйИдентификатор: string }).УникальныйИдентификатор);
      }
      // Dates are local ISO text; an empty optional reference is null.
      const someSale = sent('sale')[0]!;
      assert.match(String(someSale['Дата']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      assert.ok(
        [...last.values()].some((b) => Object.values(b.data).includes(null)),
        'an empty reference was sent as null',
      );
      assert.ok(BslDate.EMPTY.toIso() === '0001-01-01T00:00:00');
    });
  }

  it('a delete whose full body cannot be built: the minimal body names the object by its reference and required attributes', async () => {
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
    const ib = await InstalledBase.create({ bsl: { url: receiver.url, sourceId: 'buh', auth: { kind: 'none' } }, style: 'extension', clock });
    for (const kind of ib.kinds.filter((k) => k.store === 'objects')) {
      const o = ib.create(ib.tableOfKind(kind));
      o.setProperty(kind.metaClass === 'Документ' ? 'Дата' : 'Наименование', kind.metaClass === 'Документ' ? BslDate.of(2024, 3, 12, 9, 15) : 'Об’єкт');
      const ref = await ib.write(o);
      await ib.setDeletionMark(ref, true);
      const text = String(await ib.common.call('МинимальноеТелоУдаления', [kind.bslKind, ref, bslNum(42)]));
      const required = kind.attributes.filter((a) => a.required);
      const stored = ref.table.read(ref.uuid)!;
      assert.deepEqual(JSON.parse(text), {
        action: 'delete',
        [kind.payloadKey]: {
          [kind.refField]: ref.presentation(),
          ...Object.fromEntries(required.map((a) => [a.name, wire(a, stored.fields[a.source])])),
          УникальныйИдентификатор: ref.uuid,
          ПометкаУдаления: true,
          НомерСобытия: 42,
        },
      });
    }
    await assert.rejects(ib.common.call('МинимальноеТелоУдаления', ['nosuch', ib.base.table(ib.clientTable).emptyRef, bslNum(1)]), /nosuch/);
  });

  it("a customer's kind with a composite reference: the value's own type is sent", async () => {
    receiver.requests.length = 0;
    const workOrder = defineKind(
      'work-order.json',
      {
        kind: 'work-order',
        object: 'Документ.ЗаказНаряд',
        label: { uk: 'Заказ-наряди', en: 'Work orders' },
        attributes: [
          { name: 'Номер', type: 'Строка(11)', required: true },
          { name: 'Клиент', source: 'Заказчик', type: 'СправочникСсылка.Контрагенты | СправочникСсылка.ФизическиеЛица' },
        ],
      },
      { shipped: false },
    );
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
    const ib = await InstalledBase.create({
      bsl: { url: receiver.url, sourceId: 'buh', auth: { kind: 'none' }, kinds: [workOrder] },
      style: 'extension',
      clock,
    });
    const person = ib.create('Справочник.ФизическиеЛица');
    person.setProperty('Наименование', 'Петренко Олена');
    const personRef = await ib.write(person);
    const orders: string[] = [];
    for (const customer of [personRef, undefined]) {
      const o = ib.create('Документ.ЗаказНаряд');
      if (customer) o.setProperty('Заказчик', customer);
      orders.push((await ib.write(o)).uuid);
    }
    await ib.runJob();
    assert.equal(ib.queue().length, 0);
    // The job sends one object after another in no promised order: compare by object.
    const sent = new Map(receiver.requests.map((r) => JSON.parse(r.body.toString('utf8')).data).map((d) => [d['УникальныйИдентификатор'], d['Клиент']]));
    assert.deepEqual(sent.get(orders[0]), { УникальныйИдентификатор: personRef.uuid, Представление: 'Петренко Олена', Тип: 'Справочник.ФизическиеЛица' });
    assert.equal(sent.get(orders[1]), null);
    assert.deepEqual(
      receiver.requests.map((r) => r.path),
      ['/api/webhook/1c/work-order', '/api/webhook/1c/work-order'],
    );
  });

  it('the initial upload queues a declared kind: catalogs whole (not their groups), documents by period', async () => {
    const clock = new ManualClock(Date.UTC(2024, 2, 12, 6, 30), 120);
    const ib = await InstalledBase.create({ bsl: { url: receiver.url, sourceId: 'buh', auth: { kind: 'none' } }, style: 'extension', clock });
    // Loaded by an exchange: nothing queued until the upload.
    const load = async (table: string, fields: Record<string, BslValue>, folder = false) => {
      const o = ib.create(table, folder);
      o.dataExchange.load = true;
      for (const [k, v] of Object.entries(fields)) o.setProperty(k, v);
      return ib.write(o);
    };
    await load('Справочник.Номенклатура', { Наименование: 'Папір' });
    await load('Справочник.Номенклатура', { Наименование: 'Кава' });
    await load('Справочник.Номенклатура', { Наименование: 'Канцтовари' }, true);
    for (const day of [10, 11, 12]) await load('Документ.РеализацияТоваровУслуг', { Дата: BslDate.of(2024, 3, day, 10) });
    assert.equal(ib.queue().length, 0);
    assert.equal(await ib.backfill('item'), 2);
    assert.equal(await ib.backfill('sale', BslDate.of(2024, 3, 11), BslDate.of(2024, 3, 12)), 2);
    assert.deepEqual(
      ib.queue().map((r) => r['Вид']),
      ['item', 'item', 'sale', 'sale'],
    );
    await assert.rejects(ib.backfill('nosuch'), /nosuch/);
  });
});
