/**
 * The generated common module's platform-dependent line, executed: НовоеСоединение creates
 * СертификатыУдостоверяющихЦентровОС. On a platform without that type the runtime fails the
 * line exactly as 1C does, so a module that creates it unconditionally breaks every send on
 * 8.3.18–8.3.21; a module that checks СистемнаяИнформация().ВерсияПриложения first connects on
 * every version.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBsl } from '../../../src/bsl/generator/index.js';
import type { BslRuntimeError } from '../../../src/bsl/runtime/index.js';
import { HttpConnection } from '../../../src/bsl/runtime/library/http.js';
import { load } from './helpers.js';

const text = generateBsl({
  url: 'https://erp.example.com',
  sourceId: 'buh-main',
  auth: { kind: 'secret', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
}).find((f) => f.path.startsWith('common/'))!.content;
/** The module decides at run time whether the platform has the OS certificate store. */
const versionAware = /ВерсияПриложения/.test(text);

describe('BSL runtime: the generated connection on old and new platforms', () => {
  for (const version of ['8.3.10.2168', '8.3.18.1483', '8.3.21.1895', '8.3.22.2470', '8.3.24.1500']) {
    const hasOsStore = ['8.3.22.2470', '8.3.24.1500'].includes(version);
    it(`${version}: ${versionAware || hasOsStore ? 'connects' : 'fails where 1C fails: Тип не определен'}`, async () => {
      const { m } = await load(text, 'ОбщийМодуль.СинхронизацияERP.Модуль', version);
      if (versionAware || hasOsStore) {
        const connection = await m.call('НовоеСоединение');
        assert.ok(connection instanceof HttpConnection);
        assert.equal(connection.host, 'erp.example.com');
        assert.equal(connection.port, 443);
        assert.equal(connection.timeoutSeconds, 30);
        assert.ok(connection.tls);
      } else {
        await assert.rejects(
          m.call('НовоеСоединение'),
          (e: BslRuntimeError) =>
            e.description === 'Тип не определен (СертификатыУдостоверяющихЦентровОС)' && e.position.module === 'ОбщийМодуль.СинхронизацияERP.Модуль',
        );
      }
    });
  }
});
