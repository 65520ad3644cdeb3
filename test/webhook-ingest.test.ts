import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { num, writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody, type InvoiceSpec, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../src/emulator/payload-builder.js';
import { findEventBody } from '../src/storage/repositories/events-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const INVOICES = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const CLIENTS = webhookPath('client');

function receipt(overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  const positions = overrides.positions ?? makePositions(3, 7);
  return {
    number: 'ПТ-000123',
    date: '2024-01-15T10:30:00',
    counterparty: 'ТОВ «Ромашка»',
    edrpou: '32855961',
    total: totalOf(positions),
    comment: 'Прихід від "Ромашки"',
    positions,
    ...overrides,
  };
}

/** The seed's exact bytes: BOM, CR LF, tab indentation. */
const seedBytes = (body: Parameters<typeof writeOneCJson>[0]) => writeOneCJson(body, { bom: true });

for (const dialect of selectedDialects()) {
  describe(`webhook ingest on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_BODY_LIMIT: String(64 * 1024) });
    });
    after(() => t?.close());

    it('accepts the classic module bytes (BOM, CRLF, tabs, Cyrillic, local dates) and stores exact decimals', async () => {
      const spec = receipt();
      const bytes = seedBytes(incomingInvoiceBody(spec));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const res = await t.post(INVOICES, bytes);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.status, 'ok');
      assert.equal(res.json.result, 'created');
      assert.ok(res.json.id && res.json.eventId);

      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.kind, 'incoming');
      assert.equal(inv.number, 'ПТ-000123');
      assert.equal(inv.localDate, '2024-01-15T10:30:00');
      assert.equal(inv.date, '2024-01-15T10:30:00+02:00', 'Europe/Kyiv is UTC+2 in January');
      assert.equal(inv.counterparty.name, 'ТОВ «Ромашка»');
      assert.equal(inv.counterparty.edrpou, '32855961');
      assert.equal(inv.total, spec.total);
      assert.equal(inv.currency, 'UAH');
      assert.equal(inv.currencyCode, '980');
      assert.equal(inv.posted, true);
      assert.equal(inv.comment, 'Прихід від "Ромашки"');
      assert.deepEqual(inv.warnings, []);
      assert.equal(inv.positions.length, 3);
      spec.positions.forEach((p, i) => {
        assert.equal(inv.positions[i].quantity, p.quantity);
        assert.equal(inv.positions[i].price, p.price);
        assert.equal(inv.positions[i].amount, p.amount);
        assert.equal(inv.positions[i].name, p.name);
        assert.equal(inv.positions[i].line, i + 1);
      });

      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.status, 'applied');
      assert.equal(event.result, 'created');
      assert.equal(Buffer.from(event.bodyBase64, 'base64').compare(bytes), 0, 'the raw bytes are kept exactly, BOM included');
      assert.equal(event.bodyHasBom, true);
      assert.equal(event.headers['user-agent'], '1C-Enterprise/8.3');
    });

    it('answers unchanged for identical content and keeps one version; "update" and "create" both upsert', async () => {
      const spec = receipt({ number: 'ПТ-000200' });
      const first = await t.post(INVOICES, seedBytes(incomingInvoiceBody({ ...spec, action: 'update' })));
      assert.equal(first.json.result, 'created', 'the seed sends "update" for new documents: still created');
      // Re-posting: same content, different layout and no BOM.
      const again = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, action: 'create' }), { bom: false, newline: '\n', indent: '  ' }));
      assert.equal(again.json.result, 'unchanged');
      assert.equal(again.json.id, first.json.id);
      const versions = (await t.get(`/api/v1/invoices/${first.json.id}/versions`)).json.items;
      assert.equal(versions.length, 1);
    });

    it('journals an identical re-post without a second copy of its bytes, and still shows them', async () => {
      const spec = receipt({ number: 'ПТ-000210' });
      const bytes = seedBytes(incomingInvoiceBody(spec));
      const first = await t.post(INVOICES, bytes);
      const again = await t.post(INVOICES, bytes);
      assert.equal(again.json.result, 'unchanged');
      const row = await t.service.storage.db
        .selectFrom('events')
        .select(['body', 'body_event_id'])
        .where('id', '=', again.json.eventId)
        .executeTakeFirstOrThrow();
      assert.equal(row.body, null);
      assert.equal(row.body_event_id, first.json.eventId);
      const event = (await t.get(`/api/v1/events/${again.json.eventId}`)).json;
      assert.equal(Buffer.from(event.bodyBase64, 'base64').compare(bytes), 0, 'the journal still shows the exact bytes');
      assert.equal(event.bodySize, bytes.length);
      // Showing a document reads its bytes in one statement, following the pointer.
      const shared = await findEventBody(t.service.storage.db, again.json.eventId);
      assert.equal(shared?.endpoint, 'invoices');
      assert.equal(Buffer.from(shared!.body!).compare(bytes), 0);
      assert.equal(await findEventBody(t.service.storage.db, 'no-such-event'), undefined);
      const invoice = (await t.get(`/api/v1/invoices/${first.json.id}`)).json;
      assert.deepEqual(
        invoice.positions.map((p: { name: string }) => p.name),
        spec.positions.map((p) => p.name),
      );
    });

    it('keeps history: a changed document is a new version with what changed', async () => {
      const spec = receipt({ number: 'ПТ-000300' });
      const created = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      const positions = spec.positions.map((p, i) => (i === 1 ? { ...p, quantity: '3', amount: (Number(p.price) * 3).toFixed(2) } : p));
      const changed = { ...spec, positions, total: totalOf(positions) };
      const updated = await t.post(INVOICES, seedBytes(incomingInvoiceBody(changed)));
      assert.equal(updated.json.result, 'updated');
      assert.equal(updated.json.id, created.json.id);
      const inv = (await t.get(`/api/v1/invoices/${created.json.id}`)).json;
      assert.equal(inv.version, 2);
      assert.equal(inv.total, changed.total);
      const versions = (await t.get(`/api/v1/invoices/${created.json.id}/versions`)).json.items;
      assert.deepEqual(
        versions.map((v: any) => v.version),
        [1, 2],
      );
      const fields = versions[1].changes.map((c: any) => c.field);
      assert.ok(fields.includes('positions[1].quantity'), fields.join());
      assert.ok(fields.includes('total'));
      assert.equal(versions[0].content.positions[1].quantity, spec.positions[1]!.quantity);
    });

    it('marks a deleted document deleted, hides it from lists, and a later change brings it back', async () => {
      const spec = receipt({ number: 'ПТ-000400' });
      const created = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      const deleted = await t.post(INVOICES, seedBytes(incomingInvoiceBody({ ...spec, action: 'delete' })));
      assert.equal(deleted.json.result, 'deleted');
      assert.equal((await t.post(INVOICES, seedBytes(incomingInvoiceBody({ ...spec, action: 'delete' })))).json.result, 'unchanged');
      assert.equal((await t.get(`/api/v1/invoices/${created.json.id}`)).json.deleted, true);
      const visible = (await t.get('/api/v1/invoices?number=ПТ-000400')).json.items;
      assert.equal(visible.length, 0);
      const withDeleted = (await t.get(`/api/v1/invoices?number=${encodeURIComponent('ПТ-000400')}&deleted=true`)).json.items;
      assert.equal(withDeleted.length, 1);
      const back = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      assert.equal(back.json.result, 'updated');
      const inv = (await t.get(`/api/v1/invoices/${created.json.id}`)).json;
      assert.equal(inv.deleted, false);
      assert.equal(inv.version, 3);
    });

    it('stores outgoing invoices with the empty payment date as null, client code and tax id', async () => {
      const positions = makePositions(2, 3);
      const spec: InvoiceSpec = {
        number: 'РФ-000017',
        date: '2024-07-01T09:00:00',
        counterparty: 'ФОП Петренко',
        edrpou: '',
        total: totalOf(positions),
        positions,
        paymentDue: null,
        clientCode: '000000042',
        clientTaxId: '1759013776',
      };
      const res = await t.post(OUTGOING, seedBytes(outgoingInvoiceBody(spec)));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.kind, 'outgoing');
      assert.equal(inv.paymentDue, null);
      assert.equal(inv.date, '2024-07-01T09:00:00+03:00', 'summer time in Kyiv');
      assert.deepEqual(inv.counterparty, { name: 'ФОП Петренко', edrpou: null, code: '000000042', taxId: '1759013776' });
      const due = await t.post(OUTGOING, seedBytes(outgoingInvoiceBody({ ...spec, paymentDue: '2024-07-10T00:00:00' })));
      assert.equal(due.json.result, 'updated');
      assert.equal((await t.get(`/api/v1/invoices/${res.json.id}`)).json.paymentDue, '2024-07-10T00:00:00+03:00');
      const number = encodeURIComponent('РФ-000017');
      assert.deepEqual(
        (await t.get(`/api/v1/invoices?kind=outgoing&number=${number}`)).json.items.map((i: any) => [i.id, i.kind]),
        [[res.json.id, 'outgoing']],
      );
      assert.deepEqual((await t.get(`/api/v1/invoices?kind=incoming&number=${number}`)).json.items, [], 'the kind filter excludes it');
    });

    it('refuses an impossible ДатаДокумента with 400 naming the field, on both invoice endpoints', async () => {
      const impossible = [
        '2024-02-30T10:00:00',
        '2023-02-29T00:00:00',
        '2024-04-31T12:00:00',
        '2024-13-01T00:00:00',
        '2024-01-15T24:00:00',
        '2024-01-15T10:60:00',
        '2024-01-15T10:30:61',
        '2024-00-10',
      ];
      for (const date of impossible) {
        for (const [endpoint, body] of [
          [INVOICES, incomingInvoiceBody(receipt({ number: `DT-${date}`, date }))],
          [OUTGOING, outgoingInvoiceBody({ ...receipt({ number: `DT-${date}`, date }), paymentDue: null })],
        ] as const) {
          const bytes = seedBytes(body);
          const res = await t.post(endpoint, bytes);
          assert.equal(res.status, 400, `${endpoint} ${date}: ${JSON.stringify(res.json)}`);
          assert.deepEqual(res.json.error, {
            code: 'INVALID_PAYLOAD',
            message: `invoiceData.ДатаДокумента: impossible date "${date}"`,
            path: 'invoiceData.ДатаДокумента',
            retry: false,
            requestId: res.headers.get('x-request-id'),
          });
          const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
          assert.equal(event.status, 'rejected');
          assert.equal(Buffer.from(event.bodyBase64, 'base64').compare(bytes), 0, 'the refused bytes are journaled for a replay');
        }
      }
      assert.deepEqual((await t.get(`/api/v1/invoices?number=${encodeURIComponent('DT-2024-02-30T10:00:00')}`)).json.items, [], 'nothing stored');
      // The real leap day and the last second of a day are dates.
      for (const date of ['2024-02-29T10:00:00', '2024-12-31T23:59:59']) {
        const ok = await t.post(INVOICES, seedBytes(incomingInvoiceBody(receipt({ number: `DT-OK-${date}`, date }))));
        assert.equal(ok.status, 200, JSON.stringify(ok.json));
        assert.equal((await t.get(`/api/v1/invoices/${ok.json.id}`)).json.localDate, date);
      }
    });

    it('still shows an invoice whose stored body has an impossible ДатаДокумента (accepted before such dates were refused)', async () => {
      const spec = receipt({ number: 'ПТ-OLD-DATE' });
      const res = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      assert.equal(res.status, 200);
      // The journal as an earlier version left it: the body with the impossible date, the invoice with none.
      const old = Buffer.from(seedBytes(incomingInvoiceBody(spec)).toString('utf8').replace('"2024-01-15T10:30:00"', '"2024-02-30T10:30:00"'));
      await t.service.storage.db.updateTable('events').set({ body: old, body_encoding: null }).where('id', '=', res.json.eventId).execute();
      await t.service.storage.db.updateTable('invoices').set({ date: null }).where('id', '=', res.json.id).execute();
      const inv = await t.get(`/api/v1/invoices/${res.json.id}`);
      assert.equal(inv.status, 200, JSON.stringify(inv.json));
      assert.equal(inv.json.localDate, null);
      assert.deepEqual(
        inv.json.positions.map((p: any) => p.name),
        spec.positions.map((p) => p.name),
        'its positions, decoded from the stored body',
      );
      const versions = await t.get(`/api/v1/invoices/${res.json.id}/versions`);
      assert.equal(versions.status, 200, JSON.stringify(versions.json));
      assert.equal(versions.json.items[0].content.date, null);
      // Sent again as it is, it is refused now.
      const again = await t.post(INVOICES, old);
      assert.deepEqual([again.status, again.json.error.path], [400, 'invoiceData.ДатаДокумента']);
    });

    it('keeps an invoice whose ДатаОплаты is impossible, with no due date, a DATE_INVALID warning and the value in the raw body', async () => {
      const spec: InvoiceSpec = { ...receipt({ number: 'РФ-DUE-1', date: '2024-02-01T09:00:00' }), paymentDue: '2024-02-30T00:00:00', clientCode: '000000043' };
      const bytes = seedBytes(outgoingInvoiceBody(spec));
      const res = await t.post(OUTGOING, bytes);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.result, 'created');
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.localDate, '2024-02-01T09:00:00', 'the document date is intact');
      assert.equal(inv.paymentDue, null);
      assert.deepEqual(inv.warnings, [
        { code: 'DATE_INVALID', message: 'ДатаОплаты "2024-02-30T00:00:00" is not a real date; kept in the raw body only', field: 'ДатаОплаты' },
      ]);
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.status, 'applied');
      assert.ok(Buffer.from(event.bodyBase64, 'base64').toString('utf8').includes('"ДатаОплаты": "2024-02-30T00:00:00"'), 'the raw body keeps what 1C sent');
      const flagged = (await t.get(`/api/v1/invoices?warnings=true&number=${encodeURIComponent('РФ-DUE-1')}`)).json.items.map((i: any) => i.id);
      assert.deepEqual(flagged, [res.json.id]);
      // Corrected in 1C: the due date appears and the warning goes.
      const fixed = await t.post(OUTGOING, seedBytes(outgoingInvoiceBody({ ...spec, paymentDue: '2024-02-29T00:00:00' })));
      assert.equal(fixed.json.result, 'updated');
      const after = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(after.paymentDue, '2024-02-29T00:00:00+02:00');
      assert.deepEqual(after.warnings, []);
    });

    it('keeps the empty date 0001-01-01T00:00:00 as no date and no warning, in ДатаДокумента and ДатаОплаты', async () => {
      const spec: InvoiceSpec = {
        ...receipt({ number: 'РФ-EMPTY-1', date: '0001-01-01T00:00:00' }),
        paymentDue: '0001-01-01T00:00:00',
        clientCode: '000000044',
      };
      const res = await t.post(OUTGOING, seedBytes(outgoingInvoiceBody(spec)));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.localDate, null);
      assert.equal(inv.date, null);
      assert.equal(inv.paymentDue, null);
      assert.deepEqual(inv.warnings, []);
    });

    it('stores clients from the clients endpoint', async () => {
      const res = await t.post(
        CLIENTS,
        seedBytes(clientBody({ code: '000000042', name: 'ТОВ «Каштан»', edrpou: '32855961', phone: '+380 44 123 45 67', email: 'info@kashtan.ua' })),
      );
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.result, 'created');
      const client = (await t.get(`/api/v1/clients/${res.json.id}`)).json;
      assert.equal(client.name, 'ТОВ «Каштан»');
      assert.equal(client.edrpou, '32855961');
      assert.equal(client.email, 'info@kashtan.ua');
      const found = (await t.get('/api/v1/clients?edrpou=32855961')).json.items;
      assert.equal(found.length, 1);
      const byText = (await t.get(`/api/v1/clients?q=${encodeURIComponent('каштан')}`)).json.items;
      assert.equal(byText.length, 1, 'search is case-insensitive for Cyrillic');
      const bad = await t.post(CLIENTS, seedBytes({ action: 'update', clientData: { СсылкаКлиента: 'x' } }));
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.path, 'clientData.Наименование');
    });

    it('pages clients alphabetically with keyset cursors', async () => {
      const names = ['ТОВ «Явір»', 'ТОВ «Акація»', 'ТОВ «Береза»', 'ТОВ «Акація»', 'ТОВ «Ясен»'];
      for (const [i, name] of names.entries()) {
        await t.post(CLIENTS, seedBytes(clientBody({ code: `PAGE-${i}`, name, uuid: `00000000-0000-4000-8000-00000000000${i}` }, 'v2')));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (await t.get(`/api/v1/clients?code=&q=${encodeURIComponent('тов «')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json;
        seen.push(...page.items.map((c: any) => c.name));
        cursor = page.nextCursor;
      } while (cursor);
      const mine = seen.filter((n) => names.includes(n));
      assert.deepEqual(mine, [...names].sort(), 'every client once, in name order, duplicates of a name included');
    });

    it('identifies objects by УникальныйИдентификатор when present, adopting one first seen by its ref', async () => {
      const uuid = '8a1f2b3c-4d5e-11ee-9a7b-0050569f1a2b';
      const spec = receipt({ number: 'ПТ-000500' });
      const seed = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      const v2 = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, uuid: uuid.toUpperCase(), eventNumber: '10' }, 'v2')));
      assert.equal(v2.json.id, seed.json.id, 'same document, now known by its GUID');
      // Number and date change: the presentation (Строка(Ссылка)) changes, the GUID does not.
      const renumbered = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, number: 'ПТ-000501', uuid, eventNumber: '11' }, 'v2')));
      assert.equal(renumbered.json.id, seed.json.id);
      assert.equal(renumbered.json.result, 'updated');
      const inv = (await t.get(`/api/v1/invoices/${seed.json.id}`)).json;
      assert.equal(inv.uuid, uuid);
      assert.equal(inv.number, 'ПТ-000501');
    });

    it('never lets an older НомерСобытия overwrite a newer change (stale)', async () => {
      const uuid = '11111111-2222-3333-4444-555555555555';
      const spec = receipt({ number: 'ПТ-000600', uuid });
      const newer = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, comment: 'нова', eventNumber: '1700000000000002' }, 'v2')));
      assert.equal(newer.json.result, 'created');
      const older = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, comment: 'стара', eventNumber: '1700000000000001' }, 'v2')));
      assert.equal(older.status, 200);
      assert.equal(older.json.result, 'stale');
      const inv = (await t.get(`/api/v1/invoices/${newer.json.id}`)).json;
      assert.equal(inv.comment, 'нова');
      assert.equal(inv.version, 1);
      assert.equal((await t.get(`/api/v1/events/${older.json.eventId}`)).json.status, 'stale');
      // A delete that arrives late is stale too.
      const lateDelete = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody({ ...spec, action: 'delete', eventNumber: '1700000000000000' }, 'v2')));
      assert.equal(lateDelete.json.result, 'stale');
    });

    it('answers duplicate for a repeated webhook-id and changes nothing', async () => {
      const spec = receipt({ number: 'ПТ-000700' });
      const headers = { 'content-type': 'application/json; charset=utf-8', 'webhook-id': 'msg_0001' };
      const first = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)), headers);
      assert.equal(first.json.result, 'created');
      const changed = await t.post(INVOICES, seedBytes(incomingInvoiceBody({ ...spec, comment: 'інше' })), headers);
      assert.equal(changed.status, 200);
      assert.equal(changed.json.result, 'duplicate');
      assert.equal(changed.json.id, first.json.id);
      assert.equal((await t.get(`/api/v1/invoices/${first.json.id}`)).json.comment, spec.comment);
      assert.equal((await t.get(`/api/v1/events/${changed.json.eventId}`)).json.status, 'duplicate');
    });

    it('keeps fields it does not know, and warns (never rejects) on sums and checksums', async () => {
      const positions = makePositions(2, 11);
      const spec = receipt({ number: 'ПТ-000800', positions, total: '1.00', edrpou: '32855962', extra: { Склад: 'Основний склад', Курс: num('1') } });
      const res = await t.post(INVOICES, seedBytes(incomingInvoiceBody(spec)));
      assert.equal(res.json.result, 'created');
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.deepEqual(inv.extra, { Склад: 'Основний склад', Курс: 1 });
      const codes = inv.warnings.map((w: any) => w.code).sort();
      assert.deepEqual(codes, ['EDRPOU_INVALID', 'SUM_MISMATCH']);
      const flagged = (await t.get('/api/v1/invoices?warnings=true')).json.items.map((i: any) => i.number);
      assert.ok(flagged.includes('ПТ-000800'));
    });

    it('accepts a total that includes VAT on top of net position amounts', async () => {
      const positions = [{ name: 'Послуга', code: '1', quantity: '1', price: '100', amount: '100', vatRate: '20%', vatAmount: '20' }];
      const res = await t.post(INVOICES, writeOneCJson(incomingInvoiceBody(receipt({ number: 'ПТ-000810', positions, total: '120' }), 'v2')));
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.deepEqual(inv.warnings, []);
      assert.equal(inv.positions[0].vatRate, '20%');
      assert.equal(inv.positions[0].vatAmount, '20');
    });

    it('keeps decimals exact, even wider than a double', async () => {
      const positions = [
        { name: 'Дрібниця', code: '1', quantity: '0.001', price: '0.01', amount: '0', unit: 'г' },
        { name: 'Дорогий', code: '2', quantity: '1', price: '1234567890123.45', amount: '1234567890123.45' },
      ];
      const body = Buffer.from(
        seedBytes(incomingInvoiceBody(receipt({ number: 'ПТ-000900', positions, total: '1234567890123.45' })))
          .toString('utf8')
          .replace('"Сумма": 1234567890123.45', '"Сумма": 12345678901234567.89'),
      );
      const res = await t.post(INVOICES, body);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const inv = (await t.get(`/api/v1/invoices/${res.json.id}`)).json;
      assert.equal(inv.positions[0].quantity, '0.001');
      assert.equal(inv.positions[1].amount, '12345678901234567.89');
      assert.equal(inv.total, '1234567890123.45');
    });

    it('rejects what 1C did not send with 400 and a path, keeping the raw bytes as rejected', async () => {
      const cases: Array<[Buffer, string, string | undefined]> = [
        [Buffer.from('{"action": "update", "invoiceData": {'), 'INVALID_JSON', undefined],
        [Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xff, 0xfe, 0x7d]), 'INVALID_ENCODING', undefined],
        [Buffer.alloc(0), 'EMPTY_BODY', undefined],
        [
          seedBytes({ action: 'update', invoiceData: { СсылкаДокумента: 'x', ДатаДокумента: '2024-01-01T00:00:00' } }),
          'INVALID_PAYLOAD',
          'invoiceData.НомерДокумента',
        ],
        [seedBytes({ action: 'upsert', invoiceData: {} }), 'INVALID_PAYLOAD', 'action'],
        [
          Buffer.from(
            seedBytes(incomingInvoiceBody(receipt()))
              .toString()
              .replace(/"Сумма": [\d.]+/, '"Сумма": "багато"'),
          ),
          'INVALID_PAYLOAD',
          'invoiceData.positions[0].Сумма',
        ],
        [
          Buffer.from(seedBytes(incomingInvoiceBody(receipt())).toString().replace('"2024-01-15T10:30:00"', '"15.01.2024"')),
          'INVALID_PAYLOAD',
          'invoiceData.ДатаДокумента',
        ],
      ];
      const eventIds: string[] = [];
      for (const [bytes, code, path] of cases) {
        const res = await t.post(INVOICES, bytes);
        eventIds.push(res.json.eventId);
        assert.equal(res.status, 400, `${code}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.error.code, code);
        assert.equal(res.json.error.retry, false);
        if (path) assert.equal(res.json.error.path, path);
        const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
        assert.equal(event.status, 'rejected');
        assert.equal(event.error.code, code);
        assert.equal(Buffer.from(event.bodyBase64 ?? '', 'base64').compare(bytes), 0, `${code}: raw bytes kept`);
      }
      const rejected = new Set((await t.get('/api/v1/events?status=rejected&limit=100')).json.items.map((e: any) => e.id));
      assert.deepEqual(
        eventIds.filter((id) => !rejected.has(id)),
        [],
        'every refusal is listed as rejected',
      );
    });

    it('accepts any Content-Type 1C may send, and none', async () => {
      for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'text/plain', undefined]) {
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        const res = await t.post(INVOICES, seedBytes(incomingInvoiceBody(receipt({ number: `ПТ-CT-${contentType ?? 'none'}` }))), headers);
        assert.equal(res.status, 200, `${contentType}: ${JSON.stringify(res.json)}`);
      }
    });

    it('answers 413 above the body limit and journals the refusal', async () => {
      const big = seedBytes(incomingInvoiceBody(receipt({ number: 'ПТ-BIG', positions: makePositions(600, 1) })));
      assert.ok(big.length > 64 * 1024);
      const res = await t.post(INVOICES, big);
      assert.equal(res.status, 413);
      assert.equal(res.json.error.code, 'PAYLOAD_TOO_LARGE');
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.status, 'rejected');
      assert.equal(event.bodySize, big.length);
      assert.equal(event.bodyBase64, null, 'journaled without the bytes: only their size');
      const row = await t.service.storage.db
        .selectFrom('events')
        .select(['body', 'body_event_id', 'error_code'])
        .where('id', '=', res.json.eventId)
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...row, body: row.body ?? null }, { body: null, body_event_id: null, error_code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers hostile input with its exact status, code and path, and stays up', async () => {
      const impossible = JSON.stringify({ action: 'update', invoiceData: { СсылкаДокумента: 'a', НомерДокумента: '1', ДатаДокумента: '2024-02-30T00:00:00' } });
      const huge = JSON.stringify({
        action: 'delete',
        invoiceData: { СсылкаДокумента: 'hostile-1e308', НомерДокумента: '1', ДатаДокумента: '2024-01-01T00:00:00', positions: [{ Количество: 1e308 }] },
      });
      const cases: Array<[string, number, string | undefined, string | undefined]> = [
        ['[]', 400, 'INVALID_PAYLOAD', undefined],
        ['null', 400, 'INVALID_PAYLOAD', undefined],
        ['"string"', 400, 'INVALID_PAYLOAD', undefined],
        ['1e999', 400, 'INVALID_PAYLOAD', undefined],
        ['{"action":"update","invoiceData":null}', 400, 'INVALID_PAYLOAD', 'invoiceData'],
        ['{"action":"update","invoiceData":[]}', 400, 'INVALID_PAYLOAD', 'invoiceData'],
        ['['.repeat(5000) + ']'.repeat(5000), 400, 'INVALID_PAYLOAD', undefined],
        ['{"__proto__":{"x":1},"action":"update"}', 400, 'INVALID_PAYLOAD', 'invoiceData'],
        // Shaped like a date, names no day: the date must not be lost silently.
        [impossible, 400, 'INVALID_PAYLOAD', 'invoiceData.ДатаДокумента'],
        // The largest double is a valid 1C-shaped number: stored exactly, digit for digit.
        [huge, 200, undefined, undefined],
      ];
      for (const [input, status, code, path] of cases) {
        const res = await t.post(INVOICES, input);
        const what = `${input.slice(0, 40)} → ${res.status} ${JSON.stringify(res.json)}`;
        assert.equal(res.status, status, what);
        assert.equal(res.json.error?.code, code, what);
        assert.equal(res.json.error?.path, path, what);
        assert.equal((await t.get(`/api/v1/events/${res.json.eventId}`)).json.status, status === 200 ? 'applied' : 'rejected', what);
      }
      const stored = (await t.get(`/api/v1/invoices?deleted=true&number=1`)).json.items.find((i: any) => i.sourceRef === 'hostile-1e308');
      const full = (await t.get(`/api/v1/invoices/${stored?.id}`)).json;
      assert.equal(full.positions[0].quantity, `1${'0'.repeat(308)}`);
      assert.equal((await t.get('/healthz')).status, 200);
    });

    it('paginates the read API with keyset cursors, newest first', async () => {
      // Distinct totals, in an order that is neither the date order nor its reverse.
      const counts = [3, 6, 1, 7, 2, 5, 4];
      const specs = counts.map((n, i) => receipt({ number: `PG-${i}`, date: `2025-03-0${i + 1}T12:00:00`, positions: makePositions(n, 7) }));
      for (const spec of specs) await t.post(OUTGOING, seedBytes(outgoingInvoiceBody({ ...spec, clientCode: 'PG' })));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (await t.get(`/api/v1/invoices?kind=outgoing&from=2025-03-01&to=2025-03-31&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json;
        seen.push(...page.items.map((i: any) => i.number));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ['PG-6', 'PG-5', 'PG-4', 'PG-3', 'PG-2', 'PG-1', 'PG-0']);
      // By total, largest first, through the total index with keyset cursors too.
      const totals: string[] = [];
      cursor = null;
      do {
        const page: any = (await t.get(`/api/v1/invoices?kind=outgoing&from=2025-03-01&to=2025-03-31&sort=total&limit=2${cursor ? `&cursor=${cursor}` : ''}`))
          .json;
        totals.push(...page.items.map((i: any) => i.total));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        totals,
        ['PG-3', 'PG-1', 'PG-5', 'PG-6', 'PG-0', 'PG-4', 'PG-2'].map((n) => specs.find((s) => s.number === n)!.total),
      );
      assert.equal(new Set(totals).size, 7, 'the totals are distinct, so the order is a real check');
      const firstEvent = (await t.get('/api/v1/events?limit=1')).json.items[0];
      const older = (await t.get(`/api/v1/events?limit=5&receivedBefore=${encodeURIComponent(firstEvent.receivedAt)}`)).json.items;
      assert.ok(older.length > 0);
      assert.ok(
        older.every((e: any) => e.receivedAt < firstEvent.receivedAt),
        'strictly before the instant',
      );
      assert.equal((await t.get(`/api/v1/events?receivedAfter=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).json.items.length, 0);
      assert.equal((await t.get('/api/v1/invoices?cursor=garbage')).json.error.code, 'INVALID_CURSOR');
      assert.equal((await t.get('/api/v1/invoices?limit=0')).status, 400);
      assert.equal((await t.get('/api/v1/invoices/nope')).status, 404);
      const events = (await t.get('/api/v1/events?limit=2')).json;
      assert.equal(events.items.length, 2);
      const next = (await t.get(`/api/v1/events?limit=2&cursor=${events.nextCursor}`)).json;
      assert.ok(next.items[0].id < events.items[1].id);
    });

    it('reports health and readiness, and serves the OpenAPI document of every route', async () => {
      assert.equal((await t.get('/healthz')).json.status, 'ok');
      assert.equal((await t.get('/readyz')).json.database, dialect);
      const doc = (await t.get('/openapi.json')).json;
      for (const p of [
        INVOICES,
        OUTGOING,
        CLIENTS,
        '/api/v1/invoices',
        '/api/v1/invoices/{id}',
        '/api/v1/invoices/{id}/versions',
        '/api/v1/clients',
        '/api/v1/clients/{id}',
        '/api/v1/events',
        '/api/v1/events/{id}',
      ]) {
        assert.ok(doc.paths[p], `openapi lacks ${p}`);
      }
      const schema = doc.paths[INVOICES].post.requestBody.content['application/json'].schema;
      assert.ok(schema.properties.invoiceData.properties.СсылкаДокумента, 'webhook bodies are documented from the validating schema');
    });
  });
}
