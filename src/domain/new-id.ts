import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * A new UUIDv7 (RFC 9562) for an event or an object: ordered by creation time, so
 * ordering by id is ordering by arrival (docs/decisions/storage-and-reads.md, "Portable column types").
 *
 * uuid's `v7()` asks WebCrypto for 16 bytes on every call, most of its cost per id, paid
 * once per request. Here the random bytes come from a pool refilled 4 KB at a time, and the monotonic state uuid keeps when it draws the
 * bytes itself is kept here — RFC 9562 §6.2 method 1: a counter, seeded randomly each
 * millisecond, that orders ids minted within one millisecond.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;
let msecs = -Infinity;
let seq = 0;

export function newId(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, used + 16);
  used += 16;
  const now = Date.now();
  if (now > msecs) {
    msecs = now;
    // 31 random bits, as uuid seeds it: room to count up within the millisecond.
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) msecs++;
  }
  return v7({ random, msecs, seq });
}
