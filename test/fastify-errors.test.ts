import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ERROR_CODES } from '../src/errors/error-codes.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/** What Fastify and Node.js refuse on their own is answered with the registry's codes, never FST_* or BAD_REQUEST. */
describe('framework errors answer registry codes', () => {
  let t: TestService;
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(t.baseUrl + path, { ...init, headers: { ...admin, ...(init.headers as Record<string, string>) } });
    return { status: res.status, body: (await res.json()) as { error: { code: string; retry: boolean } } };
  };
  const expectCode = (answer: { status: number; body: { error: { code: string; retry: boolean } } }, code: keyof typeof ERROR_CODES) => {
    assert.equal(answer.body.error.code, code);
    assert.equal(answer.status, ERROR_CODES[code].status);
    assert.equal(answer.body.error.retry, ERROR_CODES[code].retry);
  };

  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_BODY_LIMIT: '2048' });
  });
  after(() => t?.close());

  it('an unsupported media type on a JSON route: UNSUPPORTED_MEDIA_TYPE', async () => {
    expectCode(await send('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<source/>' }), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('malformed JSON on a JSON route: INVALID_JSON; an empty JSON body: EMPTY_BODY', async () => {
    expectCode(await send('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }), 'INVALID_JSON');
    expectCode(await send('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }), 'EMPTY_BODY');
  });

  it("a route's schema failure: INVALID_REQUEST with the field's path", async () => {
    const answer = await send('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"ТОВ"}' });
    expectCode(answer, 'INVALID_REQUEST');
    assert.equal((answer.body.error as { path?: string }).path, 'body.name');
  });

  it('a body over the limit: PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(4096) });
    expectCode(await send('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body }), 'PAYLOAD_TOO_LARGE');
  });

  it('a path parameter longer than any id: URL_TOO_LONG; a path that is not a valid URL: MALFORMED_REQUEST', async () => {
    expectCode(await send(`/api/v1/invoices/${'a'.repeat(200)}`), 'URL_TOO_LONG');
    expectCode(await send('/api/v1/invoices/%E0%A4%A'), 'MALFORMED_REQUEST');
  });

  it('a URL over the header size limit: HEADERS_TOO_LARGE, in the registry shape, on the raw socket', async () => {
    const { port } = new URL(t.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /api/v1/invoices?q=${'a'.repeat(64 * 1024)} HTTP/1.1\r\nhost: localhost\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
      socket.setTimeout(10_000, () => reject(new Error('no answer within 10 s')));
    });
    assert.match(raw, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    assert.deepEqual(body.error.code, 'HEADERS_TOO_LARGE');
    assert.equal(body.error.retry, false);
  });
});
