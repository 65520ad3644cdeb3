/**
 * OneCBase: a small 1C base for the runtime — its tables, registers, enumerations, object
 * modules and transactions — and its installation into a BslRuntime as the global names
 * Документы, Справочники, РегистрыСведений, Перечисления, РежимЗаписиДокумента,
 * РежимПроведенияДокумента and the type Запрос.
 *
 *   const base = new OneCBase(standardMetadata());
 *   const rt = createPlatformRuntime({ transactions: base.tx, clock, platformVersion });
 *   base.install(rt);
 *   await rt.loadCommonModule('СинхронизацияERP', commonText);
 *   base.setObjectModule('Документ.ПоступлениеТоваровУслуг', { main: vendorText, extensions: [extText] });
 *
 * Host code (tests, the emulator) edits the base through the same objects BSL does, so every
 * write runs the object's handlers: `base.create('Справочник.Контрагенты')`, `obj.write(ctx)`.
 */

import type { CompiledModule } from '../compiled-module.js';
import { BslError } from '../errors.js';
import type { BslObject, CallContext } from '../host-api.js';
import type { BslRuntime } from '../runtime.js';
import type { BslValue } from '../values.js';
import { BaseObject } from './base-object.js';
import { configurationEnums, EnumDef, POSTING_MODE, WRITE_MODE } from './enum-value.js';
import { InfoRegister } from './info-register.js';
import { enumCollection, ManagerCollection, ObjectManager, RegisterManager } from './managers.js';
import type { BaseMetadata } from './metadata.js';
import { type BaseContext, type HandlerModule, type ObjectRef, ObjectTable, type StoredObject } from './object-table.js';
import { Query } from './query-objects.js';
import { TransactionLog } from './transaction-log.js';

export interface ObjectModuleTexts {
  /** The configuration's own object module (the vendor's code, or with the handlers inserted directly). */
  main?: string;
  /** Extension modules of the same object (`&Перед`/`&После` handlers). */
  extensions?: string[];
}

export class OneCBase implements BaseContext {
  readonly tx = new TransactionLog();
  private readonly tables = new Map<string, ObjectTable>();
  private readonly registers = new Map<string, InfoRegister>();
  private readonly enums = new Map<string, EnumDef>();
  private readonly modules = new Map<string, { main: CompiledModule; extensions: CompiledModule[] }>();
  private runtime: BslRuntime | undefined;
  private version = 0;

  constructor(readonly metadata: BaseMetadata) {
    for (const e of configurationEnums()) this.enums.set(e.name.toLowerCase(), e);
    for (const e of metadata.enums ?? []) this.enums.set(e.name.toLowerCase(), new EnumDef(e.name, e.values));
    metadata.tables.forEach((def, k) => {
      const t = new ObjectTable(def, k + 1, this);
      this.tables.set(t.fullName.toLowerCase(), t);
    });
    for (const r of metadata.registers) this.registers.set(r.name.toLowerCase(), new InfoRegister(r, this.tx));
  }

  table(fullName: string): ObjectTable {
    const t = this.tables.get(fullName.toLowerCase());
    if (!t) throw new BslError(`Нет такого объекта метаданных: ${fullName}`);
    return t;
  }

  register(name: string): InfoRegister {
    const r = this.registers.get(name.toLowerCase());
    if (!r) throw new BslError(`Нет такого регистра сведений: ${name}`);
    return r;
  }

  enumeration(name: string): EnumDef {
    const e = this.enums.get(name.toLowerCase());
    if (!e) throw new BslError(`Нет такого перечисления: ${name}`);
    return e;
  }

