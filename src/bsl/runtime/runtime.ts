/**
 * The runtime: the global context (functions, properties, types), the configured platform
 * version, the clock, the transaction hooks and the event log; it compiles and instantiates
 * modules. `createPlatformRuntime` (library/index.ts) gives one with the platform library.
 */
import { availableIn, catalogueHasFunction, catalogueHasType, constructorArity, functionArity, NotImplemented } from './catalogue-check.js';
import { lower, NameMap } from './class-def.js';
import { systemClock } from './clock.js';
import { CompiledModule } from './compiled-module.js';
import type { BslRuntimeError } from './errors.js';
import { BslError } from './errors.js';
import type {
  BslObject,
  CallContext,
  Clock,
  ConstructorDef,
  EventLogEntry,
  GlobalFunctionDef,
  GlobalPropertyDef,
  PlatformVersion,
  RuntimeServices,
  TransactionHooks,
} from './host-api.js';
import { CommonModuleObject, ModuleInstance } from './module-instance.js';
import type { BslValue } from './values.js';

export interface RuntimeOptions {
  /** СистемнаяИнформация().ВерсияПриложения; gates version-dependent names. Default 8.3.24.1500. */
  platformVersion?: string;
  clock?: Clock;
  transactions?: TransactionHooks;
}

export function parseVersion(text: string): PlatformVersion {
  const p = text.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return { text, parts: [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0] };
}

export function compareVersions(a: PlatformVersion, b: PlatformVersion): number {
  for (let i = 0; i < 4; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  return 0;
}

/** Nesting counter: enough for code that only asks ТранзакцияАктивна(). The base replaces it. */
export class CountingTransactions implements TransactionHooks {
  depth = 0;
  begin(): void {
    this.depth++;
  }
  commit(): void {
    if (this.depth === 0) throw new BslError('Транзакция не активна');
    this.depth--;
  }
  rollback(): void {
    if (this.depth === 0) throw new BslError('Транзакция не активна');
    this.depth = 0;
  }
  active(): boolean {
    return this.depth > 0;
  }
}

export class BslRuntime implements RuntimeServices {
  readonly clock: Clock;
  readonly platformVersion: PlatformVersion;
  transactions: TransactionHooks;
  readonly eventLog: EventLogEntry[] = [];
  /** What ЗаписьТекста wrote, by path (the runtime never touches the disk). */
  readonly files = new Map<string, string>();
  /** Errors being handled, innermost last (ОписаниеОшибки(), bare ВызватьИсключение). */
  readonly handling: BslRuntimeError[] = [];
  private readonly functions = new NameMap<GlobalFunctionDef>();
  private readonly properties = new NameMap<GlobalPropertyDef>();
  private readonly types = new NameMap<ConstructorDef>();

  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.platformVersion = parseVersion(options.platformVersion ?? '8.3.24.1500');
    this.transactions = options.transactions ?? new CountingTransactions();
  }

  versionAtLeast(version: string): boolean {
    return compareVersions(this.platformVersion, parseVersion(version)) >= 0;
  }

  defineFunction(def: GlobalFunctionDef): void {
    this.functions.set([def.ru, def.en], def);
    this.resolvedFunctions.clear();
  }

  defineProperty(def: GlobalPropertyDef): void {
    this.properties.set([def.ru, def.en], def);
  }

  defineType(def: ConstructorDef): void {
    this.types.set([def.ru, def.en], def);
  }

  /**
   * A global function available on the configured version, with the catalogue's argument
   * counts where it lists the function; undefined when the platform has no such function.
   */
  globalFunction(name: string): GlobalFunctionDef | undefined {
    const key = lower(name);
    if (this.resolvedFunctions.has(key)) return this.resolvedFunctions.get(key);
    const resolved = this.resolveFunction(name);
    this.resolvedFunctions.set(key, resolved);
    return resolved;
  }

  /** Cleared by defineFunction; the version never changes for a runtime. */
  private readonly resolvedFunctions = new Map<string, GlobalFunctionDef | undefined>();

  private resolveFunction(name: string): GlobalFunctionDef | undefined {
    const f = this.functions.get(name);
    if (!f) {
      if (catalogueHasFunction(name)) throw new NotImplemented(name);
      return undefined;
    }
    if ((f.since && !this.versionAtLeast(f.since)) || !availableIn(f.ru, this.platformVersion.text)) return undefined;
    let arity = this.arities.get(f);
    if (!arity) {
      arity = functionArity(f.ru) ?? { min: f.min, max: f.max };
      this.arities.set(f, arity);
    }
    return arity.min === f.min && arity.max === f.max ? f : { ...f, ...arity };
  }

  private readonly arities = new Map<object, { min: number; max: number }>();

  async globalProperty(name: string, ctx: CallContext): Promise<{ found: boolean; value?: BslValue }> {
    const p = this.properties.get(name);
    return p ? { found: true, value: await p.get(ctx) } : { found: false };
  }

  /** The type `Новый` can make on the configured version, or undefined. */
  typeDef(name: string): ConstructorDef | undefined {
    const t = this.types.get(name);
    if (!t) {
      if (catalogueHasType(name) && constructorArity(name)) throw new NotImplemented(`Новый ${name}`);
      return undefined;
    }
    if (t.since && !this.versionAtLeast(t.since)) return undefined;
    if (t.availableIn && !t.availableIn(this.platformVersion)) return undefined;
    if (!availableIn(t.ru, this.platformVersion.text)) return undefined;
    let arity = this.arities.get(t);
    if (!arity) {
      arity = constructorArity(t.ru) ?? { min: t.min, max: t.max };
      this.arities.set(t, arity);
    }
    return arity.min === t.min && arity.max === t.max ? t : { ...t, ...arity };
  }

  async construct(typeName: string, args: BslValue[]): Promise<BslObject> {
    const t = this.typeDef(typeName);
    if (!t) throw new BslError(`Тип не определен (${typeName})`);
    return t.construct(args, this.hostContext());
  }

  /** A context for host code that calls library functions outside BSL. */
  hostContext(): CallContext {
    return { runtime: this, writeBack: () => undefined };
  }

  compile(text: string, name: string): CompiledModule {
    return CompiledModule.compile(text, name);
  }

  /**
   * A live module: `owner` makes it an object module (bare names reach the owner's properties,
   * `ЭтотОбъект` is the owner); `extensions` are extension modules of the same object.
   */
  async instantiate(compiled: CompiledModule, options: { owner?: BslObject; extensions?: CompiledModule[] } = {}): Promise<ModuleInstance> {
    const instance = new ModuleInstance(this, compiled, options.owner);
    for (const ext of options.extensions ?? []) instance.attach(new ModuleInstance(this, ext, options.owner));
    await instance.init();
    return instance;
  }

  /** Compiles a common module and makes it a global name (`СинхронизацияERP.Метод(...)`). */
  async loadCommonModule(name: string, text: string, moduleName = `ОбщийМодуль.${name}.Модуль`): Promise<ModuleInstance> {
    const instance = await this.instantiate(this.compile(text, moduleName));
    const value = new CommonModuleObject(instance);
    this.defineProperty({ ru: name, en: name, get: () => value });
    return instance;
  }
}
