/**
 * ЗаписьJSON / ЗаписатьJSON and ЧтениеJSON / ПрочитатьJSON. The bytes come from the emulator's
 * 1C JSON writer (src/bsl/one-c-json.ts), so the runtime and the fixtures agree on one
 * format: `"key": value`, a line break and indentation per value (none with
 * ПереносСтрокJSON.Нет, where values follow `,` directly), Cyrillic unescaped, numbers as plain
 * decimals, dates as ISO text. Reading keeps numbers exact (json-tokens.ts).
 */
import { OneCDate, OneCNumber, type OneCValue, writeOneCJson } from '../../one-c-json.js';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef, GlobalFunctionDef } from '../host-api.js';
import { BslDate, type BslValue, Decimal, isObject } from '../values.js';
import { bool, fn, n, str } from './args.js';
import { BslArray, BslMap, BslStructure } from './collections.js';
import type { EnumValue } from './enums.js';
import { JsonCharactersEscapeMode, JsonDateFormat, JsonDateWritingVariant, JsonLineBreak, systemEnumValue } from './enums.js';
import { type JsonToken, JsonTokenizer, type JsonTokenType } from './json-tokens.js';

// ---------- settings ----------

const WRITER_SETTINGS = defineClass<JsonWriterSettings>({
  ru: 'ПараметрыЗаписиJSON',
  en: 'JSONWriterSettings',
  properties: {
    ПереносСтрок: { en: 'NewLines', get: (s) => s.lineBreak },
    СимволыОтступа: { en: 'PaddingSymbols', get: (s) => s.indent },
    ИспользоватьДвойныеКавычки: { en: 'UseDoubleQuotes', get: () => true },
    ЭкранированиеСимволов: { en: 'EscapeCharacters', get: (s) => s.escaping },
    ЭкранироватьУгловыеСкобки: { en: 'EscapeAngleBrackets', get: (s) => s.angleBrackets },
    ЭкранироватьРазделителиСтрок: { en: 'EscapeLineTerminators', get: (s) => s.lineTerminators },
    ЭкранироватьАмперсанд: { en: 'EscapeAmpersand', get: (s) => s.ampersand },
    ЭкранироватьОдинарныеКавычки: { en: 'EscapeSingleQuotes', get: (s) => s.singleQuotes },
    ЭкранироватьСлеш: { en: 'EscapeSlash', get: (s) => s.slash },
  },
});

export class JsonWriterSettings extends PlatformObject {
  readonly cls = WRITER_SETTINGS;
  constructor(
    readonly lineBreak: BslValue,
    readonly indent: string,
    readonly escaping: BslValue = JsonCharactersEscapeMode.value('Нет'),
    readonly angleBrackets = false,
    // 1C escapes U+2028/U+2029 unless told not to (they break JavaScript string literals).
    readonly lineTerminators = true,
    readonly ampersand = false,
    readonly singleQuotes = false,
    readonly slash = false,
  ) {
    super();
  }

  /**
   * The escapes these settings add to the writer's output. Every character they touch can only
   * occur inside a string (JSON's own syntax is ASCII without < > & ' /), so the whole text is
   * rewritten: СимволыВнеASCII writes every character above U+007F as \uXXXX, СимволыВнеBMP
   * those above U+FFFF (as their surrogate pair).
   */
  escape(text: string): string {
    const out: string[] = [];
    const nonAscii = this.escaping === JsonCharactersEscapeMode.value('СимволыВнеASCII');
    const nonBmp = this.escaping === JsonCharactersEscapeMode.value('СимволыВнеBMP');
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      const hex = (): string => Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
      if ((nonAscii && code > 0x7f) || (nonBmp && code > 0xffff)) out.push(hex());
      else if (this.lineTerminators && (code === 0x2028 || code === 0x2029)) out.push(hex());
      else if (this.angleBrackets && (ch === '<' || ch === '>')) out.push(hex());
      else if (this.ampersand && ch === '&') out.push(hex());
      else if (this.singleQuotes && ch === "'") out.push(hex());
      else if (this.slash && ch === '/') out.push('\\/');
      else out.push(ch);
    }
    return out.join('');
  }
}

