import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { checkTimestamp, matchingSecret, sign } from '../src/auth/standard-webhooks.js';
import { AppError } from '../src/errors/app-error.js';

/**
 * Known answers from the Standard Webhooks project (its reference libraries' tests, the
 * same vector in each language: "sign function works"). They pin the signed content
 * `{id}.{timestamp}.{body}`, the base64 key after `whsec_` and the `v1,<base64>` form
 * against a signature nobody here computed.
 */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error.code;
  }
  return 'no error';
};

describe('Standard Webhooks known answers', () => {
  it('signs the specification vector exactly, with and without the whsec_ prefix', () => {
    assert.equal(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.body)), VECTOR.signature);
    assert.equal(sign(VECTOR.secret.slice('whsec_'.length), VECTOR.id, String(VECTOR.timestamp), Buffer.from(VECTOR.body)), VECTOR.signature);
    // The reference library agrees (it is what the other tests sign with).
    assert.equal(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body), VECTOR.signature);
  });

  it('verifies the vector, alone and among other versions and wrong v1 signatures (the libraries’ multi-signature case)', () => {
    const candidates = [
      { secret: `whsec_${randomBytes(32).toString('base64')}`, name: 'other' },
      { secret: VECTOR.secret, name: 'vector' },
    ];
    const headers = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    assert.equal(matchingSecret(candidates, headers, Buffer.from(VECTOR.body))?.name, 'vector');
    const multi = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      VECTOR.signature,
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
    ].join(' ');
    assert.equal(matchingSecret(candidates, { ...headers, signature: multi }, Buffer.from(VECTOR.body))?.name, 'vector');
  });

  it('refuses the vector with any one part changed', () => {
    const body = Buffer.from(VECTOR.body);
    const headers = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    const secret = [{ secret: VECTOR.secret }];
    assert.equal(matchingSecret(secret, { ...headers, id: 'msg_p5jXN8AQM9LWM0D4loKWxJeK' }, body), undefined, 'id');
    assert.equal(matchingSecret(secret, { ...headers, timestamp: String(VECTOR.timestamp + 1) }, body), undefined, 'timestamp');
    assert.equal(matchingSecret(secret, headers, Buffer.from('{"test": 2432232315}')), undefined, 'body');
    assert.equal(matchingSecret(secret, headers, Buffer.from(`\uFEFF${VECTOR.body}`)), undefined, 'a BOM is part of the bytes');
    assert.equal(matchingSecret([{ secret: `whsec_${randomBytes(24).toString('base64')}` }], headers, body), undefined, 'secret');
    // The libraries' malformed cases: only a v2 signature, a partial one, an empty one.
    assert.equal(
      code(() => matchingSecret(secret, { ...headers, signature: VECTOR.signature.replace('v1,', 'v2,') }, body)),
      'AUTH_MALFORMED',
    );
    assert.equal(
      code(() => matchingSecret(secret, { ...headers, signature: VECTOR.signature.slice(0, 8) }, body)),
      'AUTH_MALFORMED',
    );
    assert.equal(
      code(() => matchingSecret(secret, { ...headers, signature: 'v1,' }, body)),
      'AUTH_MALFORMED',
    );
    assert.equal(
      code(() => matchingSecret(secret, { ...headers, signature: 'v1,dawfeoifkpqwoekfpqoekf' }, body)),
      'AUTH_MALFORMED',
    );
  });

  it('accepts what the reference library signs over 1C bytes (BOM, CR LF, Cyrillic), and the library accepts ours', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\r\n\t"Постачальник": "ТОВ «Ромашка»",\r\n\t"Сумма": 1234.5\r\n}', 'utf8')]);
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const theirs = new Webhook(secret).sign(id, now, body);
    assert.ok(matchingSecret([{ secret }], { id, timestamp: String(timestamp), signature: theirs }, body));
    const ours = sign(secret, id, timestamp, body);
    assert.equal(ours, theirs);
    assert.doesNotThrow(() =>
      new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': ours }, { jsonParse: false }),
    );
  });

  it('bounds the timestamp both ways at the tolerance, inclusive', () => {
    const now = VECTOR.timestamp * 1000;
    assert.equal(
      code(() => checkTimestamp(String(VECTOR.timestamp - 300), now, 300)),
      'no error',
    );
    assert.equal(
      code(() => checkTimestamp(String(VECTOR.timestamp + 300), now, 300)),
      'no error',
    );
    assert.equal(
      code(() => checkTimestamp(String(VECTOR.timestamp - 301), now, 300)),
      'AUTH_TIMESTAMP_OUT_OF_WINDOW',
    );
    assert.equal(
      code(() => checkTimestamp(String(VECTOR.timestamp + 301), now, 300)),
      'AUTH_TIMESTAMP_OUT_OF_WINDOW',
    );
    assert.equal(
      code(() => checkTimestamp('hello', now, 300)),
      'AUTH_MALFORMED',
    );
    assert.equal(
      code(() => checkTimestamp(String(VECTOR.timestamp * 1000), now, 300)),
      'AUTH_MALFORMED',
      'milliseconds are not Unix seconds',
    );
  });
});
