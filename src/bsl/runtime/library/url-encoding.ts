/**
 * КодироватьСтроку / РаскодироватьСтроку with СпособКодированияСтроки, over the UTF-8 bytes of
 * the text (RFC 3986 percent-encoding, upper-case hex).
 *
 * - КодировкаURL encodes a component: everything but the unreserved characters
 *   `A–Z a–z 0–9 - . _ ~` becomes %XX, so `!*()'` and a space (%20) are escaped too.
 * - URLВКодировкеURL encodes a whole URL: the reserved characters that give it its structure
 *   (`: / ? # [ ] @ ! $ & ' ( ) * + , ; =`) and `%` stay as they are.
 *
 * Decoding turns every valid %XX back into its byte and reads the bytes as UTF-8; a `%` not
 * followed by two hex digits stays as written, and `+` is not a space.
 */
import type { GlobalFunctionDef } from '../host-api.js';
import type { BslValue } from '../values.js';
import { pure, str } from './args.js';
import { systemEnumValue } from './enums.js';

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const URL_STRUCTURE = new Set([...":/?#[]@!$&'()*+,;=%"]);

function wholeUrl(method: BslValue): boolean {
  return method === systemEnumValue('СпособКодированияСтроки', 'URLВКодировкеURL');
}

export function encodeUrlString(text: string, keepUrlStructure: boolean): string {
  let out = '';
  for (const ch of text) {
    if (UNRESERVED.test(ch) || (keepUrlStructure && URL_STRUCTURE.has(ch))) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeUrlString(text: string): string {
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += text[i];
  }
  flush();
  return out;
}

export const URL_ENCODING_FUNCTIONS: GlobalFunctionDef[] = [
  pure('КодироватьСтроку', 'EncodeString', 2, 3, ([s, method]) => encodeUrlString(str(s), wholeUrl(method))),
  pure('РаскодироватьСтроку', 'DecodeString', 2, 3, ([s]) => decodeUrlString(str(s))),
];
