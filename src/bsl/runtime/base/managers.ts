/**
 * The global managers of the base: Документы.X, Справочники.X, РегистрыСведений.X and
 * Перечисления.X, with the methods the modules (and the code that drives the base) call.
 */
import { NameMap } from '../class-def.js';
import { MemberNotFound, WrongArgumentCount } from '../errors.js';
import type { BslObject, CallContext, TypeName } from '../host-api.js';
import { type BslValue, isNumber } from '../values.js';
import { BaseObject } from './base-object.js';
import type { EnumDef } from './enum-value.js';
import { type InfoRegister, RecordManager, RecordSet } from './info-register.js';
import { type ObjectRef, type ObjectTable, uuidText } from './object-table.js';

/** A collection object whose properties are managers by name (Документы, Справочники, …). */
export class ManagerCollection implements BslObject {
  private readonly managers = new NameMap<BslObject>();

  constructor(
    readonly bslType: TypeName,
    entries: Array<[string, BslObject]>,
  ) {
    for (const [name, manager] of entries) this.managers.set([name], manager);
  }

  hasProperty(name: string): boolean {
    return this.managers.has(name);
  }

  getProperty(name: string): BslValue {
    const m = this.managers.get(name);
    if (!m) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return m;
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string): BslValue {
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

function arity(name: string, args: BslValue[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw new WrongArgumentCount(name, args.length, min, max);
}

/** ДокументМенеджер.X / СправочникМенеджер.X. */
export class ObjectManager implements BslObject {
  readonly bslType: TypeName;

  constructor(readonly table: ObjectTable) {
    const en = table.def.cls === 'Документ' ? 'DocumentManager' : 'CatalogManager';
    this.bslType = { ru: `${table.def.cls}Менеджер.${table.def.name}`, en: `${en}.${table.def.name}` };
  }

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[], _ctx: CallContext): BslValue {
    const isDocument = this.table.def.cls === 'Документ';
    const m = name.toLowerCase();
    if (isDocument && (m === 'создатьдокумент' || m === 'createdocument')) {
      arity(name, args, 0, 0);
      return BaseObject.create(this.table);
    }
    if (!isDocument && (m === 'создатьэлемент' || m === 'createitem')) {
      arity(name, args, 0, 0);
      return BaseObject.create(this.table);
    }
    if (!isDocument && this.table.def.hierarchical && (m === 'создатьгруппу' || m === 'createfolder')) {
      arity(name, args, 0, 0);
      return BaseObject.create(this.table, true);
    }
    if (m === 'получитьссылку' || m === 'getref') {
      arity(name, args, 0, 1);
      // Without an argument: a reference with a new identifier (to an object not written yet).
      return this.table.ref(args[0] === undefined ? this.table.newUuid() : uuidText(args[0]));
    }
    if (m === 'пустаяссылка' || m === 'emptyref') {
      arity(name, args, 0, 0);
      return this.table.emptyRef;
    }
    if (isDocument && (m === 'найтипономеру' || m === 'findbynumber')) {
      arity(name, args, 1, 2);
      return this.findBy('Номер', args[0]);
    }
    if (!isDocument && (m === 'найтипокоду' || m === 'findbycode')) {
      arity(name, args, 1, 4);
      return this.findBy('Код', args[0]);
    }
    if (!isDocument && (m === 'найтипонаименованию' || m === 'findbydescription')) {
      arity(name, args, 1, 4);
      // Точно = Ложь (the default) finds by the beginning of the name, as 1C does.
      const exact = args[1] === true;
      const wanted = String(args[0] ?? '');
      for (const [uuid, stored] of this.table.all()) {
        const text = String(stored.fields['Наименование'] ?? '');
        if (exact ? text === wanted : text.toLowerCase().startsWith(wanted.toLowerCase())) return this.table.ref(uuid);
      }
      return this.table.emptyRef;
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }

  private findBy(field: string, value: BslValue): ObjectRef {
    // Номер/Код are strings here; a number argument matches its digits.
    const wanted = isNumber(value) ? value.toString() : String(value ?? '');
    for (const [uuid, stored] of this.table.all()) {
      const v = String(stored.fields[field] ?? '');
      if (v === wanted || (isNumber(value) && v.replace(/^0+/, '') === wanted)) return this.table.ref(uuid);
    }
    return this.table.emptyRef;
  }
}

/** РегистрСведенийМенеджер.X. */
export class RegisterManager implements BslObject {
  readonly bslType: TypeName;

  constructor(readonly register: InfoRegister) {
    this.bslType = { ru: `РегистрСведенийМенеджер.${register.def.name}`, en: `InformationRegisterManager.${register.def.name}` };
  }

  getProperty(name: string): BslValue {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  setProperty(name: string): void {
    throw new MemberNotFound(name, 'property', this.bslType.ru);
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    const m = name.toLowerCase();
    if (m === 'создатьменеджерзаписи' || m === 'createrecordmanager') {
      arity(name, args, 0, 0);
      return new RecordManager(this.register);
    }
    if (m === 'создатьнаборзаписей' || m === 'createrecordset') {
      arity(name, args, 0, 0);
      return new RecordSet(this.register);
    }
    throw new MemberNotFound(name, 'method', this.bslType.ru);
  }
}

export function enumCollection(enums: EnumDef[]): ManagerCollection {
  return new ManagerCollection(
    { ru: 'ПеречисленияМенеджер', en: 'EnumsManager' },
    enums.map((e) => [e.name, e]),
  );
}
