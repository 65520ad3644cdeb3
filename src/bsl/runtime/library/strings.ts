/**
 * String functions of the global context. Positions are 1-based; 1C counts UTF-16 code units
 * as JavaScript does. Whitespace for СокрЛП/ПустаяСтрока is any Unicode space, as in 1C.
 */
import { BslError } from '../errors.js';
import type { GlobalFunctionDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { fn, int, n, pure, str } from './args.js';
import { BslArray } from './collections.js';

const WS_START = /^\s+/u;
const WS_END = /\s+$/u;

function find(s: string, sub: string, fromEnd: boolean, start: number | undefined, occurrence: number): number {
  if (sub === '') return 0;
  let count = 0;
  if (!fromEnd) {
    let pos = (start ?? 1) - 1;
    for (;;) {
      const i = s.indexOf(sub, pos);
      if (i < 0) return 0;
      if (++count === occurrence) return i + 1;
      pos = i + 1;
    }
  }
  let pos = (start ?? s.length) - sub.length;
  for (;;) {
    if (pos < 0) return 0;
    const i = s.lastIndexOf(sub, pos);
    if (i < 0) return 0;
    if (++count === occurrence) return i + 1;
    pos = i - 1;
  }
}

function searchDirectionFromEnd(v: BslValue): boolean {
  // НаправлениеПоиска.СКонца / FromEnd
  return isObject(v) && /^(сконца|fromend)$/i.test(v.presentation?.() ?? '');
}

export const STRING_FUNCTIONS: GlobalFunctionDef[] = [
  pure('СтрДлина', 'StrLen', 1, 1, ([s]) => n(str(s).length)),
  pure('СокрЛ', 'TrimL', 1, 1, ([s]) => str(s).replace(WS_START, '')),
  pure('СокрП', 'TrimR', 1, 1, ([s]) => str(s).replace(WS_END, '')),
  pure('СокрЛП', 'TrimAll', 1, 1, ([s]) => str(s).replace(WS_START, '').replace(WS_END, '')),
  pure('Лев', 'Left', 2, 2, ([s, c]) => str(s).slice(0, Math.max(0, int(c)))),
  pure('Прав', 'Right', 2, 2, ([s, c]) => {
    const k = Math.max(0, int(c));
    const t = str(s);
    return k === 0 ? '' : t.slice(-k);
  }),
  pure('Сред', 'Mid', 2, 3, ([s, start, count]) => {
    const t = str(s);
    const from = Math.max(1, int(start)) - 1;
    return count === undefined ? t.slice(from) : t.slice(from, from + Math.max(0, int(count)));
  }),
  pure('ВРег', 'Upper', 1, 1, ([s]) => str(s).toUpperCase()),
  pure('НРег', 'Lower', 1, 1, ([s]) => str(s).toLowerCase()),
  pure('ТРег', 'Title', 1, 1, ([s]) =>
    str(s)
      .toLowerCase()
      .replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  ),
  pure('ПустаяСтрока', 'IsBlankString', 1, 1, ([s]) => str(s).trim() === ''),
  pure('СтрНайти', 'StrFind', 2, 5, ([s, sub, dir, start, occ]) =>
    n(find(str(s), str(sub), searchDirectionFromEnd(dir), start === undefined ? undefined : int(start), occ === undefined ? 1 : int(occ))),
  ),
  pure('Найти', 'Find', 2, 2, ([s, sub]) => n(str(sub) === '' ? 1 : str(s).indexOf(str(sub)) + 1)),
  pure('СтрЗаменить', 'StrReplace', 3, 3, ([s, what, by]) => {
    const w = str(what);
    return w === '' ? str(s) : str(s).split(w).join(str(by));
  }),
  pure('СтрЧислоВхождений', 'StrOccurrenceCount', 2, 2, ([s, sub]) => n(str(sub) === '' ? 0 : str(s).split(str(sub)).length - 1)),
  pure('СтрНачинаетсяС', 'StrStartsWith', 2, 2, ([s, p]) => {
    if (str(p) === '') throw new BslError('Недопустимое значение параметра (параметр номер 2)');
    return str(s).startsWith(str(p));
  }),
  pure('СтрЗаканчиваетсяНа', 'StrEndsWith', 2, 2, ([s, p]) => {
    if (str(p) === '') throw new BslError('Недопустимое значение параметра (параметр номер 2)');
    return str(s).endsWith(str(p));
  }),
  pure('СтрРазделить', 'StrSplit', 2, 3, ([s, seps, includeEmpty]) => {
    const separators = str(seps);
    const parts: string[] = [];
    let cur = '';
    for (const ch of str(s)) {
      if (separators.includes(ch)) {
        parts.push(cur);
        cur = '';
      } else cur += ch;
    }
    parts.push(cur);
    const keep = includeEmpty === undefined ? true : includeEmpty === true;
    return new BslArray(keep ? parts : parts.filter((x) => x !== ''));
  }),
  fn('СтрСоединить', 'StrConcat', 1, 2, async ([arr, sep], ctx) => {
    if (!isObject(arr) || !arr.iterate) throw new BslError('Неверный тип параметра (параметр номер 1)');
    const items: string[] = [];
    for await (const v of arr.iterate(ctx)) items.push(str(v));
    return items.join(sep === undefined ? '' : str(sep));
  }),
  pure('СтрШаблон', 'StrTemplate', 1, 11, ([template, ...params]) =>
    str(template).replace(/%(%|\d+|\((\d+)\))/g, (m, tok: string, paren?: string) => {
      if (tok === '%') return '%';
      const digits = paren ?? tok;
      // %10 is the tenth parameter; %11 is the first followed by "1".
      const idx = digits.startsWith('10') ? 10 : Number(digits[0]);
      const tail = paren ? '' : digits.slice(idx === 10 ? 2 : 1);
      if (idx < 1 || idx > params.length) {
        if (idx > 10 || idx < 1) return m;
        throw new BslError(`Недостаточно параметров для подстановки (%${idx})`);
      }
      return str(params[idx - 1]) + tail;
    }),
  ),
  pure('СтрЧислоСтрок', 'StrLineCount', 1, 1, ([s]) => n(str(s).split(/\r\n|\n|\r/).length)),
  pure('СтрПолучитьСтроку', 'StrGetLine', 2, 2, ([s, i]) => str(s).split(/\r\n|\n|\r/)[int(i) - 1] ?? ''),
  pure('СтрСравнить', 'StrCompare', 2, 2, ([a, b]) => {
    const x = str(a).toLowerCase();
    const y = str(b).toLowerCase();
    return n(x < y ? -1 : x > y ? 1 : 0);
  }),
  pure('Символ', 'Char', 1, 1, ([c]) => String.fromCodePoint(int(c))),
  pure('КодСимвола', 'CharCode', 1, 2, ([s, pos]) => {
    const t = str(s);
    const i = (pos === undefined ? 1 : int(pos)) - 1;
    return n(i < 0 || i >= t.length ? -1 : t.charCodeAt(i));
  }),
];
