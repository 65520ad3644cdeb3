/**
 * The signature the generated common module computes, executed in the runtime: HMACSHA256 and
 * ДобавитьАвторизацию give node:crypto's bytes on every input, on an old (8.3.18) and a new
 * (8.3.24) platform, and both ways of XOR-ing the key — the buffer method (8.3.23+) and a
 * byte loop over Получить/Установить (8.3.10+) — agree.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateBsl } from '../../../src/bsl/generator/index.js';
import { BinaryData, BslMap, type BslRuntimeError, type BslValue } from '../../../src/bsl/runtime/index.js';
import { HttpRequest } from '../../../src/bsl/runtime/library/http.js';
import { webhookPath } from '../../../src/domain/kinds.js';
import { load, runtime } from './helpers.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const KEY = Buffer.from(SECRET.slice(6), 'base64');

function commonModuleText(): string {
  const files = generateBsl({ url: 'https://erp.example.com', sourceId: 'buh-main', auth: { kind: 'secret', secret: SECRET } });
  return files.find((f) => f.path.startsWith('common/'))!.content;
}

const INPUTS: Array<[string, Buffer, Buffer]> = [
  ['empty message', KEY, Buffer.alloc(0)],
  ['Cyrillic JSON', KEY, Buffer.from('{"action": "create","invoiceData": {"НомерДокумента": "ПТ-000123"}}', 'utf8')],
  ['a 64-byte key', randomBytes(64), randomBytes(300)],
  ['a key longer than the block (hashed first)', randomBytes(100), randomBytes(1000)],
  ['a short key', Buffer.from('k'), Buffer.from('message')],
  ['a 65-byte key', Buffer.alloc(65, 7), Buffer.from('x'.repeat(1000))],
];

function bytes(v: BslValue): Buffer {
  assert.ok(v instanceof BinaryData, 'HMACSHA256 returns ДвоичныеДанные');
  return v.bytes;
}

describe('BSL runtime: the generated HMAC-SHA256 equals node:crypto', () => {
  const text = commonModuleText();
  for (const version of ['8.3.24.1500', '8.3.18.1483', '8.3.10.2168']) {
    it(`on ${version}: same bytes as createHmac`, async () => {
      const { m } = await load(text, 'ОбщийМодуль.СинхронизацияERP.Модуль', version);
      for (const [label, key, message] of INPUTS) {
        assert.deepEqual(
          bytes(await m.call('HMACSHA256', [new BinaryData(key), new BinaryData(message)])),
          createHmac('sha256', key).update(message).digest(),
          label,
        );
      }
    });
  }

  it('RFC 4231 test case 6 (131-byte key, hashed first), executed as emitted', async () => {
    const { m } = await load(text, 'ОбщийМодуль.СинхронизацияERP.Модуль', '8.3.10.2168');
    const mac = await m.call('HMACSHA256', [
      new BinaryData(Buffer.alloc(131, 0xaa)),
      new BinaryData(Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')),
    ]);
    assert.equal(bytes(mac).toString('hex'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it("signs a request as Standard Webhooks: v1,base64(HMAC(key, id.timestamp.body)) over the body's UTF-8 bytes", async () => {
    const { m, rt } = await load(text, 'ОбщийМодуль.СинхронизацияERP.Модуль');
    const body = '{"action": "update","clientData": {"Наименование": "ТОВ «Ромашка»"}}';
    const request = new HttpRequest(webhookPath('client'), new BslMap());
    await m.call('ДобавитьАвторизацию', [request, body, 'msg_01']);
    const header = (name: string): BslValue => request.headers.get(name);
    const timestamp = String(header('webhook-timestamp'));
    assert.equal(timestamp, String(rt.clock.nowUtcMs() / 1000));
    const expected = createHmac('sha256', KEY).update(`msg_01.${timestamp}.${body}`, 'utf8').digest('base64');
    assert.equal(header('webhook-signature'), `v1,${expected}`);
    assert.equal(header('webhook-id'), 'msg_01');
  });
});

describe('BSL runtime: both XOR paths of an HMAC', () => {
  const program = (xor: string): string => `
Функция HMAC(Знач Ключ, Сообщение) Экспорт
	B = 64;
	Если Ключ.Размер() > B Тогда
		Ключ = Хеш(Ключ);
	КонецЕсли;
	K0 = Новый БуферДвоичныхДанных(B);
	K0.Записать(0, ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных(Ключ));
	Ipad = Новый БуферДвоичныхДанных(B);
	Opad = Новый БуферДвоичныхДанных(B);
${xor}
	Внутренний = Хеш(ПолучитьДвоичныеДанныеИзБуфераДвоичныхДанных(Ipad.Соединить(ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных(Сообщение))));
	Возврат Хеш(ПолучитьДвоичныеДанныеИзБуфераДвоичныхДанных(Opad.Соединить(ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных(Внутренний))));
КонецФункции

Функция Хеш(Данные)
	Х = Новый ХешированиеДанных(ХешФункция.SHA256);
	Х.Добавить(Данные);
	Возврат Х.ХешСумма;
КонецФункции

Функция Исключающее(Знач А, Знач Б)
	Р = 0;
	Вес = 1;
	Для Бит = 1 По 8 Цикл
		Если А % 2 <> Б % 2 Тогда
			Р = Р + Вес;
		КонецЕсли;
		А = Цел(А / 2);
		Б = Цел(Б / 2);
		Вес = Вес * 2;
	КонецЦикла;
	Возврат Р;
КонецФункции`;

  const methodPath = `
	Для Индекс = 0 По B - 1 Цикл
		Ipad.Установить(Индекс, 54);
		Opad.Установить(Индекс, 92);
	КонецЦикла;
	Ipad.ЗаписатьПобитовоеИсключительноеИли(0, K0);
	Opad.ЗаписатьПобитовоеИсключительноеИли(0, K0);`;

  const loopPath = `
	Для Индекс = 0 По B - 1 Цикл
		Байт = K0.Получить(Индекс);
		Ipad.Установить(Индекс, Исключающее(Байт, 54));
		Opad.Установить(Индекс, Исключающее(Байт, 92));
	КонецЦикла;`;

  for (const [name, xor, versions] of [
    ['buffer method', methodPath, ['8.3.23.1688', '8.3.24.1500']],
    ['byte loop', loopPath, ['8.3.10.2168', '8.3.18.1483', '8.3.24.1500']],
  ] as const) {
    for (const version of versions) {
      it(`${name} on ${version}`, async () => {
        const { m } = await load(program(xor), 'ОбщийМодуль.Подпись.Модуль', version);
        for (const [label, key, message] of INPUTS) {
          assert.deepEqual(
            bytes(await m.call('HMAC', [new BinaryData(key), new BinaryData(message)])),
            createHmac('sha256', key).update(message).digest(),
            label,
          );
        }
      });
    }
  }

  it('the buffer method fails on 8.3.22 with the module, line and column of the call', async () => {
    const { m } = await load(program(methodPath), 'ОбщийМодуль.Подпись.Модуль', '8.3.22.2470');
    await assert.rejects(
      m.call('HMAC', [new BinaryData(KEY), new BinaryData(Buffer.from('x'))]),
      (e: BslRuntimeError) =>
        e.description === 'Метод объекта не обнаружен (ЗаписатьПобитовоеИсключительноеИли)' &&
        e.position.module === 'ОбщийМодуль.Подпись.Модуль' &&
        e.position.line === 16 &&
        e.position.column === 7,
    );
  });

  it('binary-data functions do not exist before 8.3.10.2168', async () => {
    const { rt } = runtime('8.3.9.1818');
    const m = await rt.instantiate(rt.compile('Функция Ф() Экспорт\n\tВозврат ПолучитьДвоичныеДанныеИзСтроки("x");\nКонецФункции', 'М'));
    await assert.rejects(m.call('Ф'), /Процедура или функция с указанным именем не определена \(ПолучитьДвоичныеДанныеИзСтроки\)/);
  });
});
