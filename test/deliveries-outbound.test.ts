import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backoffDelay, retryAfterMs, verdict } from '../src/deliveries/delivery-policy.js';
import { OutboundClient } from '../src/deliveries/outbound-client.js';
import { isPrivateAddress } from '../src/deliveries/private-address.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/** The outbound HTTP client of deliveries against a real local server: SSRF guard, redirects, body limit, deadline. */

describe('private addresses', () => {
  it('refuses loopback, link-local, private, mapped and special ranges; passes public ones', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.1',
      '10.0.0.5',
      '172.16.3.4',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc12::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.1.1.1',
      '[::1]',
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '193.0.6.139', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });
});

describe('outbound client', () => {
  let receiver: WebhookReceiver;
  before(async () => (receiver = await new WebhookReceiver().start()));
  after(() => receiver.close());
  const port = () => new URL(receiver.url).port;

  it('refuses a name that resolves to loopback, and an IP literal, unless private targets are allowed', async () => {
    const strict = new OutboundClient({ timeoutMs: 2000, responseLimit: 1024, allowPrivateTargets: false });
    try {
      for (const url of [`http://localhost:${port()}/`, `http://127.0.0.1:${port()}/`, `http://[::ffff:127.0.0.1]:${port()}/`]) {
        const result = await strict.post(url, Buffer.from('{}'), { 'content-type': 'application/json' });
        assert.equal(result.kind, 'failure', url);
        assert.equal(result.kind === 'failure' && result.failure, 'refused-target', url);
        assert.equal(verdict(result), 'dead', 'a refused target is not retried');
      }
      assert.equal(receiver.requests.length, 0, 'nothing reached the server');
    } finally {
      await strict.close();
    }
    const open = new OutboundClient({ timeoutMs: 2000, responseLimit: 1024, allowPrivateTargets: true });
    try {
      const result = await open.post(`http://localhost:${port()}/`, Buffer.from('{}'), {});
      assert.equal(result.kind === 'response' && result.status, 200);
    } finally {
      await open.close();
    }
  });

  it('does not follow redirects, reads the answer up to the limit, and gives up at the deadline', async () => {
    const client = new OutboundClient({ timeoutMs: 500, responseLimit: 100, allowPrivateTargets: true });
    try {
      receiver.respond = (r) =>
        r.path === '/moved'
          ? { status: 307, headers: { location: `${receiver.url}/elsewhere` } }
          : r.path === '/big'
            ? { status: 200, body: 'я'.repeat(100_000) }
            : 'hang';
      const before = receiver.requests.length;
      const moved = await client.post(`${receiver.url}/moved`, Buffer.from('{}'), {});
      assert.equal(moved.kind === 'response' && moved.status, 307);
      assert.equal(verdict(moved), 'dead');
      const big = await client.post(`${receiver.url}/big`, Buffer.from('{}'), {});
      assert.ok(big.kind === 'response' && big.body.length === 100 && big.truncated);
      const hung = await client.post(`${receiver.url}/hang`, Buffer.from('{}'), {});
      assert.equal(hung.kind === 'failure' && hung.failure, 'timeout');
      assert.equal(verdict(hung), 'retry');
      assert.deepEqual(
        receiver.requests.slice(before).map((r) => r.path),
        ['/moved', '/big', '/hang'],
        'the redirect target was never asked',
      );
    } finally {
      await client.close();
    }
  });
});

describe('delivery policy', () => {
  it('2xx done; 408, 429, 5xx and transport errors retry; other answers dead-letter', () => {
    const response = (status: number) => ({ kind: 'response' as const, status, headers: {}, body: Buffer.alloc(0), truncated: false, latencyMs: 1 });
    assert.deepEqual(
      [200, 204, 299].map((s) => verdict(response(s))),
      ['ok', 'ok', 'ok'],
    );
    assert.deepEqual(
      [408, 429, 500, 502, 503, 504].map((s) => verdict(response(s))),
      Array(6).fill('retry'),
    );
    assert.deepEqual(
      [301, 400, 401, 403, 404, 409, 410, 422].map((s) => verdict(response(s))),
      Array(8).fill('dead'),
    );
    assert.equal(verdict({ kind: 'failure', failure: 'connection', message: 'ECONNREFUSED', latencyMs: 1 }), 'retry');
  });

  it('backs off exponentially with jitter, capped, honouring a longer Retry-After', () => {
    const settings = { backoffBaseMs: 1000, backoffMaxMs: 60_000 };
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffDelay(n, settings, undefined, () => 1)),
      [1000, 2000, 4000, 8000],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => backoffDelay(n, settings, undefined, () => 0)),
      [500, 1000, 2000],
      'half of the delay is random',
    );
    assert.equal(
      backoffDelay(30, settings, undefined, () => 1),
      60_000,
      'capped',
    );
    assert.equal(
      backoffDelay(1, settings, 30_000, () => 0),
      30_000,
      'Retry-After asks for longer',
    );
    assert.equal(
      backoffDelay(1, settings, 3_600_000, () => 0),
      60_000,
      'but not past the cap',
    );
    const now = new Date('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(retryAfterMs('soon', now), undefined);
  });
});
