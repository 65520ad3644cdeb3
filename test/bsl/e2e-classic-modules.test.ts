import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { standardMetadata } from '../../src/bsl/runtime/base/metadata.js';
import type { ObjectRef } from '../../src/bsl/runtime/base/object-table.js';
import { OneCBase } from '../../src/bsl/runtime/base/onec-base.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { BslError } from '../../src/bsl/runtime/errors.js';
import { createPlatformRuntime } from '../../src/bsl/runtime/library/index.js';
import { BslDate, num } from '../../src/bsl/runtime/values.js';
import { selectedDialects, skipReason } from '../helpers/dialects.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { TLS_CERT, TLS_KEY } from './self-signed-tls.js';

/**
 * The classic modules (the original setup guide's object modules for the receipt and the
 * outgoing invoice) run unchanged in the BSL runtime, except for the one line their guide tells
 * the developer to edit: the receiver's domain. They send synchronously from ПриЗаписи and
 * ПередУдалением over HTTPS (`Новый ЗащищенноеСоединениеOpenSSL` without certificates: no
 * server verification), so a TLS terminator with a self-signed certificate stands in front of
 * the service, which runs in open mode (ONEC_SYNC_ALLOW_UNSIGNED) as those modules sign nothing.
 */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'parser');

function installedText(file: string, port: number): string {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const edited = text.replace('"your-erp-domain.com", 443', `"127.0.0.1", ${port}`);
  assert.notEqual(edited, text, `${file} names the receiver as the guide says`);
  return edited;
}