const SERIALIZER_SETTINGS = defineClass<JsonSerializerSettings>({
  ru: 'НастройкиСериализацииJSON',
  en: 'JSONSerializerSettings',
  properties: {
    ФорматСериализацииДаты: {
      en: 'DateSerializationFormat',
      get: (s) => s.dateFormat,
      set: (s, v) => {
        s.dateFormat = v;
      },
    },
    ВариантЗаписиДаты: {
      en: 'DateWritingVariant',
      get: (s) => s.dateVariant,
      set: (s, v) => {
        s.dateVariant = v;
      },
    },
  },
});

export class JsonSerializerSettings extends PlatformObject {
  readonly cls = SERIALIZER_SETTINGS;
  dateFormat: BslValue = JsonDateFormat.value('ISO');
  dateVariant: BslValue = JsonDateWritingVariant.value('ЛокальнаяДата');
}

// ---------- writer ----------

type Container = { kind: 'object'; value: Record<string, OneCValue>; pendingKey?: string } | { kind: 'array'; value: OneCValue[] };

const WRITER = defineClass<JsonWriter>({
  ru: 'ЗаписьJSON',
  en: 'JSONWriter',
  properties: {
    Параметры: { en: 'Settings', get: (s) => s.params() },
    ПроверятьСтруктуру: {
      en: 'ValidateStructure',
      get: (s) => s.validate,
      set: (s, v) => {
        s.validate = bool(v);
      },
    },
  },
  methods: {
    УстановитьСтроку: {
      en: 'SetString',
      min: 0,
      max: 1,
      call: (s, [p]) => {
        s.open(p);
        return undefined;
      },
    },
    ОткрытьФайл: {
      en: 'OpenFile',
      min: 1,
      max: 4,
      call: () => {
        throw new BslError('Файлы недоступны в среде выполнения');
      },
    },
    Закрыть: { en: 'Close', call: (s) => s.close() },
    ЗаписатьНачалоОбъекта: {
      en: 'WriteStartObject',
      call: (s) => {
        s.start({ kind: 'object', value: {} });
        return undefined;
      },
    },
    ЗаписатьКонецОбъекта: {
      en: 'WriteEndObject',
      call: (s) => {
        s.end('object');
        return undefined;
      },
    },
    ЗаписатьНачалоМассива: {
      en: 'WriteStartArray',
      call: (s) => {
        s.start({ kind: 'array', value: [] });
        return undefined;
      },
    },
    ЗаписатьКонецМассива: {
      en: 'WriteEndArray',
      call: (s) => {
        s.end('array');
        return undefined;
      },
    },
    ЗаписатьИмяСвойства: {
      en: 'WritePropertyName',
      min: 1,
      max: 1,
      call: (s, [k]) => {
        s.propertyName(str(k));
        return undefined;
      },
    },
    ЗаписатьЗначение: {
      en: 'WriteValue',
      min: 1,
      max: 2,
      call: (s, [v], ctx) => {
        s.put(toOneC(v, new JsonSerializerSettings(), ctx));
        return undefined;
      },
    },
  },
});

export class JsonWriter extends PlatformObject {
  readonly cls = WRITER;
  private settings?: { newline: string; indent: string; params?: JsonWriterSettings };
  private stack: Container[] = [];
  /** ПроверятьСтруктуру: kept as set; the writer builds a tree, so it always writes valid JSON. */
  validate = true;

  params(): BslValue {
    return this.settings?.params ?? (this.settings ? new JsonWriterSettings(JsonLineBreak.value('Авто'), this.settings.indent) : undefined);
  }
  private root: OneCValue | undefined;
  private hasRoot = false;

  open(params: BslValue): void {
    let newline = '\r\n';
    let indent = '\t';
    if (params instanceof JsonWriterSettings) {
      const lb = params.lineBreak;
      newline = lb === JsonLineBreak.value('Нет') ? '' : lb === JsonLineBreak.value('Unix') ? '\n' : '\r\n';
      indent = newline === '' ? '' : params.indent;
    }
    this.settings = { newline, indent, ...(params instanceof JsonWriterSettings ? { params } : {}) };
    this.stack = [];
    this.root = undefined;
    this.hasRoot = false;
  }

