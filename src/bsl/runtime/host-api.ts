/**
 * The contract between the interpreter and whatever it runs against: the platform library
 * in this folder and the 1C base model built on top of it. Everything a host provides —
 * objects, global functions, global properties, constructible types — is described here.
 * Every call is async: a BSL call may make a real HTTP request (see docs/ARCHITECTURE.md).
 */
import type { BslDate, Decimal } from './primitive-values.js';

/** A BSL value (values.ts says which JavaScript value holds which 1C kind). */
export type BslValue = Decimal | string | boolean | BslDate | undefined | null | BslObject;

/** A type's two names; the runtime compares names case-insensitively in either language. */
export interface TypeName {
  ru: string;
  en: string;
}

/**
 * What a host method receives besides its arguments. `writeBack` stores a value into the
 * variable/property the caller passed at that position (1C passes arguments by reference:
 * `Структура.Свойство("Ключ", Значение)` fills `Значение`); it is a no-op for an expression.
 */
export interface CallContext {
  readonly runtime: RuntimeServices;
  writeBack(index: number, value: BslValue): void;
}

/**
 * An object value. Implement it directly (the base's documents, whose attributes come from
 * metadata) or describe a platform class with `defineClass` (class-def.ts), which checks names
 * and argument counts for you.
 *
 * Names arrive as written in the BSL source (any case, either language); matching them is the
 * object's job (`NameMap` helps). A name the object does not have must throw
 * `MemberNotFound` — the interpreter turns it into 1C's "Метод объекта не обнаружен (X)" /
 * "Поле объекта не обнаружено (X)" with the module, line and column of the call; a wrong
 * argument count must throw `WrongArgumentCount`. Any other `BslError` (errors.ts) thrown by a
 * host becomes a catchable BSL exception with its text.
 */
export interface BslObject {
  readonly bslType: TypeName;
  /** `Объект.Имя`. Throws MemberNotFound when there is no such property. */
  getProperty(name: string, ctx: CallContext): BslValue | Promise<BslValue>;
  /** `Объект.Имя = Значение`. Throws MemberNotFound, or a BslError for a read-only property. */
  setProperty(name: string, value: BslValue, ctx: CallContext): void | Promise<void>;
  /**
   * `Объект.Имя(…)`. `args` has one entry per argument slot, an omitted one (`F(a, , b)`) as
   * `undefined`; `args.length` is the number of slots written.
   */
  callMethod(name: string, args: BslValue[], ctx: CallContext): BslValue | Promise<BslValue>;
  /** True when `name` is a property: lets an object module resolve unqualified names to it. */
  hasProperty?(name: string): boolean;
  /** True when `name` is a method: an object module's bare `Записать()` then calls it before a global function. */
  hasMethod?(name: string): boolean;
  /** `Объект[Ключ]`; when absent, a string key reads the property of that name. */
  getIndexed?(key: BslValue, ctx: CallContext): BslValue | Promise<BslValue>;
  setIndexed?(key: BslValue, value: BslValue, ctx: CallContext): void | Promise<void>;
  /** `Для Каждого Элемент Из Объект`; absent = the object is not a collection (a BSL error). */
  iterate?(ctx: CallContext): Iterable<BslValue> | AsyncIterable<BslValue>;
  /** `Строка(Объект)`; absent = the type's Russian name, as 1C shows objects without a presentation. */
  presentation?(): string;
  /** `=` between two objects; absent = identity. References and UUIDs compare by value. */
  equals?(other: BslValue): boolean;
  /** A key for Соответствие when `equals` compares by value (equal objects give equal keys). */
  hashKey?(): string;
  /** ЗначениеЗаполнено: false for an empty reference or an empty collection; absent = filled. */
  isEmpty?(): boolean;
  /** XMLСтрока(Объект): a UUID's text, an enum value's name; absent = not serialisable (an error). */
  xmlString?(): string;
}

/** A global function or procedure (`СтрНайти`, `ЗаписьЖурналаРегистрации`). */
export interface GlobalFunctionDef {
  ru: string;
  en: string;
  /** Argument slots required / allowed. A call outside [min, max] is a catalogue error. */
  min: number;
  max: number;
  /** First platform version that has it ("8.3.21"); older configured versions reject the call. */
  since?: string;
  /**
   * Synchronous, no side effects, returns a value (never a promise) and does not write back:
   * the interpreter may then call it without awaiting (`Цел`, `СтрДлина`, `Формат`).
   */
  pure?: boolean;
  call(args: BslValue[], ctx: CallContext): BslValue | Promise<BslValue>;
}

/** A global property (`Документы`, `Метаданные`, `Символы`, an enum such as `КодировкаТекста`). */
export interface GlobalPropertyDef {
  ru: string;
  en: string;
  get(ctx: CallContext): BslValue | Promise<BslValue>;
}

/** A type `Новый` can make. */
export interface ConstructorDef {
  ru: string;
  en: string;
  min: number;
  max: number;
  since?: string;
  /** Version gate that is more than a plain "since" (e.g. different builds per minor version). */
  availableIn?(version: PlatformVersion): boolean;
  construct(args: BslValue[], ctx: CallContext): BslObject | Promise<BslObject>;
}

/** Controllable time: UTC milliseconds; local (session) time = UTC + offsetMinutes. */
export interface Clock {
  nowUtcMs(): number;
  /** Offset of the base's local time from UTC at the given moment, in minutes (Kyiv: 120 or 180). */
  offsetMinutes(utcMs: number): number;
}

/**
 * Transactions belong to the base: the runtime calls these for НачатьТранзакцию /
 * ЗафиксироватьТранзакцию / ОтменитьТранзакцию / ТранзакцияАктивна. The default hooks only
 * count nesting (no data to roll back).
 */
export interface TransactionHooks {
  begin(): void | Promise<void>;
  commit(): void | Promise<void>;
  rollback(): void | Promise<void>;
  active(): boolean;
}

/** One ЗаписьЖурналаРегистрации call, captured for assertions. */
export interface EventLogEntry {
  event: string;
  /** The level's Russian name: Информация, Предупреждение, Ошибка, Примечание. */
  level: string;
  metadata: BslValue;
  data: BslValue;
  comment: string;
  /** Local (session) time of the call. */
  at: BslDate;
}

export interface PlatformVersion {
  text: string;
  parts: [number, number, number, number];
}

/** What hosts can reach at run time through `ctx.runtime`. */
export interface RuntimeServices {
  readonly clock: Clock;
  readonly platformVersion: PlatformVersion;
  readonly transactions: TransactionHooks;
  readonly eventLog: EventLogEntry[];
  /** Where ЗаписьТекста writes, path → text: one table per runtime, instead of the disk. */
  readonly files: Map<string, string>;
  /** True when the configured platform is at least `version` ("8.3.21" or "8.3.22.2470"). */
  versionAtLeast(version: string): boolean;
  /** Creates an object of a registered type as `Новый` would (for hosts that return platform objects). */
  construct(typeName: string, args: BslValue[]): Promise<BslObject>;
}
