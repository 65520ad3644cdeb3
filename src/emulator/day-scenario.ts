import { objectIdentity } from '../domain/identity.js';
import { type InvoiceKind, KINDS, type ObjectKind, webhookPath } from '../domain/kinds.js';
import type { DayEvent, DayScenario, DayScenarioOptions, ExpectedObject, PlannedDelivery, ScenarioSize } from './day-scenario-types.js';
import { type OneCValue, writeOneCJson } from './one-c-json.js';
import {
  type ClientSpec,
  clientBody,
  type InvoiceSpec,
  incomingInvoiceBody,
  makePositions,
  outgoingInvoiceBody,
  type Protocol,
  totalOf,
} from './payload-builder.js';
import { ReceiverModel } from './receiver-model.js';
import { amountFor, companyName, dataVersion, edrpouCheckDigit, personName, pickDocumentComment, Rng, rnokppCheckDigit, STREETS } from './scenario-data.js';

/**
 * A working day of a Ukrainian company's 1C base as an ordered list of planned deliveries,
 * the exact bytes 1C would send and what the receiver must answer to each. Deterministic for
 * a seed. The 1C facts it relies on are stated where used.
 */
export type { ObjectKind } from '../domain/kinds.js';
export type { DayEvent, DayScenario, DayScenarioOptions, ExpectedObject, PlannedDelivery, ScenarioSize } from './day-scenario-types.js';
export type { ExpectedResult } from './receiver-model.js';

const SIZES = {
  small: { existing: 2, clients: 2, incoming: 2, outgoing: 3, edits: 1, clientEdits: 1, reposts: 1, marks: 2, deletions: 2, lates: 1, retries: 2 },
  day: { existing: 5, clients: 8, incoming: 16, outgoing: 20, edits: 10, clientEdits: 3, reposts: 4, marks: 5, deletions: 3, lates: 3, retries: 6 },
} as const;

interface OneCObject {
  kind: ObjectKind;
  key: string;
  uuid: string;
  /** Written at least once: v2 sends "create" only for the first write. */
  written: boolean;
  writes: number;
  marked: boolean;
  deleted: boolean;
  invoice?: InvoiceSpec;
  client?: ClientSpec;
}

interface QueueRecord {
  object: OneCObject;
  at: string;
  action: 'create' | 'update' | 'delete';
  body: Buffer;
  webhookId: string | null;
  eventNumber: string | null;
  identity: string;
  ref: string;
  content: string;
  deletionMark: boolean;
}

interface Send {
  record: QueueRecord;
  event: DayEvent;
  at: string;
}

const LEGAL_FORMS: Record<string, string> = {
  ТОВ: 'Товариство з обмеженою відповідальністю',
  ПП: 'Приватне підприємство',
  ПрАТ: 'Приватне акціонерне товариство',
};

const META_KEYS = new Set(['УникальныйИдентификатор', 'ВерсияДанных', 'НомерСобытия']);

class OneCBase {
  readonly rng: Rng;
  readonly sends: Send[] = [];
  readonly objects: OneCObject[] = [];
  private clock: number;
  /** Seconds between two writes: people take minutes, a batch processing takes seconds. */
  pace: [number, number] = [15, 200];
  private lastEventNumber = 0n;
  private readonly counterparties: ClientSpec[] = [];
  private readonly names = new Set<string>();
  private nextDocument: Record<InvoiceKind, number>;
  private nextClientCode: number;

  constructor(
    readonly protocol: Protocol,
    readonly day: string,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.clock = 8 * 3600 + 30 * 60;
    // Numbers start at a seeded base, so runs with different seeds rarely meet in one database.
    this.nextDocument = { incoming: this.rng.int(1000, 89999), outgoing: this.rng.int(1000, 89999) };
    this.nextClientCode = this.rng.int(100, 8999);
  }

