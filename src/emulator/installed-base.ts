/**
 * A simulated 1C base with the generated modules installed, running in the BSL runtime: the
 * common module, the object-module handlers (as an extension over the vendor's modules, or
 * inserted directly into them as the guide describes), the two registers, and the scheduled
 * job as a call. What the modules send goes over real HTTP to whatever the options' URL names.
 *
 * Host code edits the base through the same objects BSL does (`create`, `edit`, then
 * `write`/`delete`/`setDeletionMark`), so every change runs the installed handlers.
 */

import { type BslNames, type BslOptions, generateBsl } from '../bsl/generator/index.js';
import { shippedKinds } from '../bsl/generator/kind-plans.js';
import { DEFAULT_NAMES } from '../bsl/generator/resolve-options.js';
import type { BaseObject } from '../bsl/runtime/base/base-object.js';
import { POSTING_MODE, WRITE_MODE } from '../bsl/runtime/base/enum-value.js';
import type { RegisterRecord } from '../bsl/runtime/base/info-register.js';
import { standardMetadata } from '../bsl/runtime/base/metadata.js';
import type { ObjectRef } from '../bsl/runtime/base/object-table.js';
import { OneCBase } from '../bsl/runtime/base/onec-base.js';
import { insertDirect, vendorCatalogModule, vendorDocumentModule, vendorPlainModule } from '../bsl/runtime/base/vendor-modules.js';
import type { Clock } from '../bsl/runtime/host-api.js';
import { createPlatformRuntime } from '../bsl/runtime/library/index.js';
import type { ModuleInstance } from '../bsl/runtime/module-instance.js';
import type { BslRuntime } from '../bsl/runtime/runtime.js';
import { BslDate, type BslValue } from '../bsl/runtime/values.js';
import type { BslKind } from '../domain/kinds.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { readExtensionDump } from './read-extension-dump.js';

export type InstallStyle = 'extension' | 'direct';

export interface InstalledBaseOptions {
  bsl: BslOptions;
  style: InstallStyle;
  /** СистемнаяИнформация().ВерсияПриложения: picks the modules' version-dependent paths. */
  platformVersion?: string;
  clock: Clock;
  /**
   * Install from a configuration extension dumped to files (`onec-sync bsl --dump`) instead of the
   * generator's texts: the dump's registers, common module, job method and object modules, as
   * the 1C developer loads them. Implies the extension style.
   */
  dump?: string;
}

export class InstalledBase {
  private constructor(
    readonly base: OneCBase,
    readonly runtime: BslRuntime,
    readonly names: BslNames,
    readonly common: ModuleInstance,
    /** The kinds the installed modules send. */
    readonly kinds: readonly KindDefinition[],
  ) {}

  static async create(options: InstalledBaseOptions): Promise<InstalledBase> {
    if (options.dump !== undefined) return InstalledBase.fromDump(options, options.dump);
    const names: BslNames = { ...DEFAULT_NAMES, ...options.bsl.names };
    const files = generateBsl(options.bsl);
    const kinds = options.bsl.kinds ?? shippedKinds();
    const base = new OneCBase(standardMetadata(names, kinds));
    const runtime = createPlatformRuntime({ clock: options.clock, platformVersion: options.platformVersion, transactions: base.tx });
    base.install(runtime);
    const common = files.find((f) => f.path.startsWith('common/'));
    if (!common) throw new Error('the generator wrote no common module');
    const instance = await runtime.loadCommonModule(names.commonModule, common.content, `ОбщийМодуль.${names.commonModule}.Модуль`);
    for (const file of files.filter((f) => f.path.startsWith(`${options.style}/`))) {
      const table = file.path.slice(options.style.length + 1).replace(/\.МодульОбъекта\.bsl$/, '');
      const vendor =
        table === `Документ.${names.receipt}` || table === `Документ.${names.invoice}`
          ? vendorDocumentModule(names)
          : table === `Справочник.${names.client}`
            ? vendorCatalogModule()
            : vendorPlainModule(table.startsWith('Документ.') ? 'Документ' : 'Справочник');
      base.setObjectModule(table, options.style === 'extension' ? { main: vendor, extensions: [file.content] } : { main: insertDirect(vendor, file.content) });
    }
    return new InstalledBase(base, runtime, names, instance, kinds);
  }