  nextDataVersion(): string {
    // 1C shows ВерсияДанных as base64 of 8 bytes; any text that changes on every write will do.
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt(++this.version));
    return bytes.toString('base64');
  }

  /** Makes the base the runtime's: its transactions and its global names. */
  install(rt: BslRuntime): void {
    this.runtime = rt;
    rt.transactions = this.tx;
    const documents: Array<[string, BslObject]> = [];
    const catalogs: Array<[string, BslObject]> = [];
    for (const t of this.tables.values()) (t.def.cls === 'Документ' ? documents : catalogs).push([t.def.name, new ObjectManager(t)]);
    const documentsValue = new ManagerCollection({ ru: 'ДокументыМенеджер', en: 'DocumentsManager' }, documents);
    const catalogsValue = new ManagerCollection({ ru: 'СправочникиМенеджер', en: 'CatalogsManager' }, catalogs);
    const registersValue = new ManagerCollection(
      { ru: 'РегистрыСведенийМенеджер', en: 'InformationRegistersManager' },
      [...this.registers.values()].map((r) => [r.def.name, new RegisterManager(r)]),
    );
    const enumsValue = enumCollection([...this.enums.values()]);
    rt.defineProperty({ ru: 'Документы', en: 'Documents', get: () => documentsValue });
    rt.defineProperty({ ru: 'Справочники', en: 'Catalogs', get: () => catalogsValue });
    rt.defineProperty({ ru: 'РегистрыСведений', en: 'InformationRegisters', get: () => registersValue });
    rt.defineProperty({ ru: 'Перечисления', en: 'Enums', get: () => enumsValue });
    rt.defineProperty({ ru: 'РежимЗаписиДокумента', en: 'DocumentWriteMode', get: () => WRITE_MODE });
    rt.defineProperty({ ru: 'РежимПроведенияДокумента', en: 'DocumentPostingMode', get: () => POSTING_MODE });
    const sources = { objectTable: (n: string) => this.tables.get(n.toLowerCase()), register: (n: string) => this.registers.get(n.toLowerCase()) };
    rt.defineType({ ru: 'Запрос', en: 'Query', min: 0, max: 1, construct: (args: BslValue[]) => new Query(sources, args[0]) });
  }

  /** Compiles the object module(s) of a table; objects made afterwards run them. */
  setObjectModule(tableFullName: string, texts: ObjectModuleTexts): void {
    const rt = this.requireRuntime();
    const t = this.table(tableFullName);
    const moduleName = `${t.fullName}.МодульОбъекта`;
    const main = rt.compile(texts.main ?? '', moduleName);
    const extensions = (texts.extensions ?? []).map((text, k) => rt.compile(text, `Расширение${k + 1}.${moduleName}`));
    this.modules.set(t.fullName.toLowerCase(), { main, extensions });
  }

  /**
   * Takes every object's extension modules off until the returned function puts them back: the
   * base as it was before the extension was installed (the configuration's own modules stay).
   * Objects already holding a module instance keep it, as an open form does in 1C.
   */
  withoutExtensions(): () => void {
    const saved = new Map(this.modules);
    for (const [name, m] of saved) this.modules.set(name, { main: m.main, extensions: [] });
    return () => {
      for (const [name, m] of saved) this.modules.set(name, m);
    };
  }

  async objectModule(table: ObjectTable, owner: BslObject): Promise<HandlerModule | undefined> {
    const m = this.modules.get(table.fullName.toLowerCase());
    if (!m) return undefined;
    return this.requireRuntime().instantiate(m.main, { owner, extensions: m.extensions });
  }

  /** A context for host code calling the base's objects outside BSL. */
  context(): CallContext {
    return this.requireRuntime().hostContext();
  }

  /** A new document, catalog item (or folder); write it with `write(base.context())`. */
  create(tableFullName: string, folder = false): BaseObject {
    return BaseObject.create(this.table(tableFullName), folder);
  }

  loadObject(table: ObjectTable, uuid: string, stored: StoredObject): BaseObject {
    return BaseObject.load(table, uuid, stored);
  }

  /** The object behind a reference, for editing; undefined when it does not exist. */
  edit(ref: ObjectRef): BaseObject | undefined {
    const stored = ref.table.read(ref.uuid);
    return stored ? BaseObject.load(ref.table, ref.uuid, stored) : undefined;
  }

  private requireRuntime(): BslRuntime {
    if (!this.runtime) throw new Error('OneCBase.install(runtime) must be called first');
    return this.runtime;
  }
}
