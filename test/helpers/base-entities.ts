/**
 * The simulated 1C base (the BSL runtime's `OneCBase`) as 1C's standard OData interface shows
 * it, for the test OData server: every document and catalog of the configuration — the
 * classic slice and every declared kind's object, built from the declarations — read at the
 * moment of each request, so the OData side is the very base the generated modules send from.
 *
 * The shapes are the standard interface's: `Document_<Name>` / `Catalog_<Name>` with Ref_Key
 * (the object's GUID), DataVersion, DeletionMark, a document's Number, Date and Posted, a
 * catalog's Code, Description, IsFolder (hierarchical ones), Predefined; an attribute by its
 * metadata name, a reference as `<Name>_Key` (the all-zero GUID when empty), an enumeration
 * value as its name ("" when empty), a number unquoted as its decimal text, a date as local
 * ISO text; a tabular section as its own set `<Set>_<Section>` of rows with Ref_Key and
 * LineNumber (Edm.Int64, written as a string).
 */
import { EnumValue } from '../../src/bsl/runtime/base/enum-value.js';
import type { AttributeDef, ObjectTableDef } from '../../src/bsl/runtime/base/metadata.js';
import { EMPTY_UUID, ObjectRef, type StoredObject } from '../../src/bsl/runtime/base/object-table.js';
import type { OneCBase } from '../../src/bsl/runtime/base/onec-base.js';
import { BslDate, type BslValue, isNumber } from '../../src/bsl/runtime/values.js';
import { type Entity, type EntitySource, Num, type Value } from './odata-server.js';

/** Standard attributes a declaration may name in Russian; the standard interface names them in English. */
const STANDARD_ATTRIBUTES: Readonly<Record<string, string>> = { Владелец: 'Owner', Родитель: 'Parent' };

export class BaseEntities implements EntitySource {
  /** Entity set → the table and, for a tabular section's set, the section. */
  private readonly sets = new Map<string, { def: ObjectTableDef; section?: string }>();
  /** Sets the publication leaves out (the standard interface publishes only the objects an administrator chose): 404. */
  readonly unpublished = new Set<string>();

  constructor(private readonly base: OneCBase) {
    for (const def of base.metadata.tables) {
      const set = setOf(def);
      this.sets.set(set, { def });
      for (const s of def.tabularSections) this.sets.set(`${set}_${s.name}`, { def, section: s.name });
    }
  }

  entities(set: string): Entity[] | undefined {
    const found = this.sets.get(set);
    if (!found || this.unpublished.has(set)) return undefined;
    const rows = this.base.table(`${found.def.cls}.${found.def.name}`).all();
    if (found.section === undefined) return rows.map(([uuid, stored]) => objectEntity(found.def, uuid, stored));
    const section = found.def.tabularSections.find((s) => s.name === found.section)!;
    return rows.flatMap(([uuid, stored]) =>
      (stored.sections[section.name] ?? []).map((row, k) => {
        const e: Entity = { Ref_Key: uuid, LineNumber: String(k + 1) };
        for (const a of section.attributes) Object.assign(e, field(a, row[a.name]));
        return e;
      }),
    );
  }

  catalogObject(refKey: string): Entity | null {
    for (const def of this.base.metadata.tables) {
      if (def.cls !== 'Справочник') continue;
      const stored = this.base.table(`${def.cls}.${def.name}`).read(refKey);
      if (stored) return objectEntity(def, refKey, stored);
    }
    return null;
  }
}

/** `Document_<Name>` / `Catalog_<Name>`. */
export const setOf = (def: Pick<ObjectTableDef, 'cls' | 'name'>): string => `${def.cls === 'Документ' ? 'Document' : 'Catalog'}_${def.name}`;

function objectEntity(def: ObjectTableDef, uuid: string, stored: StoredObject): Entity {
  const f = stored.fields;
  const e: Entity = { Ref_Key: uuid, DataVersion: String(f.ВерсияДанных ?? ''), DeletionMark: f.ПометкаУдаления === true };
  if (def.cls === 'Документ') {
    e.Number = String(f.Номер ?? '');
    e.Date = dateText(f.Дата);
    e.Posted = f.Проведен === true;
  } else {
    e.Code = String(f.Код ?? '');
    e.Description = String(f.Наименование ?? '');
    if (def.hierarchical) e.IsFolder = f.ЭтоГруппа === true;
    e.Predefined = false;
    e.PredefinedDataName = '';
  }
  for (const a of def.attributes) Object.assign(e, field(a, f[a.name]));
  return e;
}

/** One attribute as the standard interface writes it: a reference as `<Name>_Key`, the rest by name. */
function field(a: AttributeDef, v: BslValue): Entity {
  const name = STANDARD_ATTRIBUTES[a.name] ?? a.name;
  switch (a.type.kind) {
    case 'ref':
      return { [`${name}_Key`]: v instanceof ObjectRef ? v.uuid : EMPTY_UUID };
    case 'enum':
      return { [name]: v instanceof EnumValue ? v.name : '' };
    case 'number':
      return { [name]: isNumber(v) ? new Num(v.toString()) : new Num('0') };
    case 'date':
      return { [name]: dateText(v) };
    case 'boolean':
      return { [name]: v === true };
    case 'string':
      return { [name]: typeof v === 'string' ? v : String(v ?? '') };
  }
}

function dateText(v: BslValue): Value {
  return (v instanceof BslDate ? v : BslDate.EMPTY).toIso();
}
