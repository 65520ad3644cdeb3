/**
 * Compares the declared kinds' objects of a simulated 1C base (items, contracts, sales, bank
 * documents: every kind kept in the service's `objects` store) with what the service's read API
 * holds for the source, object by object: every attribute by its declared 1C type (numbers as
 * the exact decimal text, dates as the base's local time with the service zone's offset,
 * booleans, strings, enumeration values by name, references by GUID, presentation and type, and
 * a reference to a kind the service keeps leading to that object's id there), every tabular
 * section's rows in order, deletion marks, and the objects deleted in the base kept as deleted.
 * Returns the differences, one line each (empty = the service holds exactly the base).
 */
import { EnumValue } from '../bsl/runtime/base/enum-value.js';
import { ObjectRef } from '../bsl/runtime/base/object-table.js';
import { BslDate, type BslValue, isNumber } from '../bsl/runtime/values.js';
import { withZoneOffset } from '../domain/local-date.js';
import type { AttributeDefinition } from '../kinds/kind-definition.js';
import { type GetJson, listAll } from './compare-with-service.js';
import type { InstalledBase } from './installed-base.js';

// biome-ignore lint/suspicious/noExplicitAny: the service's JSON answers; the comparisons below are the shape check.
type Answer = any;

/** A source's attribute value: a plain field, or a path through references (`Контрагент.Наименование`). */
function sourceValue(fields: Record<string, BslValue>, source: string): BslValue {
  const [head, ...rest] = source.split('.');
  let v: BslValue = fields[head!];
  for (const part of rest) {
    if (!(v instanceof ObjectRef) || v.isEmpty()) return undefined;
    v = v.table.read(v.uuid)?.fields[part];
  }
  return v;
}

export interface DeclaredComparison {
  /**
   * The service's zone (ONEC_SYNC_TIMEZONE): the offset a presented date carries. Unknown (a
   * service compared from outside): the date must be the base's local time with some offset.
   */
  timezone?: string;
}

