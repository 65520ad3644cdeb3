import { hash } from 'node:crypto';
import { compositeKey } from '../domain/object-identity.js';
import type { ObjectWrite } from './object-write.js';
import { shippedDecoder, type WebhookDecoder } from './webhook-decoder.js';

export interface Decoded {
  change: ObjectWrite;
  /** sha256 of the raw bytes, BOM included. */
  bodyHash: string;
}

/**
 * Raw bytes → what the writer needs (the flat `ObjectWrite`).
 *
 * Re-posting a document in 1C sends the very same bytes again and again (every
 * re-post fires ПриЗаписи, whether or not anything changed). Decoding is pure, so a small LRU keyed by the bytes'
 * hash skips it for repeats; a miss costs one SHA-256 of the body (a few µs).
 * Only successful decodes are cached: refusals are rare and journaled anyway.
 */
export class DecodeCache {
  private readonly entries = new Map<string, ObjectWrite>();

  constructor(
    private readonly capacity = 512,
    private readonly decoder: WebhookDecoder = shippedDecoder(),
  ) {}

  decode(endpoint: string, body: Buffer): Decoded {
    const bodyHash = hash('sha256', body, 'base64url');
    const key = compositeKey(endpoint, bodyHash);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { change: hit, bodyHash };
    }
    const change = this.decoder.write(endpoint, body);
    this.entries.set(key, change);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return { change, bodyHash };
  }
}
