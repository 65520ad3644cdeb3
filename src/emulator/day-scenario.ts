import { shippedKinds } from '../bsl/generator/kind-plans.js';
import { type ObjectKind, webhookPath } from '../domain/kinds.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { DayScenario, DayScenarioOptions, ExpectedObject, PlannedDelivery, ScenarioSize } from './day-scenario-types.js';
import { byReferences } from './declared-day.js';
import { DeclaredValues } from './declared-values.js';
import { OneCBase, type OneCObject, type Send } from './one-c-base.js';
import { ReceiverModel } from './receiver-model.js';

/**
 * A working day of a Ukrainian company's 1C base as an ordered list of planned deliveries,
 * the exact bytes 1C would send and what the receiver must answer to each. Deterministic for
 * a seed. The 1C facts it relies on are stated where used.
 */
export type { ObjectKind } from '../domain/kinds.js';
export type { DayEvent, DayScenario, DayScenarioOptions, ExpectedObject, PlannedDelivery, ScenarioSize } from './day-scenario-types.js';
export type { ExpectedResult } from './receiver-model.js';

const SIZES = {
  small: { declared: 2, existing: 2, clients: 2, incoming: 2, outgoing: 3, edits: 1, clientEdits: 1, reposts: 1, marks: 2, deletions: 2, lates: 1, retries: 2 },
  day: {
    declared: 3,
    existing: 5,
    clients: 8,
    incoming: 16,
    outgoing: 20,
    edits: 10,
    clientEdits: 3,
    reposts: 4,
    marks: 5,
    deletions: 3,
    lates: 3,
    retries: 6,
  },
} as const;

type Token = 'client' | 'incoming' | 'outgoing' | 'edit' | 'client-edit' | 'repost' | 'mark' | 'client-mark' | 'late';

export function dayScenario(options: DayScenarioOptions): DayScenario {
  const size = options.size ?? 'day';
  const day = options.day ?? '2025-03-14';
  const n = SIZES[size];
  const base = new OneCBase(options.protocol, day, options.seed);
  const v2 = options.protocol === 'v2';
  const rng = base.rng;
  for (let i = 0; i < n.existing; i++) base.counterparty(true); // in the base before today: never sent

  const live = (kind?: ObjectKind) => base.objects.filter((o) => !o.marked && !o.deleted && (kind ? o.kind === kind : o.invoice !== undefined));
  const bag: Token[] = rng.shuffle([
    ...Array<Token>(n.clients).fill('client'),
    ...Array<Token>(n.incoming).fill('incoming'),
    ...Array<Token>(n.outgoing).fill('outgoing'),
    ...Array<Token>(n.edits).fill('edit'),
    ...Array<Token>(n.clientEdits).fill('client-edit'),
    ...Array<Token>(n.reposts).fill('repost'),
    ...Array<Token>(n.marks - 1).fill('mark'),
    'client-mark',
    // Late deliveries need НомерСобытия to be recognised; the classic modules post synchronously in order.
    ...Array<Token>(v2 ? n.lates : 0).fill('late'),
  ]);
  // Creations always succeed, so a token that cannot run yet moves to the back and its turn comes.
  for (let guard = 0; bag.length > 0 && guard < 10_000; guard++) {
    const token = bag.shift()!;
    const docs = live();
    const clients = live('client');
    const needsDoc = token === 'edit' || token === 'repost' || token === 'mark' || token === 'late';
    if ((needsDoc && docs.length < 2) || ((token === 'client-edit' || token === 'client-mark') && clients.length === 0)) {
      bag.push(token);
      continue;
    }
    if (token === 'client') base.newClient();
    else if (token === 'incoming' || token === 'outgoing') base.newDocument(token);
    else if (token === 'client-edit') {
      const object = rng.pick(clients);
      base.editClient(object);
      base.send(base.write(object), 'client-edit');
    } else if (token === 'edit') {
      const object = rng.pick(docs);
      base.edit(object);
      base.send(base.write(object), 'edit');
    } else if (token === 'repost') {
      // Re-posting without changes fires ПриЗаписи again with the same content.
      base.send(base.write(rng.pick(docs)), 'repost');
    } else if (token === 'mark' || token === 'client-mark') {
      const object = rng.pick(token === 'mark' ? docs : clients);
      base.mark(object); // an ordinary write: arrives as "update"
      base.send(base.write(object), 'deletion-mark');
    } else {
      // Two quick edits; the first one's queue record reaches the receiver after the second's.
      const object = rng.pick(docs);
      base.edit(object);
      const first = base.write(object);
      base.edit(object);
      base.send(base.write(object), 'edit');
      base.send(first, 'late');
    }
    base.tick(30, 600);
  }

  // Our modules send every declared kind too: items, contracts, sales, bank documents.
  const mistakes = v2 ? declaredDay(base, n.declared) : [];

  // 18:00, "Проведення документів за день": every posted document is re-posted — the storm.
  base.at(18, 0);
  base.pace = [1, 4];
  const posted = (o: OneCObject) => o.invoice?.posted === true || o.declared?.values.Проведен === true;
  for (const object of base.objects.filter((o) => !o.marked && !o.deleted && posted(o))) base.send(base.write(object), 'repost');

  // 18:30, "Видалення позначених об'єктів": physical deletion of marked objects (ПередУдалением).
  base.at(18, 30);
  base.pace = [2, 10];
  // Marked classic objects, some of them; every marked declared document and each catalog's item made by mistake.
  const doomed = [
    ...rng.shuffle(base.objects.filter((o) => o.marked && !o.declared)).slice(0, n.deletions),
    ...base.objects.filter((o) => o.marked && o.declared?.kind.metaClass === 'Документ'),
    ...mistakes,
  ];
  for (const [i, object] of doomed.entries()) {
    base.send(base.write(object, true), 'delete');
    if (i === 0 && !v2) {
      // The classic modules post from inside ПередУдалением: a deletion that is then refused (a reference
      // still points at the object) rolls back, yet its webhook is already out. The object is
      // deleted for real later, and the second "delete" finds it deleted already.
      base.tick(60, 300);
      base.send(base.write(object, true), 'delete-again');
    }
    object.deleted = true;
  }

  const sends = base.sends;
  if (v2) {
    // The response was lost (1C's timeout fired after we committed): the same queue record again.
    const picks = rng
      .shuffle(sends.map((_, i) => i))
      .slice(0, n.retries)
      .sort((a, b) => b - a);
    for (const i of picks) {
      const at = Math.min(i + rng.int(1, 3), sends.length);
      sends.splice(at, 0, { record: sends[i]!.record, event: 'retry', at: sends[at - 1]!.at });
    }
  }
  return finish(options, size, day, sends, base.objects);
}

