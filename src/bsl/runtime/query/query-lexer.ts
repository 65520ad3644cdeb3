/**
 * Tokens of the 1C query language. Keywords are reserved in both spellings at once and compared
 * case-insensitively, like the rest of 1C; `//` comments run to the end of the line. The BSL
 * lexer has already removed the `|` that continues a multi-line string literal, so the text
 * seen here is the query exactly as the platform receives it.
 */
import type { QueryPosition } from './query-ast.js';

export type QueryKeyword =
  | 'SELECT'
  | 'DISTINCT'
  | 'TOP'
  | 'AS'
  | 'FROM'
  | 'WHERE'
  | 'AND'
  | 'OR'
  | 'NOT'
  | 'IN'
  | 'BETWEEN'
  | 'GROUP'
  | 'ORDER'
  | 'BY'
  | 'DESC'
  | 'ASC'
  | 'TRUE'
  | 'FALSE'
  | 'NULL'
  | 'UNDEFINED'
  | 'IS'
  | 'MIN'
  | 'MAX'
  | 'COUNT'
  | 'SUM'
  | 'AVG'
  | 'DATETIME'
  | 'ALLOWED';

const RUSSIAN: Record<QueryKeyword, string | undefined> = {
  SELECT: 'ВЫБРАТЬ',
  DISTINCT: 'РАЗЛИЧНЫЕ',
  TOP: 'ПЕРВЫЕ',
  AS: 'КАК',
  FROM: 'ИЗ',
  WHERE: 'ГДЕ',
  AND: 'И',
  OR: 'ИЛИ',
  NOT: 'НЕ',
  IN: 'В',
  BETWEEN: 'МЕЖДУ',
  GROUP: 'СГРУППИРОВАТЬ',
  ORDER: 'УПОРЯДОЧИТЬ',
  BY: 'ПО',
  DESC: 'УБЫВ',
  ASC: 'ВОЗР',
  TRUE: 'ИСТИНА',
  FALSE: 'ЛОЖЬ',
  NULL: undefined,
  UNDEFINED: 'НЕОПРЕДЕЛЕНО',
  IS: 'ЕСТЬ',
  MIN: 'МИНИМУМ',
  MAX: 'МАКСИМУМ',
  COUNT: 'КОЛИЧЕСТВО',
  SUM: 'СУММА',
  AVG: 'СРЕДНЕЕ',
  DATETIME: 'ДАТАВРЕМЯ',
  ALLOWED: 'РАЗРЕШЕННЫЕ',
};

const BY_LOWER = new Map<string, QueryKeyword>();
for (const [en, ru] of Object.entries(RUSSIAN) as Array<[QueryKeyword, string | undefined]>) {
  BY_LOWER.set(en.toLowerCase(), en);
  if (ru) BY_LOWER.set(ru.toLowerCase(), en);
}

export type QueryTokenKind = 'word' | 'number' | 'string' | 'parameter' | 'punct' | 'eof';

export interface QueryToken extends QueryPosition {
  kind: QueryTokenKind;
  /** Source text; the decoded value for a string, the name for a parameter. */
  text: string;
  keyword?: QueryKeyword;
}

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    // The platform's own form: {(line, column)}: message.
    super(`{(${line}, ${column})}: ${message}`);
    this.name = 'QuerySyntaxError';
  }
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}0-9_]/u;
const PUNCT2 = new Set(['<=', '>=', '<>']);
const PUNCT1 = new Set(['.', ',', '(', ')', '=', '<', '>', '+', '-', '*', '/', ';']);

export function tokenizeQuery(text: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): QueryPosition => ({ line, column: i - lineStart + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const pos = at();
    if (IDENT_START.test(c)) {
      const start = i;
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      const word = text.slice(start, i);
      // After a dot any word is a name (Очередь.Количество is a field, not the aggregate).
      const afterDot = tokens.length > 0 && tokens[tokens.length - 1]!.text === '.' && tokens[tokens.length - 1]!.kind === 'punct';
      const keyword = afterDot ? undefined : BY_LOWER.get(word.toLowerCase());
      tokens.push({ kind: 'word', text: word, keyword, ...pos });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const start = i;
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      }
      tokens.push({ kind: 'number', text: text.slice(start, i), ...pos });
      continue;
    }
    if (c === '"') {
      // "" inside a string is one quote, as in BSL.
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new QuerySyntaxError('Не закрыт строковый литерал', pos.line, pos.column);
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: value, ...pos });
      continue;
    }
    if (c === '&') {
      const start = ++i;
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      if (i === start) throw new QuerySyntaxError('Ожидается имя параметра после &', pos.line, pos.column);
      tokens.push({ kind: 'parameter', text: text.slice(start, i), ...pos });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      tokens.push({ kind: 'punct', text: two, ...pos });
      i += 2;
      continue;
    }
    if (PUNCT1.has(c)) {
      tokens.push({ kind: 'punct', text: c, ...pos });
      i++;
      continue;
    }
    throw new QuerySyntaxError(`Неожиданный символ "${c}"`, pos.line, pos.column);
  }
  tokens.push({ kind: 'eof', text: '', ...at() });
  return tokens;
}
