/**
 * The classic modules (the original setup guide's two object modules) run in the runtime
 * against a real HTTPS server: ПриЗаписи of a document builds the body with ЗаписьJSON and
 * posts it over ЗащищенноеСоединениеOpenSSL; the bytes on the wire equal the emulator's
 * builder for the classic protocol. Only the host and port are edited, as the guide tells the
 * user to do.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../../../src/bsl/one-c-json.js';
import { BslDate, num, Ref } from '../../../src/bsl/runtime/index.js';
import { webhookPath } from '../../../src/domain/kinds.js';
import { type InvoiceSpec, incomingInvoiceBody, outgoingInvoiceBody } from '../../../src/emulator/payload-builder.js';
import { FakeObject, rows } from './fake-objects.js';
import { runtime } from './helpers.js';

const FIXTURES = new URL('../fixtures/parser/', import.meta.url);

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A self-signed certificate for 127.0.0.1, made by the system's openssl for this test run. */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'bsl-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const spec: InvoiceSpec = {
  action: 'create',
  number: 'ПТ-000123',
  date: '2024-01-15T10:30:00',
  counterparty: 'ТОВ "Постачальник"',
  edrpou: '12345678',
  // 1C numbers carry no scale: 1500.50 is written 1500.5.
  total: '1500.5',
  currencyCode: '980',
  posted: true,
  comment: 'Оплата частинами',
  positions: [
    { name: 'Цукор', code: '0001', quantity: '10', price: '50.05', amount: '500.5', unit: 'кг' },
    { name: 'Борошно', code: '0002', quantity: '2.5', price: '400', amount: '1000' },
  ],
};

function documentObject(title: string, extra: Record<string, unknown> = {}): FakeObject {
  const counterparty = new FakeObject('СправочникСсылка.Контрагенты', { Наименование: spec.counterparty, КодПоЕДРПОУ: spec.edrpou, Код: 'К-01' });
  const unit = (name: string): FakeObject => new FakeObject('СправочникСсылка.ЕдиницыИзмерения', { Наименование: name });
  const product = (name: string, code: string): FakeObject => new FakeObject('СправочникСсылка.Номенклатура', { Наименование: name, Код: code });
  const goods = rows(
    spec.positions.map(
      (p) =>
        new FakeObject('ДокументТабличнаяЧастьСтрока.Товары', {
          Номенклатура: product(p.name, p.code),
          Количество: num(p.quantity),
          Цена: num(p.price),
          Сумма: num(p.amount),
          // The second row has no unit attribute: the module's Попытка falls back to "".
          ...(p.unit ? { ЕдиницаИзмерения: unit(p.unit) } : {}),
        }),
    ),
  );
  const ref = new FakeObject('ДокументСсылка', {}, {}, `${title} ${spec.number} от 15.01.2024 10:30:00`);
  return new FakeObject(
    'ДокументОбъект',
    {
      Ссылка: ref,
      Номер: spec.number,
      Дата: BslDate.of(2024, 1, 15, 10, 30, 0),
      Контрагент: counterparty,
      СуммаДокумента: num(spec.total),
      ВалютаДокумента: new FakeObject('СправочникСсылка.Валюты', { Код: '980' }),
      Проведен: true,
      Комментарий: spec.comment!,
      Товары: goods,
      ...extra,
    },
    { ЭтоНовый: () => true },
  );
}

describe('BSL runtime: the classic modules post to a real HTTPS server', () => {
  let server: https.Server;
  let port: number;
  const received: Received[] = [];

  before(async () => {
    server = https.createServer(selfSigned(), (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"ok"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function run(file: string, doc: FakeObject): Promise<{ files: Map<string, string> }> {
    const text = readFileSync(new URL(file, FIXTURES), 'utf8').replace('"your-erp-domain.com", 443', `"127.0.0.1", ${port}`);
    const { rt } = runtime();
    const mod = await rt.instantiate(rt.compile(text, 'Документ.Тест.МодульОбъекта'), { owner: doc });
    await mod.call('ПриЗаписи', [new Ref(false)]);
    return rt;
  }

  it('the receipt module sends the classic body, byte for byte, without a BOM', async () => {
    received.length = 0;
    const rt = await run('classic-receipt.bsl', documentObject('Поступление товаров и услуг'));
    assert.equal(received.length, 1);
    const r = received[0]!;
    assert.equal(r.url, webhookPath('incoming'));
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['user-agent'], '1C-Enterprise/8.3');
    const expected = incomingInvoiceBody({ ...spec, positions: spec.positions.map((p) => (p.unit ? p : { ...p, unit: '' })) }, 'classic');
    assert.equal(r.body.toString('utf8'), writeOneCJson(expected).toString('utf8'));
    // The module logs `ТекущаяДата() + ": " + …`: a date plus a string is not a number, so the
    // write fails inside its Попытка and the log file stays empty — as on a real base.
    assert.equal(rt.files.get('c:\\temp\\invoice_sync_log.txt'), '');
  });

  it('the outgoing-invoice module falls back to the empty date and "" for attributes the object lacks', async () => {
    received.length = 0;
    await run('classic-invoice.bsl', documentObject('Счет на оплату покупателю'));
    assert.equal(received.length, 1);
    assert.equal(received[0]!.url, webhookPath('outgoing'));
    const expected = outgoingInvoiceBody(
      { ...spec, paymentDue: null, clientCode: 'К-01', clientTaxId: '', positions: spec.positions.map((p) => (p.unit ? p : { ...p, unit: '' })) },
      'classic',
    );
    assert.equal(received[0]!.body.toString('utf8'), writeOneCJson(expected).toString('utf8'));
  });

  it('verifies the server against the OS store with СертификатыУдостоверяющихЦентровОС: a self-signed one is refused', async () => {
    const { rt } = runtime();
    const m = await rt.instantiate(
      rt.compile(
        `
Функция Ф(Порт) Экспорт
	Защищенное = Новый ЗащищенноеСоединениеOpenSSL(, Новый СертификатыУдостоверяющихЦентровОС);
	Соединение = Новый HTTPСоединение("127.0.0.1", Порт, , , , 5, Защищенное);
	Попытка
		Соединение.Получить(Новый HTTPЗапрос("/"));
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
	Возврат "принято";
КонецФункции`,
        'М',
      ),
    );
    received.length = 0;
    assert.match(String(await m.call('Ф', [num(port)])), /^Ошибка при вызове метода контекста \(Получить\): Ошибка работы с Интернет: SSL connect error/);
    assert.equal(received.length, 0);
  });
});
