/**
 * A working day of the declared kinds (everything but the classic modules' three) in a
 * simulated 1C base with the generated modules installed: items, contracts, sales, bank
 * receipts and payments are created from their declarations, with references between them (a
 * sale's Контрагент is a counterparty of the day, its rows' Номенклатура are the day's items, a
 * contract's Владелец is a counterparty and a document's ДоговорКонтрагента is one of its
 * Контрагент's contracts), then edited, re-posted, marked for deletion and deleted, while the
 * scheduled job runs every few actions. Every change goes through the base's objects and so
 * through the installed handlers. Deterministic for a seed (given the same clock start).
 */

import type { BaseObject } from '../bsl/runtime/base/base-object.js';
import { ObjectRef } from '../bsl/runtime/base/object-table.js';
import { BslDate, type BslValue, num } from '../bsl/runtime/values.js';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import type { InstalledBase } from './installed-base.js';
import type { DayClock } from './runtime-day.js';
import { companyName, edrpouCheckDigit, Rng } from './scenario-data.js';

export interface DeclaredDayOptions {
  seed: number;
  /** Objects of each kind made in the morning (one more per catalog is made and deleted). */
  perKind?: number;
  /** Called just before an object is deleted, while its state can still be read. */
  onDelete?: (kind: KindDefinition, ref: ObjectRef) => void;
}

export interface DeclaredDaySummary {
  actions: number;
  jobRuns: number;
  /** The kinds the day worked on, in the order their objects were first made. */
  kinds: KindDefinition[];
  /** GUIDs of objects deleted during the day, by kind. */
  deleted: Record<string, string[]>;
  /** Records left in the outbox at the end. */
  left: number;
}

/** Standard attributes the base fills itself (numbering) or the day sets on purpose. */
const STANDARD = new Set(['Номер', 'Код', 'Проведен', 'ПометкаУдаления', 'ЭтоГруппа', 'ВерсияДанных']);

const ITEM_NAMES = ['Папір А4', 'Картридж HP 12A', 'Кава в зернах 1 кг', 'Стілець офісний', 'Монітор 27"', 'Доставка', 'Монтаж', 'Консультація'];
const TEXTS = ['Термінова поставка', 'Оплата частинами', 'Згідно з рахунком', 'Повернення тари', 'Без коментаря'];
const CURRENCIES: Array<[string, string]> = [
  ['980', 'грн'],
  ['840', 'USD'],
];

/** Declared kinds in an order where every kind comes after the declared kinds it refers to. */
export function byReferences(kinds: readonly KindDefinition[]): KindDefinition[] {
  const objectOf = (k: KindDefinition) => `${k.metaClass}.${k.oneCName}`;
  const refersTo = (k: KindDefinition) =>
    new Set(
      [...k.attributes, ...k.sections.flatMap((s) => s.attributes)].flatMap((a) =>
        a.type.type === 'ref' ? a.type.targets.map((t) => `${t.class}.${t.name}`) : [],
      ),
    );
  const left = [...kinds];
  const ordered: KindDefinition[] = [];
  while (left.length > 0) {
    const ready = left.findIndex((k) => [...refersTo(k)].every((o) => o === objectOf(k) || !left.some((x) => x !== k && objectOf(x) === o)));
    // A cycle of references (none among the shipped kinds) is broken at the first kind left.
    ordered.push(...left.splice(Math.max(ready, 0), 1));
  }
  return ordered;
}

