/**
 * НСтр: a multilingual string `ru = 'Текст'; uk = 'Текст'; en = 'Text'`. With a language code
 * it gives that language's text, or "" when the string has none. Without one it gives the
 * session's language (this runtime: `ru`, the main language of the configurations it runs),
 * then `en`, then the first text (OneScript's order). Values may be quoted with ' or " (a
 * doubled quote is one quote) or unquoted up to the next `;`.
 */
import type { GlobalFunctionDef } from '../host-api.js';
import { pure, str } from './args.js';

export const SESSION_LANGUAGE = 'ru';

/** code (lower case) → text, in the order written. */
export function parseNStr(src: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const skip = (): void => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  while (i < src.length) {
    skip();
    const eq = src.indexOf('=', i);
    if (eq < 0) break;
    const code = src.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    skip();
    let value = '';
    const q = src[i];
    if (q === "'" || q === '"') {
      i++;
      for (;;) {
        if (i >= src.length) break;
        const c = src[i]!;
        if (c === q) {
          if (src[i + 1] === q) {
            value += q;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      const semi = src.indexOf(';', i);
      i = semi < 0 ? src.length : semi + 1;
    } else {
      const semi = src.indexOf(';', i);
      value = src.slice(i, semi < 0 ? src.length : semi).trim();
      i = semi < 0 ? src.length : semi + 1;
    }
    if (code !== '' && !out.has(code)) out.set(code, value);
  }
  return out;
}

export function nstr(src: string, language?: string): string {
  const texts = parseNStr(src);
  if (language !== undefined) return texts.get(language.trim().toLowerCase()) ?? '';
  return texts.get(SESSION_LANGUAGE) ?? texts.get('en') ?? texts.values().next().value ?? '';
}

export const NSTR_FUNCTIONS: GlobalFunctionDef[] = [pure('НСтр', 'NStr', 1, 2, ([s, lang]) => nstr(str(s), lang === undefined ? undefined : str(lang)))];