export async function compareDeclaredWithService(
  ib: InstalledBase,
  get: GetJson,
  sourceId: string,
  deleted: Record<string, string[]>,
  options: DeclaredComparison = {},
): Promise<string[]> {
  const problems: string[] = [];
  const src = `source=${encodeURIComponent(sourceId)}`;
  const declared = ib.kinds.filter((k) => k.store === 'objects');

  // Every object of the source the service holds, by kind and GUID: what references must lead to.
  const held = new Map<string, Map<string, Answer>>();
  const both = async (path: string) => [...(await listAll(get, `${path}&deleted=false`)), ...(await listAll(get, `${path}&deleted=true`))];
  for (const k of ib.kinds) {
    const list =
      k.store === 'objects'
        ? await both(`/api/v1/objects/${k.kind}?${src}`)
        : k.store === 'clients'
          ? await both(`/api/v1/clients?${src}`)
          : await both(`/api/v1/invoices?kind=${k.kind}&${src}`);
    held.set(k.kind, new Map(list.map((o: Answer) => [String(o.uuid).toLowerCase(), o])));
  }
  const kindOfTable = new Map(ib.kinds.map((k) => [ib.tableOfKind(k), k]));

  /** The differences of one value from the base's, by the attribute's declared type. */
  const differ = (a: AttributeDefinition, base: BslValue, got: Answer): string | null => {
    const t = a.type;
    const show = (expected: unknown) => `is ${JSON.stringify(got)}, the base has ${JSON.stringify(expected)}`;
    switch (t.type) {
      case 'string': {
        const expected = base === undefined || base === null ? '' : String(base);
        return got === expected ? null : show(expected);
      }
      case 'number': {
        // The exact decimal text: 1C's Число has no binary rounding, neither may the service.
        const expected = isNumber(base) ? String(base) : '0';
        return got === expected ? null : show(expected);
      }
      case 'boolean':
        return got === (base === true) ? null : show(base === true);
      case 'date': {
        const iso = base instanceof BslDate ? base.toIso() : null;
        const local = iso === null || iso === BslDate.EMPTY.toIso() ? null : iso;
        if (options.timezone === undefined) {
          const m = typeof got === 'string' ? /^(.*)([+-]\d\d:\d\d|Z)$/.exec(got) : null;
          return (local === null ? got === null : m?.[1] === local) ? null : show(local);
        }
        const expected = withZoneOffset(local, options.timezone);
        return got === expected ? null : show(expected);
      }
      case 'ref': {
        if (base instanceof EnumValue) {
          if (base.isEmpty()) return got === null ? null : show(null);
          const expected = { name: base.name, presentation: base.presentation(), type: `Перечисление.${base.enumeration.name}` };
          return got?.name === expected.name && got?.presentation === expected.presentation && got?.type === expected.type ? null : show(expected);
        }
        if (!(base instanceof ObjectRef) || base.isEmpty()) return got === null ? null : show(null);
        const expected: Record<string, unknown> = { uuid: base.uuid, presentation: base.presentation(), type: base.table.fullName };
        const target = kindOfTable.get(base.table.fullName);
        if (target) {
          // A reference to a kind the service keeps leads to that object once it is there.
          expected.kind = target.kind;
          expected.id = held.get(target.kind)?.get(base.uuid)?.id ?? null;
          if (expected.id === null) return `refers to ${target.kind} ${base.uuid}, which the service does not hold`;
        }
        const same = Object.entries(expected).every(([key, v]) => got?.[key] === v);
        return same && (target !== undefined || got?.id === undefined) ? null : show(expected);
      }
    }
  };

  for (const kind of declared) {
    const table = ib.tableOfKind(kind);
    const byUuid = held.get(kind.kind)!;
    const objects = ib.objects(table);
    for (const o of objects) {
      const ref = ib.base.table(table).ref(o.uuid);
      const label = `${kind.kind} ${ref.presentation()} (${o.uuid})`;
      const summary = byUuid.get(o.uuid);
      if (!summary) {
        problems.push(`${label}: missing in the service`);
        continue;
      }
      const d: Answer = await get(`/api/v1/objects/${kind.kind}/${summary.id}`);
      if (d.deleted !== false) problems.push(`${label}: deleted is ${JSON.stringify(d.deleted)}, the object is in the base`);
      if (d.deletionMark !== (o.fields['ПометкаУдаления'] === true))
        problems.push(`${label}: deletionMark is ${JSON.stringify(d.deletionMark)}, the base has ${o.fields['ПометкаУдаления'] === true}`);
      if (d.sourceRef !== ref.presentation()) problems.push(`${label}: sourceRef is ${JSON.stringify(d.sourceRef)}`);
      for (const a of kind.attributes) {
        const why = differ(a, sourceValue(o.fields, a.source), d.attributes?.[a.name]);
        if (why) problems.push(`${label}: ${a.name} ${why}`);
      }
      for (const s of kind.sections) {
        const rows = s.sources.flatMap((source) => (o.sections[source] ?? []).map((row) => ({ source, row })));
        const got: Answer[] = d.sections?.[s.name] ?? [];
        if (got.length !== rows.length) {
          problems.push(`${label}: ${s.name} has ${got.length} rows, the base ${rows.length}`);
          continue;
        }
        rows.forEach(({ source, row }, i) => {
          if (s.discriminator && got[i][s.discriminator] !== source)
            problems.push(`${label}: ${s.name}[${i}].${s.discriminator} is ${JSON.stringify(got[i][s.discriminator])}, the base's row is in ${source}`);
          for (const a of s.attributes) {
            const why = differ(a, sourceValue(row, a.source), got[i][a.name]);
            if (why) problems.push(`${label}: ${s.name}[${i}].${a.name} ${why}`);
          }
        });
      }
    }
    for (const uuid of deleted[kind.kind] ?? []) {
      const d = byUuid.get(uuid);
      if (d?.deleted !== true) problems.push(`${kind.kind} ${uuid}: deleted in the base, the service has ${d ? 'it alive' : 'nothing'}`);
    }
    const expected = objects.length + (deleted[kind.kind]?.length ?? 0);
    if (byUuid.size !== expected) problems.push(`the service holds ${byUuid.size} ${kind.kind} objects of this source, the base ${expected} (with deleted)`);
  }
  return problems;
}
