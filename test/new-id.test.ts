import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate, version } from 'uuid';
import { newId } from '../src/domain/new-id.js';

describe('newId', () => {
  it('mints valid, unique UUIDv7s in creation order, also many within one millisecond', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    for (const id of [ids[0]!, ids[25_000]!, ids.at(-1)!]) {
      assert.ok(validate(id), id);
      assert.equal(version(id), 7);
    }
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
  });

  it('carries the current time in its first 48 bits (RFC 9562 §5.7)', () => {
    const before = Date.now();
    const ms = parseInt(newId().replace(/-/g, '').slice(0, 12), 16);
    assert.ok(ms >= before && ms <= Date.now() + 1, `${ms} not within [${before}, now]`);
  });
});
