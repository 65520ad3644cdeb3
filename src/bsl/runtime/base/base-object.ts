/**
 * ДокументОбъект.X / СправочникОбъект.X: an object being edited, and the platform's write,
 * delete and deletion-mark sequences with their handlers in the platform's order.
 *
 * Записать (1C 8.3, one transaction around all of it):
 *   НачатьТранзакцию → ПередЗаписью(Отказ[, РежимЗаписи, РежимПроведения]) → the row is stored
 *   (a new object gets its reference, Номер/Код and ВерсияДанных here) → ПриЗаписи(Отказ) →
 *   ЗафиксироватьТранзакцию.
 * Отказ = Истина in either handler, or an exception from one, rolls back the transaction —
 * the object's row and everything the handlers wrote to registers — and the write fails with
 * an exception to the caller, as the platform's "Не удалось записать" does.
 * Удалить: НачатьТранзакцию → ПередУдалением(Отказ) → the row is removed → commit.
 * Handlers run even with ОбменДанными.Загрузка = Истина: skipping their work is the module's
 * own check, which is why every handler of the generated modules begins with it.
 */
import { NameMap } from '../class-def.js';
import { BslError, MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, CallContext, TypeName } from '../host-api.js';
import { Ref } from '../ref.js';
import type { BslValue } from '../values.js';
import { EnumValue, POSTING_MODE, WRITE_MODE } from './enum-value.js';
import { EMPTY_UUID, type HandlerModule, type ObjectRef, type ObjectTable, type StoredObject } from './object-table.js';
import { TabularSection } from './tabular-section.js';

const OWN_PROPERTIES = new NameMap<string>();
OWN_PROPERTIES.set(['Ссылка', 'Ref'], 'Ссылка');
OWN_PROPERTIES.set(['ОбменДанными', 'DataExchange'], 'ОбменДанными');
OWN_PROPERTIES.set(['ДополнительныеСвойства', 'AdditionalProperties'], 'ДополнительныеСвойства');

export class BaseObject implements BslObject {
  readonly fields: Record<string, BslValue>;
  readonly sections = new Map<string, TabularSection>();
  readonly dataExchange = new DataExchange();
  private additional: BslObject | undefined;
  private module: HandlerModule | undefined | null = null;

  private constructor(
    readonly table: ObjectTable,
    public uuid: string,
    public isNew: boolean,
    stored: StoredObject,
  ) {
    this.fields = { ...stored.fields };
    for (const s of table.def.tabularSections) this.sections.set(s.name, new TabularSection(table, s.name, stored.sections[s.name] ?? []));
  }

  /** A new object (СоздатьДокумент / СоздатьЭлемент / СоздатьГруппу): no reference until written. */
  static create(table: ObjectTable, folder = false): BaseObject {
    const o = new BaseObject(table, EMPTY_UUID, true, { fields: table.newFields(), sections: {} });
    if (folder) o.fields['ЭтоГруппа'] = true;
    return o;
  }

  static load(table: ObjectTable, uuid: string, stored: StoredObject): BaseObject {
    return new BaseObject(table, uuid, false, stored);
  }

  get bslType(): TypeName {
    return this.table.objectType;
  }

  get ref(): ObjectRef {
    return this.uuid === EMPTY_UUID ? this.table.emptyRef : this.table.ref(this.uuid);
  }

  section(name: string): TabularSection {
    const canonical = this.table.sectionNames.get(name);
    if (!canonical) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return this.sections.get(canonical)!;
  }

  hasProperty(name: string): boolean {
    return OWN_PROPERTIES.has(name) || this.table.fieldNames.has(name) || this.table.sectionNames.has(name);
  }

  async getProperty(name: string, ctx: CallContext): Promise<BslValue> {
    const own = OWN_PROPERTIES.get(name);
    if (own === 'Ссылка') return this.ref;
    if (own === 'ОбменДанными') return this.dataExchange;
    if (own === 'ДополнительныеСвойства') {
      this.additional ??= await ctx.runtime.construct('Структура', []);
      return this.additional;
    }
    const field = this.table.fieldNames.get(name);
    if (field) return this.fields[field];
    return this.section(name);
  }