  get time(): string {
    const s = this.clock;
    const two = (n: number) => String(n).padStart(2, '0');
    return `${this.day}T${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }

  tick(min: number, max: number): void {
    this.clock = Math.min(this.clock + this.rng.int(min, max), 23 * 3600 + 59 * 60);
  }

  at(hour: number, minute: number): void {
    this.clock = Math.max(this.clock, hour * 3600 + minute * 60);
  }

  counterparty(known: boolean): ClientSpec {
    const code = String(this.nextClientCode++).padStart(9, '0');
    const address = `${this.rng.pick(STREETS)}, ${this.rng.int(1, 120)}`;
    const person = this.rng.chance(0.2);
    let spec: ClientSpec;
    if (person) {
      // A sole trader (ФОП): no ЄДРПОУ, a РНОКПП whose first five digits count days since 31.12.1899.
      let full = personName(this.rng);
      while (this.names.has(`ФОП ${full}`)) full = personName(this.rng);
      const first9 = `${this.rng.int(22000, 34000)}${String(this.rng.int(0, 9999)).padStart(4, '0')}`;
      spec = { code, name: `ФОП ${full}`, fullName: `Фізична особа-підприємець ${full}`, taxId: first9 + rnokppCheckDigit(first9), address };
    } else {
      let name = companyName(this.rng);
      while (this.names.has(name)) name = companyName(this.rng);
      // Companies: 3xxxxxxx–5xxxxxxx, the range with weights 7,1,2,…; a few older 2xxxxxxx codes.
      const first7 = String(this.rng.chance(0.8) ? this.rng.int(3000000, 5999999) : this.rng.int(2000000, 2999999));
      spec = {
        code,
        name,
        fullName: name.replace(/ \(.*\)$/, '').replace(/^\S+/, (form) => LEGAL_FORMS[form] ?? form),
        edrpou: first7 + edrpouCheckDigit(first7),
        address,
      };
    }
    this.names.add(spec.name);
    spec.phone = `+380 ${this.rng.pick(['44', '67', '50', '93', '32', '57'])} ${this.rng.int(100, 999)} ${this.rng.int(10, 99)} ${this.rng.int(10, 99)}`;
    spec.email = person ? '' : `office${this.rng.int(1, 99)}@${code.slice(-4)}.com.ua`;
    if (known) this.counterparties.push(spec);
    return spec;
  }

  newClient(): void {
    const spec = this.counterparty(false);
    const object = this.track('client', `client:${spec.code}`, { client: spec });
    this.send(this.write(object), 'new-client');
    this.counterparties.push(spec);
  }

  newDocument(kind: InvoiceKind): void {
    const cp = this.rng.pick(this.counterparties);
    const positions = makePositions(this.rng.int(1, 5), this.rng.int(1, 9999));
    const number = `${kind === 'incoming' ? 'ПТ' : 'РФ'}-${String(this.nextDocument[kind]++).padStart(6, '0')}`;
    const spec: InvoiceSpec = {
      number,
      date: this.time,
      counterparty: cp.name,
      edrpou: cp.edrpou ?? '',
      total: totalOf(positions),
      positions,
      currencyCode: kind === 'incoming' && this.rng.chance(0.1) ? '840' : '980',
      posted: false,
      comment: pickDocumentComment(this.rng),
    };
    if (kind === 'outgoing') {
      spec.clientCode = cp.code;
      spec.clientTaxId = cp.taxId ?? '';
      // No due date is the empty date "0001-01-01T00:00:00" (the classic modules' '00010101').
      spec.paymentDue = this.rng.chance(0.3) ? null : this.plusDays(this.rng.int(3, 10));
    }
    const object = this.track(kind, `${kind}:${number}`, { invoice: spec });
    if (this.rng.chance(0.6)) {
      // "Записати", then "Провести": two writes, two ПриЗаписи, two webhooks.
      this.send(this.write(object), 'new-document');
      this.tick(20, 180);
      spec.posted = true;
      this.send(this.write(object), 'post');
    } else {
      spec.posted = true; // "Провести і закрити": one write.
      this.send(this.write(object), 'new-document');
    }
  }

  /** A quantity changes; the amount and the total follow. */
  edit(object: OneCObject): void {
    const spec = object.invoice!;
    const index = this.rng.int(0, spec.positions.length - 1);
    const old = spec.positions[index]!;
    let quantity = String(this.rng.int(1, 60));
    while (quantity === old.quantity) quantity = String(this.rng.int(1, 60));
    const positions = spec.positions.map((p, i) => (i === index ? { ...p, quantity, amount: amountFor(quantity, p.price) } : p));
    object.invoice = { ...spec, positions, total: totalOf(positions) };
  }

  editClient(object: OneCObject): void {
    object.client = { ...object.client!, phone: `+380 ${this.rng.int(63, 99)} ${this.rng.int(100, 999)} ${this.rng.int(10, 99)} ${this.rng.int(10, 99)}` };
  }

  mark(object: OneCObject): void {
    object.marked = true;
    // Setting the deletion mark on a posted document cancels its posting (1C will not keep a
    // marked document posted), so even the classic modules — which never sends ПометкаУдаления — sends a
    // change. A catalog item has no such side effect: for the classic modules its body does not change.
    if (object.invoice) object.invoice = { ...object.invoice, posted: false };
  }

  track(kind: ObjectKind, key: string, state: Pick<OneCObject, 'invoice' | 'client'>): OneCObject {
    const object: OneCObject = { kind, key, uuid: this.rng.guid(), written: false, writes: 0, marked: false, deleted: false, ...state };
    this.objects.push(object);
    return object;
  }

  /** One ПриЗаписи (or ПередУдалением): the body as 1C builds it at this moment. */
  write(object: OneCObject, deleting = false): QueueRecord {
    this.tick(...this.pace);
    const v2 = this.protocol === 'v2';
    // The classic modules run in ПриЗаписи, where ЭтоНовый() is already false: always "update".
    // Our modules capture ЭтоНовый() in ПередЗаписью: a truthful "create".
    const action = deleting ? 'delete' : v2 && !object.written ? 'create' : 'update';
    object.written = true;
    object.writes += 1;
    const eventNumber = v2 ? this.nextEventNumber() : null;
    const meta = v2 ? { uuid: object.uuid, deletionMark: object.marked, dataVersion: dataVersion(object.writes), eventNumber: eventNumber! } : {};
    const value = object.invoice
      ? (object.kind === 'incoming' ? incomingInvoiceBody : outgoingInvoiceBody)({ ...object.invoice, ...meta, action }, this.protocol)
      : clientBody({ ...object.client!, ...meta, action }, this.protocol);
    const data = (value as Record<string, Record<string, OneCValue>>)[KINDS[object.kind].payloadKey]!;
    const ref = String(data[object.invoice ? 'СсылкаДокумента' : 'СсылкаКлиента']);
    const content = writeOneCJson(Object.fromEntries(Object.entries(data).filter(([k]) => !META_KEYS.has(k)))).toString('utf8');
    return {
      object,
      at: this.time,
      action,
      eventNumber,
      ref,
      content,
      // The classic modules' УстановитьТелоИзСтроки(…, UTF8) writes a BOM; ours pass НеИспользовать.
      body: writeOneCJson(value, { bom: !v2 }),
      webhookId: v2 ? this.rng.guid() : null,
      identity: objectIdentity(v2 ? object.uuid : null, ref),
      deletionMark: v2 && object.marked,
    };
  }

  send(record: QueueRecord, event: DayEvent): void {
    this.sends.push({ record, event, at: record.at });
  }

  /** НомерСобытия as our modules make it: Unix milliseconds × 1000, strictly growing. */
  private nextEventNumber(): string {
    const [y, m, d] = this.day.split('-').map(Number) as [number, number, number];
    // The day's wall clock read in Kyiv winter time (UTC+2); only the order matters here.
    const ms = Date.UTC(y, m - 1, d) + (this.clock - 2 * 3600) * 1000;
    const candidate = BigInt(ms) * 1000n;
    this.lastEventNumber = candidate > this.lastEventNumber ? candidate : this.lastEventNumber + 1n;
    return String(this.lastEventNumber);
  }

  private plusDays(days: number): string {
    const [y, m, d] = this.day.split('-').map(Number) as [number, number, number];
    return `${new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)}T00:00:00`;
  }
}

type Token = 'client' | 'incoming' | 'outgoing' | 'edit' | 'client-edit' | 'repost' | 'mark' | 'client-mark' | 'late';

export function dayScenario(options: DayScenarioOptions): DayScenario {
  const size = options.size ?? 'day';
  const day = options.day ?? '2025-03-14';
  const n = SIZES[size];
  const base = new OneCBase(options.protocol, day, options.seed);
  const v2 = options.protocol === 'v2';
  const rng = base.rng;
  for (let i = 0; i < n.existing; i++) base.counterparty(true); // in the base before today: never sent

  const live = (kind?: ObjectKind) => base.objects.filter((o) => !o.marked && !o.deleted && (kind ? o.kind === kind : o.kind !== 'client'));
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

  // 18:00, "Проведення документів за день": every posted document is re-posted — the storm.
  base.at(18, 0);
  base.pace = [1, 4];
  for (const object of live().filter((o) => o.invoice!.posted)) base.send(base.write(object), 'repost');

  // 18:30, "Видалення позначених об'єктів": physical deletion of marked objects (ПередУдалением).
  base.at(18, 30);
  base.pace = [2, 10];
  const doomed = rng.shuffle(base.objects.filter((o) => o.marked)).slice(0, n.deletions);
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
      path: webhookPath(o.kind),
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