export async function runDeclaredDay(ib: InstalledBase, clock: DayClock, options: DeclaredDayOptions): Promise<DeclaredDaySummary> {
  const rng = new Rng(options.seed);
  const perKind = options.perKind ?? 3;
  const declared = ib.kinds.filter((k) => k.store === 'objects');
  const kinds = byReferences(declared);
  const summary: DeclaredDaySummary = { actions: 0, jobRuns: 0, kinds, deleted: Object.fromEntries(kinds.map((k) => [k.kind, []])), left: 0 };
  const tableOf = (k: KindDefinition) => ib.tableOfKind(k);
  const kindTables = new Set(ib.kinds.map(tableOf));
  /** The objects a reference of each table may point to. */
  const pools = new Map<string, ObjectRef[]>();
  const pool = (table: string) => pools.get(table) ?? pools.set(table, []).get(table)!;
  let sinceJob = 0;

  const job = async () => {
    await ib.runJob();
    summary.jobRuns++;
  };
  const tick = async () => {
    summary.actions++;
    clock.advance(rng.int(15, 200) * 1000);
    if (++sinceJob >= 4) {
      sinceJob = 0;
      await job();
    }
  };
  const local = () => {
    const now = clock.nowUtcMs() + clock.offsetMinutes(clock.nowUtcMs()) * 60_000;
    return now - (now % 1000);
  };

  // Reference data of the catalogs no kind sends, loaded by a data exchange (ОбменДанными.Загрузка):
  // the handlers return at once, nothing is queued.
  for (const def of ib.base.metadata.tables) {
    const table = `${def.cls}.${def.name}`;
    if (def.cls !== 'Справочник' || kindTables.has(table)) continue;
    const rows = def.name === 'Валюты' ? CURRENCIES : [1, 2].map((n): [string, string] => ['', `${def.name} ${n}`]);
    for (const [code, name] of rows) {
      const o = ib.create(table);
      o.dataExchange.load = true;
      o.setProperty('Наименование', name);
      if (code) o.setProperty('Код', code);
      pool(table).push(await ib.write(o));
    }
  }

  // Counterparties: the classic catalog, sent by its classic module.
  const clientTable = ib.clientTable;
  for (let n = 0; n < 3; n++) {
    const o = ib.create(clientTable);
    o.setProperty('Наименование', companyName(rng));
    const first7 = String(rng.int(2000000, 4499999));
    o.setProperty(ib.names.edrpou, first7 + edrpouCheckDigit(first7));
    pool(clientTable).push(await ib.write(o));
    await tick();
  }

  const valueFor = (a: AttributeDefinition): BslValue | undefined => {
    const t = a.type;
    switch (t.type) {
      case 'string': {
        const text = a.name === 'НазначениеПлатежа' ? `Оплата згідно з рахунком № ${rng.int(1, 999)}` : rng.pick(TEXTS);
        return t.length > 0 ? text.slice(0, t.length) : text;
      }
      case 'number': {
        const whole = rng.int(1, Math.min(10 ** (t.digits - t.scale) - 1, t.scale >= 3 ? 40 : 50000));
        return num(whole).plus(num(rng.int(0, 10 ** Math.min(t.scale, 2) - 1)).div(10 ** Math.min(t.scale, 2)));
      }
      case 'date': {
        const ms = local();
        return BslDate.fromUnixMs(t.parts === 'date' ? ms - (ms % 86_400_000) + rng.int(0, 365) * 86_400_000 : ms);
      }
      case 'boolean':
        return rng.chance(0.5);
      case 'ref': {
        const target = t.targets[0]!;
        if (target.class === 'Перечисление') return rng.pick(ib.base.enumeration(target.name).all());
        const refs = pools.get(`${target.class === 'Документ' ? 'Документ' : 'Справочник'}.${target.name}`) ?? [];
        // Some optional references stay empty: they are sent as null.
        if (refs.length === 0 || (!a.required && rng.chance(0.1))) return undefined;
        return rng.pick(refs);
      }
    }
  };

  /** The day's contracts that have an owner: a document's counterparty and contract are taken as a pair. */
  const ownedContracts = () =>
    (pools.get('Справочник.ДоговорыКонтрагентов') ?? []).filter((c) => {
      const owner = ib.base.edit(c)?.fields['Владелец'];
      return owner instanceof ObjectRef && !owner.isEmpty();
    });

  const fill = (k: KindDefinition, o: BaseObject, n: number) => {
    for (const a of k.attributes) {
      if (STANDARD.has(a.source) || a.source.includes('.') || a.source.includes('(')) continue;
      if (a.source === 'Дата') {
        o.setProperty('Дата', BslDate.fromUnixMs(local()));
        continue;
      }
      if (a.source === 'Наименование') {
        o.setProperty('Наименование', k.oneCName === 'Номенклатура' ? `${rng.pick(ITEM_NAMES)} ${n + 1}` : `${k.label.uk} № ${rng.int(1, 999)}/${n + 1}`);
        continue;
      }
      const v = valueFor(a);
      if (v !== undefined) o.setProperty(a.source, v);
    }
    // A document's contract belongs to its counterparty (1C's choice parameters do the same).
    let contract: ObjectRef | undefined;
    if (o.table.fieldNames.has('Контрагент') && o.table.fieldNames.has('ДоговорКонтрагента') && ownedContracts().length > 0) {
      contract = rng.pick(ownedContracts());
      o.setProperty('Контрагент', ib.base.edit(contract)!.fields['Владелец']!);
      o.setProperty('ДоговорКонтрагента', contract);
    }
    for (const s of k.sections) {
      for (const source of s.sources) {
        const section = o.section(source);
        for (let r = rng.int(1, 3); r > 0; r--) {
          const row: Record<string, BslValue> = {};
          for (const a of s.attributes) {
            if (a.source.includes('.')) continue;
            const v = valueFor(a);
            if (v !== undefined) row[a.source] = v;
          }
          if ('ДоговорКонтрагента' in row && contract) row['ДоговорКонтрагента'] = contract;
          if ('Количество' in row && 'Цена' in row && 'Сумма' in row) {
            row['Сумма'] = (row['Количество'] as ReturnType<typeof num>).times(row['Цена'] as ReturnType<typeof num>).toDecimalPlaces(2);
          }
          section.add(row);
        }
      }
    }
  };

  const write = (o: BaseObject) => ib.write(o, o.table.def.cls === 'Документ' && rng.chance(0.6) ? 'post' : 'write');
  const made = new Map<KindDefinition, ObjectRef[]>();
  const live = (k: KindDefinition) => (made.get(k) ?? []).filter((r) => ib.base.edit(r) !== undefined);

  // Morning: every kind's objects, the referred-to kinds first.
  for (const k of kinds) {
    for (let n = 0; n < perKind; n++) {
      const o = ib.create(tableOf(k));
      fill(k, o, n);
      const ref = await write(o);
      made.set(k, [...(made.get(k) ?? []), ref]);
      if (k.metaClass === 'Справочник') pool(tableOf(k)).push(ref);
      await tick();
    }
  }

  // Edits: a plain attribute changes; a document's row too, and it is re-posted if it was posted.
  for (const k of kinds) {
    const ref = rng.pick(live(k));
    const o = ib.edit(ref);
    const plain = k.attributes.filter(
      (a) => !STANDARD.has(a.source) && !a.required && a.source !== 'Наименование' && !a.source.includes('.') && a.type.type !== 'ref',
    );
    if (plain.length > 0) {
      const a = rng.pick(plain);
      const v = valueFor(a);
      if (v !== undefined) o.setProperty(a.source, v);
    }
    const section = k.sections[0];
    if (section) {
      const rows = o.section(section.sources[0]!).rows;
      const numeric = section.attributes.find((a) => a.type.type === 'number' && !a.source.includes('.'));
      if (rows.length > 0 && numeric) rows[0]!.set(numeric.source, valueFor(numeric)!);
    }
    await ib.write(o, o.fields['Проведен'] === true ? 'post' : 'write');
    await tick();
  }

  // A burst: one object edited three times before the job runs; the job sends its last state once.
  {
    const k = rng.pick(kinds);
    const ref = rng.pick(live(k));
    for (let e = 0; e < 3; e++) {
      const o = ib.edit(ref);
      if (o.table.fieldNames.has('Комментарий')) o.setProperty('Комментарий', `Правка ${e + 1}`);
      await ib.write(o);
      clock.advance(5_000);
    }
    await tick();
  }

  // Deletion marks: one object of each kind is marked; the first kind's is unmarked again.
  const marked: Array<[KindDefinition, ObjectRef]> = [];
  for (const k of kinds) {
    const ref = rng.pick(live(k));
    await ib.setDeletionMark(ref, true);
    marked.push([k, ref]);
    await tick();
  }
  const [, unmark] = marked.shift()!;
  await ib.setDeletionMark(unmark, false);
  await tick();

  // Deletions: a marked document goes; a catalog item made by mistake (referred to by nothing) goes.
  for (const k of kinds) {
    let ref: ObjectRef;
    if (k.metaClass === 'Документ') {
      ref = marked.find(([mk]) => mk === k)?.[1] ?? rng.pick(live(k));
    } else {
      const o = ib.create(tableOf(k));
      fill(k, o, perKind);
      ref = await ib.write(o);
      await tick();
    }
    options.onDelete?.(k, ref);
    summary.deleted[k.kind]!.push(ref.uuid);
    await ib.delete(ref);
    await tick();
  }

  // The job drains the rest; a retry waits for its time, so the clock moves on between runs.
  for (let run = 0; run < 20 && ib.queue().length > 0; run++) {
    await job();
    clock.advance(61_000);
  }
  summary.left = ib.queue().length;
  return summary;
}
