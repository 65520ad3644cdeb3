/**
 * The generated common module's version-dependent paths, executed on the platform versions that
 * matter: the oldest the guides promise (8.3.10.2168), one build before and the first build of
 * each branch from which the module verifies the server against the OS certificate store
 * (8.3.22.2470, 8.3.23.2122, 8.3.24.1446, 8.3.25), a later 8.3.24 and 8.3.25+. The runtime gates
 * platform names by its version as 1C does (`Новый` of a type the platform lacks fails when the
 * line runs), so a run that gets through has called nothing newer than its version; what the
 * module built tells which path it took.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateBsl } from '../../../src/bsl/generator/index.js';
import { MINIMUM_PLATFORM } from '../../../src/bsl/generator/platform-support.js';
import { BinaryData, BslMap, type BslRuntimeError } from '../../../src/bsl/runtime/index.js';
import { HttpConnection, HttpRequest, OsCertificates, SecureConnection } from '../../../src/bsl/runtime/library/http.js';
import { webhookPath } from '../../../src/domain/kinds.js';
import { SECRET, VARIANTS } from '../generated-variants.js';
import { load } from './helpers.js';

const MODULE = 'ОбщийМодуль.СинхронизацияERP.Модуль';

/** Version → whether 1C's platform of that version has СертификатыУдостоверяющихЦентровОС. */
const VERSIONS: Array<[string, boolean]> = [
  [MINIMUM_PLATFORM, false],
  ['8.3.21.1895', false],
  ['8.3.22.2469', false],
  ['8.3.22.2470', true],
  ['8.3.23.2121', false],
  ['8.3.23.2122', true],
  ['8.3.24.1445', false],
  ['8.3.24.1446', true],
  ['8.3.24.1500', true],
  ['8.3.25.1000', true],
  ['8.3.26.1500', true],
];

function commonText(options: (typeof VARIANTS)[string], edit?: [string, string]): string {
  const text = generateBsl(options).find((f) => f.path.startsWith('common/'))!.content;
  if (!edit) return text;
  assert.ok(text.includes(edit[0]), edit[0]);
  return text.replace(edit[0], edit[1]);
}

const typeMissing = (e: BslRuntimeError) => e.description === 'Тип не определен (СертификатыУдостоверяющихЦентровОС)' && e.position.module === MODULE;

describe('BSL runtime: the generated connection on each platform version that matters', () => {
  for (const [name, options] of Object.entries(VARIANTS)) {
    const https = options.url.startsWith('https:');
    for (const [version, hasStore] of VERSIONS) {
      const path = !https ? 'plain HTTP' : hasStore ? 'verifies the server against the OS store' : 'TLS without verification';
      it(`${name} on ${version}: ${path}`, async () => {
        const { m } = await load(commonText(options), MODULE, version);
        const connection = await m.call('НовоеСоединение');
        assert.ok(connection instanceof HttpConnection);
        assert.equal(connection.tls, https);
        if (!https) {
          assert.equal(connection.secure, undefined);
          return;
        }
        assert.ok(connection.secure instanceof SecureConnection);
        // The store is created exactly where the platform has it, and nowhere else.
        assert.equal(connection.secure.caCertificates instanceof OsCertificates, hasStore);
        if (!hasStore) assert.equal(connection.secure.caCertificates, undefined);
      });
    }
  }

  it('a module whose guard opens one build early fails there, as 1C would (so the runs above can fail)', async () => {
    const early = commonText(VARIANTS['secret-defaults']!, ['"8.3.22.2470", "8.3.22"', '"8.3.22.2469", "8.3.22"']);
    await assert.rejects((await load(early, MODULE, '8.3.22.2469')).m.call('НовоеСоединение'), typeMissing);
    const connection = await (await load(early, MODULE, '8.3.22.2468')).m.call('НовоеСоединение');
    assert.ok(connection instanceof HttpConnection);
  });

  it('a module that creates the store without the guard fails on every platform that lacks it', async () => {
    const unguarded = commonText(VARIANTS['secret-defaults']!, ['Если ЕстьСертификатыОС() Тогда', 'Если Истина Тогда']);
    for (const [version, hasStore] of VERSIONS) {
      const call = (await load(unguarded, MODULE, version)).m.call('НовоеСоединение');
      if (hasStore) assert.ok((await call) instanceof HttpConnection, version);
      else await assert.rejects(call, typeMissing, version);
    }
  });
});

describe('BSL runtime: the generated signature on each platform version that matters', () => {
  const KEY = Buffer.from(SECRET.slice(6), 'base64');
  const body = '{"action": "update","clientData": {"Наименование": "ТОВ «Ромашка»"}}';

  // 8.3.10.2168 has the binary-data names; 8.3.22 lacks the buffer's bitwise methods (8.3.23).
  for (const version of [MINIMUM_PLATFORM, '8.3.22.2470', '8.3.24.1500', '8.3.26.1500']) {
    it(`on ${version}: a Standard Webhooks signature equal to node:crypto's`, async () => {
      const { m, rt } = await load(commonText(VARIANTS['secret-defaults']!), MODULE, version);
      const request = new HttpRequest(webhookPath('client'), new BslMap());
      await m.call('ДобавитьАвторизацию', [request, body, 'msg_01']);
      const timestamp = String(request.headers.get('webhook-timestamp'));
      assert.equal(timestamp, String(rt.clock.nowUtcMs() / 1000));
      const expected = createHmac('sha256', KEY).update(`msg_01.${timestamp}.${body}`, 'utf8').digest('base64');
      assert.equal(request.headers.get('webhook-signature'), `v1,${expected}`);
    });
  }

  it('one build before 8.3.10.2168 the signature fails where 1C fails (its binary-data names are not there yet)', async () => {
    const { m } = await load(commonText(VARIANTS['secret-defaults']!), MODULE, '8.3.10.2167');
    await assert.rejects(
      m.call('ДобавитьАвторизацию', [new HttpRequest(webhookPath('client'), new BslMap()), body, 'msg_01']),
      (e: BslRuntimeError) => e.description === 'Процедура или функция с указанным именем не определена (ПолучитьДвоичныеДанныеИзСтроки)',
    );
    // The token variant signs nothing, so it needs none of them.
    const token = await load(commonText(VARIANTS['token-https']!), MODULE, '8.3.10.2167');
    const request = new HttpRequest(webhookPath('client'), new BslMap());
    await token.m.call('ДобавитьАвторизацию', [request, body, 'msg_01']);
    assert.equal(request.headers.get('Authorization'), 'Bearer abc');
  });

  it('a signature that XORs with the buffer method (8.3.23) fails on 8.3.22 (so the runs above can fail)', async () => {
    const text = commonText(VARIANTS['secret-defaults']!, [
      '\t\tБайт = K0.Получить(Индекс);',
      '\t\tIpad.ЗаписатьПобитовоеИсключительноеИли(0, K0);\n\t\tБайт = K0.Получить(Индекс);',
    ]);
    const key = new BinaryData(KEY);
    const message = new BinaryData(Buffer.from(body));
    await assert.rejects((await load(text, MODULE, '8.3.22.2470')).m.call('HMACSHA256', [key, message]), (e: BslRuntimeError) =>
      e.description.includes('ЗаписатьПобитовоеИсключительноеИли'),
    );
    assert.ok((await (await load(text, MODULE, '8.3.23.2122')).m.call('HMACSHA256', [key, message])) instanceof BinaryData);
  });
});
