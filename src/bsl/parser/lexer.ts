/**
 * Splits BSL source into tokens. Comments and whitespace are dropped; preprocessor lines
 * (`#Область`, `#Если`) are set aside as directives, because the 1C preprocessor works on
 * whole lines and may cut through statements, so the parser must not see them.
 */
import type { BslError } from './ast.js';
import { type Keyword, lookupKeyword } from './keywords.js';

/** `unknown` is a character no token can start with; the parser stops on it with the lexer's message. */
export type TokenKind = 'word' | 'number' | 'string' | 'date' | 'punct' | 'unknown' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text; for a string the decoded value, for a date the text between the quotes. */
  text: string;
  /** Set for reserved words, except right after `.`, `~` or `&`, where any word is a name. */
  keyword?: Keyword;
  line: number;
  column: number;
  /** Position just after the token (where a missing `;` belongs). */
  endLine: number;
  endColumn: number;
  /** A string literal that reached the end of its line without a closing quote. */
  unterminated?: boolean;
}

export interface Directive {
  text: string;
  line: number;
  column: number;
}

export interface LexResult {
  tokens: Token[];
  directives: Directive[];
  errors: BslError[];
}

const PUNCT2 = new Set(['<=', '>=', '<>']);
const PUNCT1 = new Set(['.', ',', ';', '(', ')', '[', ']', '=', '+', '-', '*', '/', '%', '<', '>', '?', '~', ':', '&']);
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}0-9_]/u;
const DIGIT = /[0-9]/;
// Whitespace 1C tolerates between tokens; a BOM may head a module exported from the configurator.
const SPACE = /[ \t\r\f\v\u00A0\uFEFF]/;

export function tokenize(src: string): LexResult {
  const tokens: Token[] = [];
  const directives: Directive[] = [];
  const errors: BslError[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  const n = src.length;
  const col = (at: number): number => at - lineStart + 1;

  // Lines between #Удаление and #КонецУдаления are code an extension removes: not compiled.
  let deleting = 0;
  const push = (kind: TokenKind, text: string, startLine: number, startCol: number, keyword?: Keyword, unterminated?: boolean): void => {
    atLineStart = false;
    if (deleting > 0) return;
    const t: Token = { kind, text, keyword, line: startLine, column: startCol, endLine: line, endColumn: col(i) };
    if (unterminated) t.unterminated = true;
    tokens.push(t);
  };

  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      i = lineEnd(src, i);
      continue;
    }
    const startLine = line;
    const startCol = col(i);
    if (c === '#') {
      const end = lineEnd(src, i);
      if (!atLineStart) {
        errors.push({ message: 'A preprocessor instruction (#...) must begin its own line', line, column: startCol });
      } else {
        const text = stripComment(src.slice(i + 1, end)).trim();
        directives.push({ text, line, column: startCol });
        const word = /^[\p{L}]*/u.exec(text)![0].toLowerCase();
        if (word === 'удаление' || word === 'delete') deleting++;
        if ((word === 'конецудаления' || word === 'enddelete') && deleting > 0) deleting--;
      }
      i = end;
      continue;
    }
    if (c === '"') {
      const res = lexString(src, i);
      for (const nl of res.newlines) {
        line++;
        lineStart = nl + 1;
      }
      i = res.end;
      if (res.unterminated) errors.push({ message: 'Unterminated string literal', line: startLine, column: startCol });
      push('string', res.value, startLine, startCol, undefined, res.unterminated);
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'" && src[j] !== '\n') j++;
      const inner = src.slice(i + 1, j);
      if (src[j] !== "'") {
        errors.push({ message: 'Unterminated date literal', line, column: startCol });
        i = j;
      } else {
        i = j + 1;
        const problem = dateProblem(inner);
        if (problem) errors.push({ message: `Invalid date literal '${inner}': ${problem}`, line, column: startCol });
      }
      push('date', inner, startLine, startCol);
      continue;
    }
    if (DIGIT.test(c)) {
      let j = i + 1;
      while (j < n && DIGIT.test(src[j]!)) j++;
      if (src[j] === '.') {
        j++;
        while (j < n && DIGIT.test(src[j]!)) j++;
      }
      const text = src.slice(i, j);
      i = j;
      push('number', text, startLine, startCol);
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(src[j]!)) j++;
      const text = src.slice(i, j);
      i = j;
      const prev = tokens[tokens.length - 1];
      const nameOnly = prev?.kind === 'punct' && (prev.text === '.' || prev.text === '~' || prev.text === '&');
      push('word', text, startLine, startCol, nameOnly ? undefined : lookupKeyword(text));
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      i += 2;
      push('punct', two, startLine, startCol);
      continue;
    }
    if (PUNCT1.has(c)) {
      i += 1;
      push('punct', c, startLine, startCol);
      continue;
    }
    errors.push({ message: `Unknown character '${c}'`, line, column: startCol });
    i++;
    push('unknown', c, startLine, startCol);
  }
  tokens.push({ kind: 'eof', text: '', line, column: col(i), endLine: line, endColumn: col(i) });
  return { tokens, directives, errors };
}