/**
 * The declared kinds' part of the day, in an order where a kind comes after the kinds it refers
 * to: `perKind` objects of each (references to the day's counterparties, items and contracts),
 * one edited, one marked for deletion (the first kind's unmarked again), and per catalog one item
 * made by mistake and marked, to be deleted in the evening (nothing refers to it). Returns those.
 */
function declaredDay(base: OneCBase, perKind: number): OneCObject[] {
  const rng = base.rng;
  const kinds = byReferences(shippedKinds().filter((k) => k.store === 'objects'));
  const maker = new DeclaredValues(rng, kinds);
  const clients = base.objects.filter((o) => o.client && !o.deleted && !o.marked);
  maker.pools.set(
    'Справочник.Контрагенты',
    clients.map((o) => ({ uuid: o.uuid, presentation: o.client!.name })),
  );
  const mine = new Map<KindDefinition, OneCObject[]>();
  const mistakes: OneCObject[] = [];
  for (const kind of kinds) {
    const table = `${kind.metaClass}.${kind.oneCName}`;
    for (let i = 0; i < perKind; i++) {
      const object = base.newDeclared(maker, kind, i);
      mine.set(kind, [...(mine.get(kind) ?? []), object]);
      if (kind.metaClass === 'Справочник') {
        const owner = object.declared!.values.Владелец as { УникальныйИдентификатор: string; Представление: string } | null | undefined;
        const target = { uuid: object.uuid, presentation: object.declared!.ref };
        const pool = maker.pools.get(table) ?? [];
        pool.push(owner ? { ...target, owner: { uuid: owner.УникальныйИдентификатор, presentation: owner.Представление } } : target);
        maker.pools.set(table, pool);
      }
      base.tick(30, 600);
    }
    if (kind.metaClass === 'Справочник') mistakes.push(base.newDeclared(maker, kind, perKind));
  }
  for (const kind of kinds) {
    const object = rng.pick(mine.get(kind)!);
    base.editDeclared(maker, object);
    base.send(base.write(object), 'edit');
    base.tick(30, 600);
  }
  const marked = [...kinds.map((k) => rng.pick(mine.get(k)!)), ...mistakes];
  for (const object of marked) {
    base.mark(object);
    base.send(base.write(object), 'deletion-mark');
    base.tick(30, 600);
  }
  // Marked by mistake: the mark is taken off again (an ordinary write).
  const unmark = marked[0]!;
  unmark.marked = false;
  base.send(base.write(unmark), 'deletion-mark');
  return mistakes;
}

function finish(options: DayScenarioOptions, size: ScenarioSize, day: string, sends: Send[], objects: OneCObject[]): DayScenario {
  const model = new ReceiverModel();
  const deliveries: PlannedDelivery[] = sends.map(({ record, event, at }, seq) => {
    const { result, version } = model.apply({
      identity: record.identity,
      action: record.action,
      content: record.content,
      eventNumber: record.eventNumber,
      webhookId: record.webhookId,
      deletionMark: record.deletionMark,
    });
    const o = record.object;
    return {
      seq,
      at,
      kind: o.kind,
      path: o.declared ? o.declared.kind.webhookPath : webhookPath(o.kind as ObjectKind),
      objectKey: o.key,
      number: o.key.slice(o.key.indexOf(':') + 1),
      action: record.action,
      event,
      body: record.body,
      webhookId: record.webhookId,
      eventNumber: record.eventNumber,
      expected: result,
      expectedVersion: version,
    };
  });
  const v2 = options.protocol === 'v2';
  const expected: ExpectedObject[] = [];
  for (const o of objects) {
    const last = [...sends].reverse().find((s) => s.record.object === o);
    if (!last) continue;
    const state = model.objects.get(last.record.identity)!;
    expected.push({
      kind: o.kind,
      key: o.key,
      number: o.key.slice(o.key.indexOf(':') + 1),
      uuid: v2 ? o.uuid : null,
      ref: last.record.ref,
      version: state.version,
      deleted: state.deleted,
      deletionMark: state.deletionMark,
    });
  }
  return { seed: options.seed, protocol: options.protocol, size, day, deliveries, objects: expected };
}
