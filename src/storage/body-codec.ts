import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Raw bodies at rest on SQLite (docs/ARCHITECTURE.md, "Raw bodies compressed at rest").
 * PostgreSQL compresses them itself (TOAST with LZ4, migration 006), so only SQLite's
 * writer calls `compressBody`; every reader goes through `storedBody`, on both dialects.
 *
 * `events.body_encoding` says how `events.body` is stored: null — the bytes as received;
 * 'deflate-raw' — RFC 1951 deflate without a zlib or gzip header, level 1. A column, not a
 * magic prefix: a body is whatever 1C (or anyone) sent, so no prefix is safe from
 * colliding with real bytes, a BOM included. Chosen by measurement on 20-position
 * incoming invoices (bench/body-codec.ts; the figures in docs/decisions/measured-costs.md):
 * brotli compresses no smaller for the same CPU, and deflate
 * is what any tool reads (Python's zlib with wbits=-15). Level 1 (zlib's fast path) rather
 * than 6: in a window sized to the body it compresses a 6 KB invoice in two thirds of the
 * time for a tenth more bytes — the ingest path's CPU matters more than 100 bytes of disk.
 * The level is the writer's alone: inflating reads any level, so rows of either stay readable.
 */
export type BodyEncoding = 'deflate-raw';

export const BODY_ENCODING: BodyEncoding = 'deflate-raw';

/** Below this a body is kept as it is: deflate's gain is a few bytes, not worth a codec. */
export const MIN_COMPRESSED_BYTES = 256;

/**
 * zlib's defaults (a 32 KiB window, a 64 KiB hash table) are sized for streams; every
 * `deflateRawSync` sets up a new stream and zeroes its window, match chain and hash table
 * — 192 KiB of memset per body, a third of the instructions of compressing a 6 KiB
 * invoice. A window of the next power of two above the body (plus deflate's 262-byte
 * lookahead, so no match distance is cut) and a hash table and symbol buffer scaled with
 * it find the same matches in one block: the output is the same deflate stream the level
 * writes with the defaults (test/journal-compression.test.ts checks it on 1C's bodies),
 * and any inflater reads it, whose window is the largest (15 bits).
 */
export const BODY_DEFLATE_LEVEL = 1;

function streamOptions(size: number): { level: number; windowBits: number; memLevel: number } {
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(size + 262))));
  // zlib: 2^(memLevel + 7) hash slots and 2^(memLevel + 6) symbols per block — as many
  // symbols as the window holds bytes, so a body below 32 KiB is one block as with the default (8).
  return { level: BODY_DEFLATE_LEVEL, windowBits, memLevel: Math.min(8, windowBits - 6) };
}

export function compressBody(body: Uint8Array): { body: Buffer; encoding: BodyEncoding } | null {
  if (body.byteLength < MIN_COMPRESSED_BYTES) return null;
  const packed = deflateRawSync(body, streamOptions(body.byteLength));
  // Random bytes (or an already compressed upload) grow: keep those as they came.
  return packed.length < body.byteLength ? { body: packed, encoding: BODY_ENCODING } : null;
}

/** The bytes exactly as received, whatever the row's encoding. */
export function storedBody(body: Uint8Array | null | undefined, encoding: string | null | undefined): Buffer | null {
  if (!body) return null;
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!encoding) return bytes;
  if (encoding === BODY_ENCODING) return inflateRawSync(bytes);
  throw new Error(`unknown body encoding ${encoding}`);
}