  private ensureOpen(): void {
    if (!this.settings) throw new BslError('Запись JSON не открыта (вызовите УстановитьСтроку)');
  }

  put(v: OneCValue): void {
    this.ensureOpen();
    const top = this.stack.at(-1);
    if (!top) {
      if (this.hasRoot) throw new BslError('Ошибка записи JSON: значение верхнего уровня уже записано');
      this.root = v;
      this.hasRoot = true;
      return;
    }
    if (top.kind === 'array') top.value.push(v);
    else {
      if (top.pendingKey === undefined) throw new BslError('Ошибка записи JSON: ожидается имя свойства');
      top.value[top.pendingKey] = v;
      top.pendingKey = undefined;
    }
  }

  start(c: Container): void {
    this.put(c.value);
    this.stack.push(c);
  }

  end(kind: 'object' | 'array'): void {
    this.ensureOpen();
    const top = this.stack.at(-1);
    if (!top || top.kind !== kind) throw new BslError('Ошибка записи JSON: неверная последовательность записи');
    // `{"a": }`: a property name must get its value before the object ends.
    if (top.kind === 'object' && top.pendingKey !== undefined) throw new BslError('Ошибка записи JSON: ожидается значение свойства');
    this.stack.pop();
  }

  propertyName(k: string): void {
    this.ensureOpen();
    const top = this.stack.at(-1);
    if (top?.kind !== 'object') throw new BslError('Ошибка записи JSON: имя свойства вне объекта');
    if (top.pendingKey !== undefined) throw new BslError('Ошибка записи JSON: ожидается значение свойства');
    top.pendingKey = k;
  }

  close(): string {
    this.ensureOpen();
    const s = this.settings!;
    this.settings = undefined;
    if (!this.hasRoot) return '';
    const text = writeOneCJson(this.root!, { newline: s.newline, indent: s.indent }).toString('utf8');
    return s.params ? s.params.escape(text) : new JsonWriterSettings(undefined, '').escape(text);
  }
}

function toOneC(v: BslValue, settings: JsonSerializerSettings, ctx: CallContext): OneCValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Decimal) return new OneCNumber(v.toFixed());
  if (v instanceof BslDate) return dateValue(v, settings, ctx);
  if (v instanceof BslArray) return v.items.map((x) => toOneC(x, settings, ctx));
  if (v instanceof BslStructure) {
    const out: Record<string, OneCValue> = {};
    for (const e of v.entries.values()) out[e.key] = toOneC(e.value, settings, ctx);
    return out;
  }
  if (v instanceof BslMap) {
    const out: Record<string, OneCValue> = {};
    for (const e of v.entries.values()) {
      if (typeof e.key !== 'string') throw new BslError('Ошибка записи JSON: ключ соответствия должен быть строкой');
      out[e.key] = toOneC(e.value, settings, ctx);
    }
    return out;
  }
  throw new BslError(`Передано значение недопустимого типа (${isObject(v) ? v.bslType.ru : typeof v})`);
}