for (const dialect of selectedDialects()) {
  describe(`the classic modules in the runtime (${dialect})`, async () => {
    const skip = await skipReason(dialect);
    let t: TestService;
    let terminator: tls.Server;
    let port = 0;
    before(async () => {
      if (skip) return;
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'true' });
      const servicePort = Number(new URL(t.baseUrl).port);
      terminator = tls.createServer({ key: TLS_KEY, cert: TLS_CERT }, (socket) => {
        const upstream = net.connect(servicePort, '127.0.0.1');
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
        socket.pipe(upstream).pipe(socket);
      });
      await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
      port = (terminator.address() as net.AddressInfo).port;
    });
    after(async () => {
      await new Promise<void>((resolve) => (terminator ? terminator.close(() => resolve()) : resolve()));
      await t?.close();
    });

    it('receipts and invoices written, edited, posted and deleted in the base arrive in the service', { skip }, async () => {
      // The classic guide's metadata name for the receipt.
      const base = new OneCBase(standardMetadata({ receipt: 'ПоступлениеТоваровИУслуг' }));
      const rt = createPlatformRuntime({ clock: new ManualClock(Date.UTC(2024, 0, 15, 8, 0), 120), transactions: base.tx, platformVersion: '8.3.18.1208' });
      base.install(rt);
      // The runtime does not implement ЗаписьТекста (its catalogue check stops such a call
      // outright). The classic modules log to c:\temp\…, which a server without that folder
      // cannot open: 1C raises there, and the modules' own Попытка swallows it. That is the
      // behaviour given here, so no file is written.
      rt.defineType({
        ru: 'ЗаписьТекста',
        en: 'TextWriter',
        min: 0,
        max: 5,
        construct: ([file]) => {
          throw new BslError(`Ошибка открытия файла: ${String(file)}`);
        },
      });
      base.setObjectModule('Документ.ПоступлениеТоваровИУслуг', { main: installedText('classic-receipt.bsl', port) });
      base.setObjectModule('Документ.СчетНаОплатуПокупателю', { main: installedText('classic-invoice.bsl', port) });
      const ctx = base.context();

      const catalog = async (table: string, fields: Record<string, string>): Promise<ObjectRef> => {
        const o = base.create(table);
        for (const [k, v] of Object.entries(fields)) o.setProperty(k, v);
        await o.write(ctx);
        return o.ref;
      };
      const uah = await catalog('Справочник.Валюты', { Наименование: 'грн', Код: '980' });
      const paper = await catalog('Справочник.Номенклатура', { Наименование: 'Папір А4', Код: '000000011' });
      const pcs = await catalog('Справочник.КлассификаторЕдиницИзмерения', { Наименование: 'шт', Код: '796' });
      const supplier = await catalog('Справочник.Контрагенты', { Наименование: 'ТОВ "Постачальник"', КодПоЕДРПОУ: '32855961' });
      const buyer = await catalog('Справочник.Контрагенты', { Наименование: 'ФОП Петренко Іван Васильович', ИНН: '2234567891' });

      const document = async (table: string, client: ObjectRef, quantity: number, price: string, post: boolean) => {
        const o = base.create(table);
        o.setProperty('Дата', BslDate.of(2024, 1, 15, 10, 30));
        o.setProperty('Контрагент', client);
        o.setProperty('ВалютаДокумента', uah);
        if (table.endsWith('СчетНаОплатуПокупателю')) o.setProperty('ДатаОплаты', BslDate.of(2024, 1, 25));
        o.section('Товары').add({ Номенклатура: paper, ЕдиницаИзмерения: pcs, Количество: num(quantity), Цена: num(price), Сумма: num(quantity).times(price) });
        o.setProperty('СуммаДокумента', num(quantity).times(price));
        await (post ? o.write(ctx, (await import('../../src/bsl/runtime/base/enum-value.js')).WRITE_MODE.value('Проведение')) : o.write(ctx));
        return o;
      };
      const receipt1 = await document('Документ.ПоступлениеТоваровИУслуг', supplier, 10, '45.50', true);
      const receipt2 = await document('Документ.ПоступлениеТоваровИУслуг', supplier, 3, '100', false);
      const invoice1 = await document('Документ.СчетНаОплатуПокупателю', buyer, 2, '1250.00', false);

      // An edit: the classic module sends the new state from ПриЗаписи.
      receipt1.section('Товары').rows[0]!.set('Количество', num(12));
      receipt1.section('Товары').rows[0]!.set('Сумма', num('546.00'));
      receipt1.setProperty('СуммаДокумента', num('546.00'));
      await receipt1.write(ctx);
      // A deletion: ПередУдалением sends "delete".
      await receipt2.delete(ctx);

      const incoming = (await t.get('/api/v1/invoices?kind=incoming&limit=50')).json.items;
      const deletedIncoming = (await t.get('/api/v1/invoices?kind=incoming&deleted=true&limit=50')).json.items;
      const outgoing = (await t.get('/api/v1/invoices?kind=outgoing&limit=50')).json.items;
      assert.deepEqual(
        incoming.map((d: any) => [d.number, d.total, d.posted, d.counterparty.name, d.counterparty.edrpou, d.currencyCode, d.localDate]),
        [[receipt1.fields['Номер'], '546', true, 'ТОВ "Постачальник"', '32855961', '980', '2024-01-15T10:30:00']],
      );
      assert.deepEqual(
        deletedIncoming.map((d: any) => d.number),
        [receipt2.fields['Номер']],
      );
      assert.deepEqual(
        outgoing.map((d: any) => [d.number, d.total, d.posted, d.counterparty.name, d.counterparty.taxId, d.paymentDue?.slice(0, 10)]),
        [[invoice1.fields['Номер'], '2500', false, 'ФОП Петренко Іван Васильович', '2234567891', '2024-01-25']],
      );
      const detail = (await t.get(`/api/v1/invoices/${incoming[0].id}`)).json;
      assert.deepEqual(
        detail.positions.map((p: any) => [p.name, p.code, p.quantity, p.price, p.amount, p.unit]),
        [['Папір А4', '000000011', '12', '45.5', '546', 'шт']],
      );
      assert.equal(detail.version, 2, 'the edit arrived as the second version');
      // Nothing went wrong in the modules: their own log is a file they could not open here, and
      // every webhook answered 200 (they log only failures, into that file).
      const events = (await t.get('/api/v1/events?limit=50')).json.items;
      assert.ok(events.length >= 4);
      assert.deepEqual(
        events.filter((e: any) => e.httpStatus !== 200).map((e: any) => e.error),
        [],
      );
    });
  });
}
