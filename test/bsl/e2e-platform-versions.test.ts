import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MINIMUM_PLATFORM } from '../../src/bsl/generator/platform-support.js';
import { ManualClock } from '../../src/bsl/runtime/clock.js';
import { InstalledBase } from '../../src/emulator/installed-base.js';
import { SECRET } from './generated-variants.js';
import { TLS_CERT, TLS_KEY } from './self-signed-tls.js';

/**
 * The installed modules, on each platform version that matters, send a new counterparty to an
 * HTTPS receiver whose certificate no certification authority signed. Where the platform has
 * СертификатыУдостоверяющихЦентровОС (8.3.22.2470+, 8.3.23.2122+, 8.3.24.1446+, 8.3.25+) the
 * module verifies the server against the OS store, so the connection is refused and the record
 * waits in the outbox; below those builds it connects without verifying and the event arrives,
 * signed. Which of the two happened is the path the module took at run time.
 */
const VERSIONS: Array<[string, boolean]> = [
  [MINIMUM_PLATFORM, false],
  ['8.3.22.2469', false],
  ['8.3.22.2470', true],
  ['8.3.23.2121', false],
  ['8.3.23.2122', true],
  ['8.3.24.1445', false],
  ['8.3.24.1446', true],
  ['8.3.25.1000', true],
];

describe('generated modules in the runtime: the TLS path each platform version takes', () => {
  const clock = new ManualClock(Date.UTC(2024, 2, 12, 7, 0), 120);
  const received: Array<{ path: string; signature: string | undefined }> = [];
  let server: https.Server;
  let url = '';
  before(async () => {
    server = https.createServer({ key: TLS_KEY, cert: TLS_CERT }, (req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ path: req.url ?? '', signature: req.headers['webhook-signature'] as string | undefined });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"result":"created"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const [version, verifies] of VERSIONS) {
    it(`${version}: ${verifies ? 'verifies the server and refuses the unsigned certificate' : 'sends without verifying the server'}`, async () => {
      received.length = 0;
      const ib = await InstalledBase.create({
        bsl: { url, sourceId: 'versions', auth: { kind: 'secret', secret: SECRET } },
        style: 'extension',
        platformVersion: version,
        clock,
      });
      const client = ib.create(ib.clientTable);
      client.setProperty('Наименование', 'ТОВ "Версія"');
      await ib.write(client);
      assert.equal(ib.queue().length, 1);
      await ib.runJob();
      if (verifies) {
        assert.deepEqual(received, []);
        assert.equal(ib.queue().length, 1, 'the record waits for a retry');
        const errors = ib.runtime.eventLog.filter((e) => e.level === 'Ошибка' || e.level === 'Предупреждение').map((e) => e.comment);
        assert.ok(
          errors.some((c) => c.includes('SSL connect error (self-signed certificate)')),
          JSON.stringify(errors),
        );
      } else {
        assert.equal(received.length, 1);
        assert.match(received[0]!.signature ?? '', /^v1,[A-Za-z0-9+/]+=*$/);
        assert.equal(ib.queue().length, 0, 'the outbox is empty after a 2xx');
      }
    });
  }
});
