/**
 * The token stream of ЧтениеJSON: one call to `next()` per Прочитать(), with the token types of
 * ТипЗначенияJSON. As 1C reads JSON it accepts `//` and `/* *\/` comments (Комментарий tokens)
 * and several values one after another at the top level, separated by commas (`1, [2], {}`).
 * Numbers keep their exact decimal text. `null` is the Null token (ПрочитатьJSON gives
 * Неопределено for it). Structure errors name the line and position where reading stopped.
 */
import { BslError } from '../errors.js';
import { type BslValue, Decimal } from '../values.js';

export type JsonTokenType =
  | 'НачалоОбъекта'
  | 'КонецОбъекта'
  | 'НачалоМассива'
  | 'КонецМассива'
  | 'ИмяСвойства'
  | 'Строка'
  | 'Число'
  | 'Булево'
  | 'Null'
  | 'Комментарий';

export interface JsonToken {
  type: JsonTokenType;
  /** Строка, Число, Булево, the property name, the comment text; Неопределено for Null. */
  value: BslValue;
}

/** after: a value was read; afterComma: a comma was read; awaitingValue: a property name was read. */
type Frame = { kind: 'object' | 'array'; after: boolean; afterComma: boolean; awaitingValue: boolean };

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export class JsonTokenizer {
  private pos = 0;
  private readonly stack: Frame[] = [];
  /** At the top level: a value was read (a comma or the end may follow). */
  private topAfter = false;
  private topAfterComma = false;

  constructor(private readonly text: string) {
    if (text.startsWith('\uFEFF')) this.pos = 1;
  }

  /** 1-based line of the reading position. */
  get line(): number {
    let n = 1;
    for (let i = 0; i < this.pos; i++) if (this.text[i] === '\n') n++;
    return n;
  }

  /** Characters read on the current line. */
  get column(): number {
    const start = this.text.lastIndexOf('\n', this.pos - 1) + 1;
    return this.pos - start;
  }

  get depth(): number {
    return this.stack.length;
  }

  private fail(what: string): never {
    throw new BslError(`Ошибка чтения JSON: ${what} (строка ${this.line}, позиция ${this.column + 1})`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  /** A comment at the reading position, consumed; undefined when there is none. */
  private comment(): string | undefined {
    if (this.text[this.pos] !== '/') return undefined;
    const kind = this.text[this.pos + 1];
    if (kind === '/') {
      const end = this.text.indexOf('\n', this.pos);
      const stop = end < 0 ? this.text.length : end;
      const body = this.text.slice(this.pos + 2, stop).replace(/\r$/, '');
      this.pos = stop;
      return body;
    }
    if (kind === '*') {
      const end = this.text.indexOf('*/', this.pos + 2);
      if (end < 0) this.fail('незавершенный комментарий');
      const body = this.text.slice(this.pos + 2, end);
      this.pos = end + 2;
      return body;
    }
    return this.fail('недопустимый символ "/"');
  }

  /** Whitespace and comments skipped (inside a property: between the name and its value). */
  private skipSpaceAndComments(): void {
    for (;;) {
      this.skipSpace();
      if (this.comment() === undefined) return;
    }
  }

  /** The next token; undefined at the end of the text. */
  next(): JsonToken | undefined {
    for (;;) {
      this.skipSpace();
      const c = this.comment();
      if (c !== undefined) return { type: 'Комментарий', value: c };
      if (this.pos >= this.text.length) {
        if (this.stack.length > 0 || this.topAfterComma) this.fail('непредвиденный конец текста');
        return undefined;
      }
      const ch = this.text[this.pos]!;
      const top = this.stack.at(-1);
      if (!top) {
        if (this.topAfter) {
          if (ch !== ',') this.fail(`недопустимый символ "${ch}"`);
          this.pos++;
          this.topAfter = false;
          this.topAfterComma = true;
          continue;
        }
        this.topAfterComma = false;
        return this.value(ch);
      }
      if (top.after) {
        if (ch === ',') {
          this.pos++;
          top.after = false;
          top.afterComma = true;
          continue;
        }
        return this.close(top, ch);
      }
      if (top.awaitingValue) {
        top.awaitingValue = false;
        return this.value(ch);
      }
      if (ch === (top.kind === 'object' ? '}' : ']') && !top.afterComma) return this.close(top, ch);
      top.afterComma = false;
      if (top.kind === 'array') return this.value(ch);
      if (ch !== '"') this.fail('ожидается имя свойства');
      const name = this.string();
      this.skipSpaceAndComments();
      if (this.text[this.pos] !== ':') this.fail('ожидается ":"');
      this.pos++;
      this.skipSpaceAndComments();
      top.awaitingValue = true;
      return { type: 'ИмяСвойства', value: name };
    }
  }

  private close(top: Frame, ch: string): JsonToken {
    const expected = top.kind === 'object' ? '}' : ']';
    if (ch !== expected) this.fail(`недопустимый символ "${ch}"`);
    this.pos++;
    this.stack.pop();
    this.valueDone();
    return { type: top.kind === 'object' ? 'КонецОбъекта' : 'КонецМассива', value: undefined };
  }

  private valueDone(): void {
    const top = this.stack.at(-1);
    if (top) top.after = true;
    else this.topAfter = true;
  }

  private value(ch: string): JsonToken {
    if (ch === '{' || ch === '[') {
      this.pos++;
      this.stack.push({ kind: ch === '{' ? 'object' : 'array', after: false, afterComma: false, awaitingValue: false });
      return { type: ch === '{' ? 'НачалоОбъекта' : 'НачалоМассива', value: undefined };
    }
    let token: JsonToken;
    if (ch === '"') token = { type: 'Строка', value: this.string() };
    else if (ch === '-' || (ch >= '0' && ch <= '9')) token = { type: 'Число', value: this.number() };
    else if (this.text.startsWith('true', this.pos)) token = this.word('true', { type: 'Булево', value: true });
    else if (this.text.startsWith('false', this.pos)) token = this.word('false', { type: 'Булево', value: false });
    else if (this.text.startsWith('null', this.pos)) token = this.word('null', { type: 'Null', value: undefined });
    else this.fail(`недопустимый символ "${ch}"`);
    this.valueDone();
    return token;
  }

  private word(w: string, token: JsonToken): JsonToken {
    const after = this.text[this.pos + w.length];
    if (after !== undefined && /[\p{L}\p{N}_]/u.test(after)) this.fail(`недопустимое значение`);
    this.pos += w.length;
    return token;
  }

  private number(): Decimal {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) this.fail('недопустимое число');
    this.pos += m[0].length;
    return new Decimal(m[0]);
  }

  private string(): string {
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      if (i >= this.text.length) {
        this.pos = i;
        this.fail('незавершенная строка');
      }
      const ch = this.text[i]!;
      if (ch === '"') break;
      if (ch === '\\') {
        const e = this.text[i + 1];
        if (e === 'u') {
          const hex = this.text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = i;
            this.fail('недопустимая escape-последовательность');
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
          continue;
        }
        const r = e === undefined ? undefined : ESCAPES[e];
        if (r === undefined) {
          this.pos = i;
          this.fail('недопустимая escape-последовательность');
        }
        out += r;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    this.pos = i + 1;
    return out;
  }
}
