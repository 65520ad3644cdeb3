import { isAscii, isUtf8, transcode } from 'node:buffer';
import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { parse as parseLossless } from 'lossless-json';
import { AppError } from '../errors/app-error.js';
import { PrecisionSignal } from './normalise-values.js';
import type { ObjectChange } from './object-change.js';
import { type EndpointName, WEBHOOK_ENDPOINTS } from './webhook-endpoints.js';

/**
 * Raw bytes → validated, normalised change. Framework-free: the HTTP route hands it the
 * exact bytes it received (the journal and the signature need those, not a re-serialised
 * object: a signature is computed over the bytes as sent).
 */

const BOM = [0xef, 0xbb, 0xbf] as const;

/** `/invoiceData/positions/2/Сумма` → `invoiceData.positions[2].Сумма` */
function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/**
 * Invalid UTF-8 is an error, not U+FFFD; a leading EF BB BF is dropped, because 1C's
 * УстановитьТелоИзСтроки(…, UTF8) writes one. `isUtf8` runs on simdutf.
 * Decoding goes through UTF-16: 1C's bodies are mostly Cyrillic (keys included), which
 * V8's UTF-8 → string path decodes slowly; ICU's transcode plus a UTF-16 copy is several
 * times faster for the same text (docs/decisions/measured-costs.md). Once `isUtf8` has
 * passed, the two give the same string (test/decode-text.test.ts checks it).
 */
function decodeText(body: Buffer): string {
  if (body.length === 0) throw new AppError('EMPTY_BODY');
  if (!isUtf8(body)) throw new AppError('INVALID_ENCODING');
  const bom = body.length >= 3 && body[0] === BOM[0] && body[1] === BOM[1] && body[2] === BOM[2];
  return utf8ToString(bom ? body.subarray(3) : body);
}

/** `transcode` needs ICU; a Node.js built without it keeps V8's own decoder. */
const HAS_TRANSCODE = (() => {
  try {
    return transcode(Buffer.from('Ї', 'utf8'), 'utf8', 'utf16le').toString('utf16le') === 'Ї';
  } catch {
    return false;
  }
})();

/** Valid UTF-8 → string; pure ASCII takes V8's own (fast, one-byte) path. */
export function utf8ToString(bytes: Buffer): string {
  if (!HAS_TRANSCODE) return bytes.toString('utf8');
  if (isAscii(bytes)) return bytes.toString('latin1');
  return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AppError('INVALID_JSON', { message: `The body is not valid JSON: ${(cause as Error).message}`, cause });
  }
}

export interface DecodeOptions {
  /**
   * The body comes from the journal, already accepted: decode it as it was accepted. An
   * impossible ДатаДокумента — stored as no date by versions that did not refuse it — is
   * no date with a warning here, never a refusal of a document already kept.
   */
  stored?: boolean;
}

export function decodeWebhook(endpoint: EndpointName, body: Buffer, options: DecodeOptions = {}): ObjectChange {
  const codec = WEBHOOK_ENDPOINTS.find((e) => e.name === endpoint)!;
  return decodeValidated(codec.check, (value) => codec.normalise(value, options), body);
}

/** Bytes → text → JSON → the schema's check → `normalise`: every endpoint's one path (webhook-decoder.ts). */
export function decodeValidated(check: TypeCheck<TSchema>, normalise: (value: Record<string, unknown>) => ObjectChange, body: Buffer): ObjectChange {
  const text = decodeText(body);
  const value = parseJson(text);
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    const path = first ? dottedPath(first.path) : '';
    const message = first ? `${path || 'body'}: ${first.message}` : 'Invalid payload';
    throw new AppError('INVALID_PAYLOAD', { message, path: path || undefined });
  }
  try {
    return normalise(value as Record<string, unknown>);
  } catch (signal) {
    if (!(signal instanceof PrecisionSignal)) throw signal;
    // A number with more digits than a double keeps: re-read the text losslessly so the
    // stored decimal is exactly what 1C wrote. Rare, so the fast path stays JSON.parse.
    return normalise(parseLossless(text) as Record<string, unknown>);
  }
}
