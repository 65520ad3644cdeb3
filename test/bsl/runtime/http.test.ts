/**
 * HTTPСоединение against a real node:http server on 127.0.0.1: headers and body bytes as sent
 * (with and without BOM), status codes as plain answers, response headers and body, Basic
 * auth, the proxy as the fifth parameter, Таймаут, and a refused connection raising 1C's error.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { BslRuntimeError } from '../../../src/bsl/runtime/index.js';
import { webhookPath } from '../../../src/domain/kinds.js';
import { load } from './helpers.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const program = (port: number): string => `
Функция Отправить(Тело, СBOM, Путь = "${webhookPath('incoming')}") Экспорт
	Соединение = Новый HTTPСоединение("127.0.0.1", ${port}, , , , 5);
	Запрос = Новый HTTPЗапрос(Путь);
	Если СBOM Тогда
		Запрос.УстановитьТелоИзСтроки(Тело, КодировкаТекста.UTF8, ИспользованиеByteOrderMark.Использовать);
	Иначе
		Запрос.УстановитьТелоИзСтроки(Тело, КодировкаТекста.UTF8, ИспользованиеByteOrderMark.НеИспользовать);
	КонецЕсли;
	Запрос.Заголовки.Вставить("Content-Type", "application/json; charset=utf-8");
	Запрос.Заголовки.Вставить("User-Agent", "1C-Enterprise/8.3");
	Запрос.Заголовки.Вставить("webhook-id", "msg_1");
	Ответ = Соединение.ОтправитьДляОбработки(Запрос);
	Заголовок = "";
	Для Каждого КЗ Из Ответ.Заголовки Цикл
		Если НРег(КЗ.Ключ) = "retry-after" Тогда
			Заголовок = КЗ.Значение;
		КонецЕсли;
	КонецЦикла;
	Возврат Формат(Ответ.КодСостояния, "ЧГ=0") + "|" + Ответ.ПолучитьТелоКакСтроку() + "|" + Заголовок;
КонецФункции

Функция Получить(Порт, Таймаут, Пользователь = "", Пароль = "") Экспорт
	Соединение = Новый HTTPСоединение("127.0.0.1", Порт, Пользователь, Пароль, , Таймаут);
	Ответ = Соединение.Получить(Новый HTTPЗапрос("/ping?x=1"));
	Возврат Формат(Ответ.КодСостояния, "ЧГ=0") + "|" + Ответ.ПолучитьТелоКакСтроку(КодировкаТекста.UTF8);
КонецФункции

Функция ЧерезПрокси(ПортПрокси) Экспорт
	Прокси = Новый ИнтернетПрокси;
	Прокси.Установить("http", "127.0.0.1", ПортПрокси);
	Соединение = Новый HTTPСоединение("erp.example.com", 80, , , Прокси, 5);
	Ответ = Соединение.ВызватьHTTPМетод("PUT", Новый HTTPЗапрос("/через"));
	Возврат Формат(Ответ.КодСостояния, "ЧГ=0");
КонецФункции

Функция Поймать(Порт, Таймаут) Экспорт
	Попытка
		Получить(Порт, Таймаут);
	Исключение
		Возврат ОписаниеОшибки();
	КонецПопытки;
	Возврат "без ошибки";
КонецФункции`;

describe('BSL runtime: HTTP against a real server', () => {
  let server: http.Server;
  let port: number;
  const seen: Seen[] = [];
  let nextStatus = 200;

  before(async () => {
    ({ server, port } = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        if (req.url === '/slow') return; // never answers
        const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
        if (nextStatus === 429) headers['Retry-After'] = '120';
        res.writeHead(nextStatus, headers);
        res.end(JSON.stringify({ status: nextStatus === 200 ? 'прийнято' : 'ні' }));
      });
    }));
  });

  after(() => close(server));

  it('POSTs the body bytes without a BOM and the headers as set; reads status and body', async () => {
    const { m } = await load(program(port));
    seen.length = 0;
    nextStatus = 200;
    const body = '{"action": "create","invoiceData": {"НомерДокумента": "ПТ-1"}}';
    assert.equal(await m.call('Отправить', [body, false]), '200|{"status":"прийнято"}|');
    const s = seen[0]!;
    assert.equal(s.method, 'POST');
    assert.equal(s.url, webhookPath('incoming'));
    assert.deepEqual(s.body, Buffer.from(body, 'utf8'));
    assert.equal(s.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(s.headers['user-agent'], '1C-Enterprise/8.3');
    assert.equal(s.headers['webhook-id'], 'msg_1');
    assert.equal(s.headers['content-length'], String(Buffer.byteLength(body)));
  });

  it('writes the UTF-8 BOM when asked (ИспользованиеByteOrderMark.Использовать)', async () => {
    const { m } = await load(program(port));
    seen.length = 0;
    await m.call('Отправить', ['{}', true]);
    assert.deepEqual(seen[0]!.body, Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
  });

  it('returns 4xx/5xx as answers (no exception) with their headers', async () => {
    const { m } = await load(program(port));
    nextStatus = 429;
    assert.equal(await m.call('Отправить', ['{}', false]), '429|{"status":"ні"}|120');
    nextStatus = 500;
    assert.equal(await m.call('Отправить', ['{}', false]), '500|{"status":"ні"}|');
    nextStatus = 200;
  });

  it('GETs with Basic authentication from Пользователь/Пароль', async () => {
    const { m } = await load(program(port));
    seen.length = 0;
    const { num } = await import('../../../src/bsl/runtime/index.js');
    assert.equal(await m.call('Получить', [num(port), num(5), 'користувач', 'пароль']), '200|{"status":"прийнято"}');
    assert.equal(seen[0]!.method, 'GET');
    assert.equal(seen[0]!.url, '/ping?x=1');
    assert.equal(seen[0]!.headers.authorization, `Basic ${Buffer.from('користувач:пароль').toString('base64')}`);
  });

  it('sends through the proxy given as the fifth parameter', async () => {
    const { m } = await load(program(port));
    seen.length = 0;
    const { num } = await import('../../../src/bsl/runtime/index.js');
    assert.equal(await m.call('ЧерезПрокси', [num(port)]), '200');
    assert.equal(seen[0]!.method, 'PUT');
    assert.match(decodeURI(seen[0]!.url), /^http:\/\/erp\.example\.com:80\/через$/);
  });

  it("raises 1C's error on a refused connection, catchable by Попытка", async () => {
    const { server: s2, port: closedPort } = await listen(() => undefined);
    await close(s2);
    const { m } = await load(program(port));
    const { num } = await import('../../../src/bsl/runtime/index.js');
    assert.match(
      String(await m.call('Поймать', [num(closedPort), num(5)])),
      /^\{ОбщийМодуль\.Тест\.Модуль\(\d+\)\}: Ошибка при вызове метода контекста \(Получить\): Ошибка работы с Интернет: Couldn't connect to server$/,
    );
    await assert.rejects(
      m.call('Получить', [num(closedPort), num(5)]),
      (e: BslRuntimeError) => /Couldn't connect to server/.test(e.description) && e.position.line === 25,
    );
  });

  it('honours Таймаут: a server that never answers fails after the timeout', async () => {
    const { m } = await load(program(port).replace('"/ping?x=1"', '"/slow"'));
    const { num } = await import('../../../src/bsl/runtime/index.js');
    const started = Date.now();
    assert.match(String(await m.call('Поймать', [num(port), num(1)])), /Timeout was reached/);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 900, `waited for the timeout (${elapsed} ms)`);
  });
});