  private static async fromDump(options: InstalledBaseOptions, dir: string): Promise<InstalledBase> {
    const names: BslNames = { ...DEFAULT_NAMES, ...options.bsl.names };
    const dump = readExtensionDump(dir);
    // The vendor's objects are the simulated configuration's; what the extension adds is the dump's.
    const kinds = options.bsl.kinds ?? shippedKinds();
    const base = new OneCBase({ ...standardMetadata(names, kinds), registers: dump.registers });
    const runtime = createPlatformRuntime({ clock: options.clock, platformVersion: options.platformVersion, transactions: base.tx });
    base.install(runtime);
    const cm = dump.commonModule;
    const instance = await runtime.loadCommonModule(cm.name, cm.text, `ОбщийМодуль.${cm.name}.Модуль`);
    for (const m of dump.objectModules) {
      const vendor =
        m.table === `Документ.${names.receipt}` || m.table === `Документ.${names.invoice}`
          ? vendorDocumentModule(names)
          : m.table === `Справочник.${names.client}`
            ? vendorCatalogModule()
            : vendorPlainModule(m.table.startsWith('Документ.') ? 'Документ' : 'Справочник');
      base.setObjectModule(m.table, { main: vendor, extensions: [m.text] });
    }
    const ib = new InstalledBase(base, runtime, { ...names, commonModule: cm.name, scheduledJob: dump.job.name }, instance, kinds);
    ib.jobMethod = dump.job.method;
    return ib;
  }

  /** The procedure the scheduled job runs (the dump's `MethodName`). */
  private jobMethod = 'ОтправитьОчередь';

  get clientTable(): string {
    return `Справочник.${this.names.client}`;
  }

  tableOf(kind: BslKind): string {
    return kind === 'receipt' ? `Документ.${this.names.receipt}` : kind === 'invoice' ? `Документ.${this.names.invoice}` : this.clientTable;
  }

  /** The table of a kind's objects: the classic kinds' as the options name them, the others' as declared. */
  tableOfKind(kind: KindDefinition): string {
    if (kind.store === 'objects') return `${kind.metaClass}.${kind.oneCName}`;
    return this.tableOf(kind.bslKind as BslKind);
  }

  /** A new object; set fields with `set`, rows with `section(…).add`, then `write`. */
  create(table: string, folder = false): BaseObject {
    return this.base.create(table, folder);
  }

  edit(ref: ObjectRef): BaseObject {
    const o = this.base.edit(ref);
    if (!o) throw new Error(`no object behind ${ref.presentation()}`);
    return o;
  }

  async write(o: BaseObject, mode: 'write' | 'post' | 'unpost' = 'write'): Promise<ObjectRef> {
    const name = mode === 'post' ? 'Проведение' : mode === 'unpost' ? 'ОтменаПроведения' : 'Запись';
    await o.write(this.base.context(), WRITE_MODE.value(name), POSTING_MODE.value('Неоперативный'));
    return o.ref;
  }

  async delete(ref: ObjectRef): Promise<void> {
    await this.edit(ref).delete(this.base.context());
  }

  async setDeletionMark(ref: ObjectRef, mark: boolean): Promise<void> {
    await this.edit(ref).setDeletionMark(this.base.context(), mark);
  }

  /** The scheduled job ОтправкаВERP: one run of ОтправитьОчередь. */
  async runJob(): Promise<void> {
    await this.common.call(this.jobMethod, []);
  }

  /** ЗапланироватьВыгрузку(Вид[, НачалоПериода, КонецПериода]): the initial upload of a kind's Вид, or "all". */
  async backfill(kind: string, from?: BslDate, to?: BslDate): Promise<number> {
    const n = await this.common.call('ЗапланироватьВыгрузку', from || to ? [kind, from ?? BslDate.EMPTY, to ?? BslDate.EMPTY] : [kind]);
    return Number(String(n));
  }

  /** ПовторитьОтложенные: a person puts parked records back. */
  async retryParked(messageId = ''): Promise<number> {
    return Number(String(await this.common.call('ПовторитьОтложенные', [messageId])));
  }

  /** The outbox records, in the order they were queued. */
  queue(): RegisterRecord[] {
    return this.base.register(this.names.queueRegister).all();
  }

  /** The base's objects of a table as stored: GUID and fields. */
  objects(table: string): Array<{ uuid: string; fields: Record<string, BslValue>; sections: Record<string, Array<Record<string, BslValue>>> }> {
    return this.base
      .table(table)
      .all()
      .map(([uuid, stored]) => ({ uuid, ...stored }));
  }
}