  setProperty(name: string, value: BslValue): void {
    const field = this.table.fieldNames.get(name);
    if (field && field !== 'ВерсияДанных') {
      this.fields[field] = value;
      return;
    }
    if (this.hasProperty(name)) throw new BslError(`Поле объекта недоступно для записи (${name})`);
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  async callMethod(name: string, args: BslValue[], ctx: CallContext): Promise<BslValue> {
    const arity = (min: number, max: number) => {
      if (args.length < min || args.length > max) throw new WrongArgumentCount(name, args.length, min, max);
    };
    const isDocument = this.table.def.cls === 'Документ';
    switch (name.toLowerCase()) {
      case 'записать':
      case 'write':
        arity(0, isDocument ? 2 : 0);
        await this.write(ctx, args[0] instanceof EnumValue ? args[0] : undefined, args[1] instanceof EnumValue ? args[1] : undefined);
        return undefined;
      case 'удалить':
      case 'delete':
        arity(0, 0);
        await this.delete(ctx);
        return undefined;
      case 'установитьпометкуудаления':
      case 'setdeletionmark':
        arity(1, isDocument ? 1 : 2);
        await this.setDeletionMark(ctx, args[0] === true);
        return undefined;
      case 'этоновый':
      case 'isnew':
        arity(0, 0);
        return this.isNew;
      case 'прочитать':
      case 'read': {
        arity(0, 0);
        const stored = this.table.read(this.uuid);
        if (!stored) throw new BslError('Объект не найден');
        Object.assign(this.fields, stored.fields);
        for (const [s, section] of this.sections)
          section.rows.splice(0, section.rows.length, ...new TabularSection(this.table, s, stored.sections[s] ?? []).rows);
        return undefined;
      }
      default:
        throw new MemberNotFound(name, 'method', this.bslType.ru);
    }
  }

  presentation(): string {
    return this.isNew ? '' : this.table.presentationOf(this.uuid);
  }

  /** Записать, with a document's write mode (Запись, Проведение, ОтменаПроведения). */
  async write(_ctx: CallContext, mode: EnumValue = WRITE_MODE.value('Запись'), postingMode: EnumValue = POSTING_MODE.value('Неоперативный')): Promise<void> {
    const isDocument = this.table.def.cls === 'Документ';
    const before = { isNew: this.isNew, uuid: this.uuid, fields: { ...this.fields } };
    const tx = this.table.base.tx;
    tx.begin();
    try {
      if (isDocument && mode.name === 'Проведение') this.fields['Проведен'] = true;
      if (isDocument && mode.name === 'ОтменаПроведения') this.fields['Проведен'] = false;
      const cancel = new Ref(false);
      await this.handler('ПередЗаписью', isDocument ? [cancel, mode, postingMode] : [cancel]);
      if (cancel.value === true) throw this.refused('записать');

      if (this.isNew) this.uuid = this.table.newUuid();
      const numberField = isDocument ? 'Номер' : 'Код';
      if (this.fields[numberField] === '') this.fields[numberField] = this.table.nextNumber();
      this.fields['ВерсияДанных'] = this.table.base.nextDataVersion();
      this.table.put(this.uuid, this.toStored());
      // In ПриЗаписи the object is written: ЭтоНовый() is already Ложь.
      this.isNew = false;

      cancel.value = false;
      await this.handler('ПриЗаписи', [cancel]);
      if ((cancel.value as BslValue) === true) throw this.refused('записать');
      tx.commit();
    } catch (error) {
      if (tx.active()) tx.rollback();
      this.isNew = before.isNew;
      this.uuid = before.uuid;
      Object.assign(this.fields, before.fields);
      throw error;
    }
  }

  async delete(_ctx: CallContext): Promise<void> {
    if (this.isNew) throw new BslError('Объект не записан');
    const tx = this.table.base.tx;
    tx.begin();
    try {
      const cancel = new Ref(false);
      await this.handler('ПередУдалением', [cancel]);
      if (cancel.value === true) throw this.refused('удалить');
      this.table.remove(this.uuid);
      tx.commit();
    } catch (error) {
      if (tx.active()) tx.rollback();
      throw error;
    }
  }

  /**
   * УстановитьПометкуУдаления: sets the mark and writes. Marking a posted document cancels its
   * posting in the same write (the platform writes it in ОтменаПроведения mode).
   */
  async setDeletionMark(ctx: CallContext, mark: boolean): Promise<void> {
    this.fields['ПометкаУдаления'] = mark;
    if (this.table.def.cls === 'Документ') {
      const unpost = mark && this.fields['Проведен'] === true;
      await this.write(ctx, WRITE_MODE.value(unpost ? 'ОтменаПроведения' : 'Запись'));
    } else {
      await this.write(ctx);
    }
  }

  toStored(): StoredObject {
    const sections: StoredObject['sections'] = {};
    for (const [name, s] of this.sections) sections[name] = s.toStored();
    return { fields: { ...this.fields }, sections };
  }

  private async handler(name: string, args: Array<BslValue | Ref>): Promise<void> {
    // One module instance per object, made on first use: module variables live with the object.
    if (this.module === null) this.module = await this.table.base.objectModule(this.table, this);
    if (this.module?.has(name)) await this.module.call(name, args);
  }

  private refused(verb: string): BslError {
    const shown = this.table.def.cls === 'Документ' ? `${this.table.def.synonym} ${String(this.fields['Номер'])}` : String(this.fields['Наименование']);
    return new BslError(`Не удалось ${verb}: "${shown}"!`);
  }
}

/** ОбменДанными: Загрузка marks a write made by a data exchange. */
export class DataExchange implements BslObject {
  readonly bslType: TypeName = { ru: 'ПараметрыОбменаДанными', en: 'DataExchangeParameters' };
  load = false;

  getProperty(name: string): BslValue {
    if (/^(Загрузка|Load)$/i.test(name)) return this.load;
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string, value: BslValue): void {
    if (!/^(Загрузка|Load)$/i.test(name)) throw new MemberNotFound(name, 'property', this.bslType.ru);
    this.load = value === true;
  }

  hasProperty(name: string): boolean {
    return /^(Загрузка|Load)$/i.test(name);
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}