function lineEnd(src: string, from: number): number {
  const nl = src.indexOf('\n', from);
  return nl < 0 ? src.length : nl;
}

function stripComment(text: string): string {
  // A region name or #If condition cannot contain quotes, so the first // starts a comment.
  const at = text.indexOf('//');
  return at < 0 ? text : text.slice(0, at);
}

interface StringScan {
  value: string;
  end: number;
  newlines: number[];
  unterminated: boolean;
}

/**
 * A string runs to the next lone `"`; `""` is a quote. At the end of a line it goes on in the
 * next line that starts (after blanks) with `|`; blank lines and `//` comment lines between
 * are skipped, as the platform does (it lets one comment out a line of a query text).
 */
function lexString(src: string, start: number): StringScan {
  const newlines: number[] = [];
  let value = '';
  let i = start + 1;
  for (;;) {
    const ch = src[i];
    if (ch === '"') {
      if (src[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      return { value, end: i + 1, newlines, unterminated: false };
    }
    if (ch === '\r' && src[i + 1] === '\n') {
      i++;
      continue;
    }
    if (ch !== undefined && ch !== '\n') {
      value += ch;
      i++;
      continue;
    }
    const next = continuation(src, i);
    if (!next) {
      // Leave the newline to the main loop, so that line numbers stay right.
      return { value, end: i, newlines, unterminated: true };
    }
    newlines.push(...next.newlines);
    value += '\n';
    i = next.resume;
  }
}

function continuation(src: string, eol: number): { resume: number; newlines: number[] } | undefined {
  const newlines: number[] = [];
  let j = eol;
  while (j < src.length && src[j] === '\n') {
    newlines.push(j);
    let k = j + 1;
    while (k < src.length && SPACE.test(src[k]!)) k++;
    if (src[k] === '|') return { resume: k + 1, newlines };
    if (src[k] === '\n') {
      j = k;
      continue;
    }
    if (src[k] === '/' && src[k + 1] === '/') {
      j = lineEnd(src, k);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/**
 * 1C reads only the digits of a date literal: 8 (YYYYMMDD), 12 (with hhmm) or 14 (with hhmmss);
 * all zeros, of any of these lengths, is the empty date.
 */
function dateProblem(inner: string): string | undefined {
  if (/[^0-9\s.:\-/T]/i.test(inner)) return 'only digits and separators are allowed';
  const digits = inner.replace(/[^0-9]/g, '');
  if (digits.length !== 8 && digits.length !== 12 && digits.length !== 14) return 'expected 8, 12 or 14 digits (YYYYMMDD[hhmm[ss]])';
  if (/^0+$/.test(digits)) return undefined;
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'month or day out of range';
  if (Number(digits.slice(8, 10) || 0) > 23 || Number(digits.slice(10, 12) || 0) > 59 || Number(digits.slice(12, 14) || 0) > 59)
    return 'hour, minute or second out of range';
  return undefined;
}
