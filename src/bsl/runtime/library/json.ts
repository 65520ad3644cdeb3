/**
 * ЗаписьJSON / ЗаписатьJSON and ЧтениеJSON / ПрочитатьJSON. The bytes come from the emulator's
 * 1C JSON writer (src/emulator/one-c-json.ts), so the runtime and the fixtures agree on one
 * format: `"key": value`, a line break and indentation per value (none with
 * ПереносСтрокJSON.Нет, where values follow `,` directly), Cyrillic unescaped, numbers as plain
 * decimals, dates as ISO text. Reading keeps numbers exact (lossless-json).
 */
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { OneCDate, OneCNumber, type OneCValue, writeOneCJson } from '../../one-c-json.js';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef, GlobalFunctionDef } from '../host-api.js';
import { BslDate, type BslValue, Decimal, isObject } from '../values.js';
import { fn, str } from './args.js';
import { BslArray, BslMap, BslStructure } from './collections.js';
import type { EnumValue } from './enums.js';
import { JsonDateFormat, JsonDateWritingVariant, JsonLineBreak } from './enums.js';

// ---------- settings ----------

const WRITER_SETTINGS = defineClass<JsonWriterSettings>({
  ru: 'ПараметрыЗаписиJSON',
  en: 'JSONWriterSettings',
  properties: {
    ПереносСтрок: { en: 'NewLines', get: (s) => s.lineBreak },
    СимволыОтступа: { en: 'PaddingSymbols', get: (s) => s.indent },
    ИспользоватьДвойныеКавычки: { en: 'UseDoubleQuotes', get: () => true },
  },
});

export class JsonWriterSettings extends PlatformObject {
  readonly cls = WRITER_SETTINGS;
  constructor(
    readonly lineBreak: BslValue,
    readonly indent: string,
  ) {
    super();
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
  private settings?: { newline: string; indent: string };
  private stack: Container[] = [];
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
    this.settings = { newline, indent };
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
    const top = this.stack.pop();
    if (!top || top.kind !== kind) throw new BslError('Ошибка записи JSON: неверная последовательность записи');
  }

  propertyName(k: string): void {
    const top = this.stack.at(-1);
    if (top?.kind !== 'object') throw new BslError('Ошибка записи JSON: имя свойства вне объекта');
    top.pendingKey = k;
  }

  close(): string {
    this.ensureOpen();
    const s = this.settings!;
    this.settings = undefined;
    if (!this.hasRoot) return '';
    return writeOneCJson(this.root!, { newline: s.newline, indent: s.indent }).toString('utf8');
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
  methods: {
    УстановитьСтроку: {
      en: 'SetString',
      min: 1,
      max: 1,
      call: (s, [t]) => {
        s.text = str(t);
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
        s.text = undefined;
        return undefined;
      },
    },
  },
});

export class JsonReader extends PlatformObject {
  readonly cls = READER;
  text: string | undefined;
}

function fromJson(v: unknown, toMap: boolean): BslValue {
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isLosslessNumber(v)) return new Decimal(v.toString());
  if (typeof v === 'number') return new Decimal(String(v));
  if (Array.isArray(v)) return new BslArray(v.map((x) => fromJson(x, toMap)));
  const entries = Object.entries(v as Record<string, unknown>);
  if (toMap) {
    const m = new BslMap();
    for (const [k, x] of entries) m.set(k, fromJson(x, toMap));
    return m;
  }
  const s = new BslStructure();
  for (const [k, x] of entries) s.insert(k, fromJson(x, toMap));
  return s;
}

export const JSON_TYPES: ConstructorDef[] = [
  { ru: 'ЗаписьJSON', en: 'JSONWriter', min: 0, max: 0, construct: () => new JsonWriter() },
  { ru: 'ЧтениеJSON', en: 'JSONReader', min: 0, max: 0, construct: () => new JsonReader() },
  {
    ru: 'ПараметрыЗаписиJSON',
    en: 'JSONWriterSettings',
    min: 0,
    max: 9,
    construct: ([lineBreak, indent]) => new JsonWriterSettings(lineBreak ?? JsonLineBreak.value('Авто'), indent === undefined ? '\t' : str(indent)),
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
  fn('ПрочитатьJSON', 'ReadJSON', 1, 9, ([r, toMap]) => {
    if (!(r instanceof JsonReader) || r.text === undefined) throw new BslError('Чтение JSON не открыто');
    let parsed: unknown;
    try {
      parsed = parseLossless(r.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new BslError(`Ошибка чтения JSON: ${(e as Error).message}`);
    }
    r.text = undefined;
    return fromJson(parsed, toMap === true);
  }),
];