function dateValue(d: BslDate, s: JsonSerializerSettings, ctx: CallContext): OneCValue {
  const variant = s.dateVariant as EnumValue;
  let text = d.toIso();
  if (variant === JsonDateWritingVariant.value('УниверсальнаяДата')) {
    const local = d.toUnixMs();
    text = `${BslDate.fromUnixMs(local - ctx.runtime.clock.offsetMinutes(local) * 60_000).toIso()}Z`;
  } else if (variant === JsonDateWritingVariant.value('ЛокальнаяДатаСоСмещением')) {
    const off = ctx.runtime.clock.offsetMinutes(d.toUnixMs());
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    text = `${text}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  }
  if (s.dateFormat === JsonDateFormat.value('ISO')) return new OneCDate(text);
  const ms = BslDate.fromUnixMs(0).seconds; // 1970-01-01 in seconds since year 1
  const unixMs = (d.seconds - ms) * 1000;
  if (s.dateFormat === JsonDateFormat.value('JavaScript')) return new OneCNumber(String(unixMs));
  return `/Date(${unixMs})/`;
}

// ---------- reader ----------

const READER = defineClass<JsonReader>({
  ru: 'ЧтениеJSON',
  en: 'JSONReader',
  properties: {
    ТекущаяПозиция: { en: 'CurrentPosition', get: (s) => n(s.tokens()?.column ?? 0) },
    ТекущаяСтрока: { en: 'CurrentLine', get: (s) => n(s.tokens()?.line ?? 0) },
    ТекущееЗначение: { en: 'CurrentValue', get: (s) => s.currentValue() },
    ТипТекущегоЗначения: { en: 'CurrentValueType', get: (s) => systemEnumValue('ТипЗначенияJSON', s.current?.type ?? 'Ничего') },
  },
  methods: {
    УстановитьСтроку: {
      en: 'SetString',
      min: 1,
      max: 1,
      call: (s, [t]) => {
        s.open(str(t));
        return undefined;
      },
    },
    ОткрытьФайл: {
      en: 'OpenFile',
      min: 1,
      max: 2,
      call: () => {
        throw new BslError('Файлы недоступны в среде выполнения');
      },
    },
    Закрыть: {
      en: 'Close',
      call: (s) => {
        s.close();
        return undefined;
      },
    },
    Прочитать: { en: 'Read', call: (s) => s.read() !== undefined },
    Пропустить: { en: 'Skip', call: (s) => s.skip() },
  },
});

const PRIMITIVE: ReadonlySet<JsonTokenType> = new Set(['Строка', 'Число', 'Булево', 'Null', 'ИмяСвойства', 'Комментарий']);

/**
 * ЧтениеJSON: a cursor over the tokens. Прочитать() moves to the next token (Ложь at the end);
 * ТипТекущегоЗначения/ТекущееЗначение describe it (Ничего before the first and after the last);
 * Пропустить() skips the current value (a whole object or array when on its start) and moves
 * to the token after it.
 */
export class JsonReader extends PlatformObject {
  readonly cls = READER;
  private tokenizer: JsonTokenizer | undefined;
  current: JsonToken | undefined;

  open(text: string): void {
    this.tokenizer = new JsonTokenizer(text);
    this.current = undefined;
  }

  close(): void {
    this.tokenizer = undefined;
    this.current = undefined;
  }

  tokens(): JsonTokenizer | undefined {
    return this.tokenizer;
  }

  private opened(): JsonTokenizer {
    if (!this.tokenizer) throw new BslError('Источник данных JSON не открыт');
    return this.tokenizer;
  }

  read(): JsonToken | undefined {
    this.current = this.opened().next();
    return this.current;
  }

  /** The next token that is not a comment (what ПрочитатьJSON builds values from). */
  readData(): JsonToken | undefined {
    for (;;) {
      const t = this.read();
      if (t?.type !== 'Комментарий') return t;
    }
  }

  currentValue(): BslValue {
    if (!this.current || !PRIMITIVE.has(this.current.type)) {
      throw new BslError('Текущее значение JSON не может быть получено: текущая позиция не содержит значения примитивного типа');
    }
    return this.current.value;
  }

  skip(): boolean {
    const t = this.opened();
    try {
      if (this.current?.type === 'НачалоОбъекта' || this.current?.type === 'НачалоМассива') {
        const depth = t.depth - 1;
        while (t.depth > depth) if (!this.read()) return false;
      }
      return this.read() !== undefined;
    } catch {
      this.current = undefined;
      return false;
    }
  }
}

/**
 * ПрочитатьJSON: the value at the reader's position. On the start of an object or array (after
 * Прочитать()) it reads that object or array, as 1C does when a module walks a large array
 * element by element; anywhere else (a fresh reader, after a property name) the next value.
 * `null` becomes Неопределено; comments are skipped.
 */
function readJson(r: JsonReader, toMap: boolean, dateNames: Set<string>): BslValue {
  const start = r.current?.type === 'НачалоОбъекта' || r.current?.type === 'НачалоМассива' ? r.current : r.readData();
  if (!start) throw new BslError('Ошибка чтения JSON: нет значения для чтения');
  return build(r, start, toMap, dateNames);
}

function build(r: JsonReader, t: JsonToken, toMap: boolean, dateNames: Set<string>): BslValue {
  switch (t.type) {
    case 'НачалоМассива': {
      const out = new BslArray();
      for (;;) {
        const x = r.readData();
        if (!x) throw new BslError('Ошибка чтения JSON: непредвиденный конец текста');
        if (x.type === 'КонецМассива') return out;
        out.items.push(build(r, x, toMap, dateNames));
      }
    }
    case 'НачалоОбъекта': {
      const out = toMap ? new BslMap() : new BslStructure();
      for (;;) {
        const x = r.readData();
        if (!x) throw new BslError('Ошибка чтения JSON: непредвиденный конец текста');
        if (x.type === 'КонецОбъекта') return out;
        const name = x.value as string;
        const valueToken = r.readData();
        if (!valueToken) throw new BslError('Ошибка чтения JSON: непредвиденный конец текста');
        let v = build(r, valueToken, toMap, dateNames);
        if (typeof v === 'string' && dateNames.has(name.toLowerCase())) v = isoDate(v);
        if (out instanceof BslMap) out.set(name, v);
        else out.insert(name, v);
      }
    }
    case 'КонецМассива':
    case 'КонецОбъекта':
      throw new BslError('Ошибка чтения JSON: недопустимое состояние потока чтения JSON');
    default:
      return t.value;
  }
}

/** A property listed in ИменаСвойствСоЗначениямиДата: ISO text `2024-01-15T10:30:00` (a zone suffix ignored). */
function isoDate(text: string): BslValue {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) throw new BslError(`Ошибка чтения JSON: неверный формат даты (${text})`);
  const [, y, mo, d, h, mi, sec] = m;
  return BslDate.of(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(sec ?? 0));
}

function names(v: BslValue): Set<string> {
  if (v instanceof BslArray) return new Set(v.items.map((x) => str(x).toLowerCase()));
  if (typeof v === 'string') return new Set([v.toLowerCase()]);
  return new Set();
}

export const JSON_TYPES: ConstructorDef[] = [
  { ru: 'ЗаписьJSON', en: 'JSONWriter', min: 0, max: 0, construct: () => new JsonWriter() },
  { ru: 'ЧтениеJSON', en: 'JSONReader', min: 0, max: 0, construct: () => new JsonReader() },
  {
    ru: 'ПараметрыЗаписиJSON',
    en: 'JSONWriterSettings',
    min: 0,
    max: 9,
    construct: ([lineBreak, indent, , escaping, angle, terminators, ampersand, single, slash]) =>
      new JsonWriterSettings(
        lineBreak ?? JsonLineBreak.value('Авто'),
        indent === undefined ? '\t' : str(indent),
        escaping ?? JsonCharactersEscapeMode.value('Нет'),
        bool(angle),
        bool(terminators, true),
        bool(ampersand),
        bool(single),
        bool(slash),
      ),
  },
  { ru: 'НастройкиСериализацииJSON', en: 'JSONSerializerSettings', min: 0, max: 0, construct: () => new JsonSerializerSettings() },
];

export const JSON_FUNCTIONS: GlobalFunctionDef[] = [
  fn('ЗаписатьJSON', 'WriteJSON', 2, 6, ([w, v, settings], ctx) => {
    if (!(w instanceof JsonWriter)) throw new BslError('Неверный тип параметра (параметр номер 1): ожидается ЗаписьJSON');
    const s = settings instanceof JsonSerializerSettings ? settings : new JsonSerializerSettings();
    w.put(toOneC(v, s, ctx));
    return undefined;
  }),
  fn('ПрочитатьJSON', 'ReadJSON', 1, 9, ([r, toMap, dateNames]) => {
    if (!(r instanceof JsonReader)) throw new BslError('Неверный тип параметра (параметр номер 1): ожидается ЧтениеJSON');
    return readJson(r, toMap === true, names(dateNames));
  }),
];
