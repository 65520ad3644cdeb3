/**
 * The emulated 1C base of the day scenario: its counterparties and documents, its clock, and
 * every write as the bytes 1C's modules would send (v1 — the classic modules — or v2 — ours).
 */

import { num, type OneCValue, writeOneCJson } from '../bsl/one-c-json.js';
import { type InvoiceKind, KINDS, type ObjectKind } from '../domain/kinds.js';
import { objectIdentity } from '../domain/object-identity.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { DayEvent } from './day-scenario-types.js';
import type { DeclaredRow, DeclaredValues } from './declared-values.js';
import {
  type ClientSpec,
  clientBody,
  declaredBody,
  type InvoiceSpec,
  incomingInvoiceBody,
  makePositions,
  outgoingInvoiceBody,
  type Protocol,
  refPresentation,
  totalOf,
} from './payload-builder.js';
import { amountFor, companyName, dataVersion, edrpouCheckDigit, personName, pickDocumentComment, Rng, rnokppCheckDigit, STREETS } from './scenario-data.js';

export interface OneCObject {
  /** A classic kind, or a declared kind's name (`sale`). */
  kind: string;
  key: string;
  uuid: string;
  /** Written at least once: v2 sends "create" only for the first write. */
  written: boolean;
  writes: number;
  marked: boolean;
  deleted: boolean;
  invoice?: InvoiceSpec;
  client?: ClientSpec;
  declared?: DeclaredState;
}

/** An object of a declared kind: its declaration, `Строка(Ссылка)`, attribute values and rows. */
export interface DeclaredState {
  kind: KindDefinition;
  ref: string;
  values: Record<string, OneCValue>;
  rows: Record<string, DeclaredRow[]>;
}

export interface QueueRecord {
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

export interface Send {
  record: QueueRecord;
  event: DayEvent;
  at: string;
}

const LEGAL_FORMS: Record<string, string> = {
  ТОВ: 'Товариство з обмеженою відповідальністю',
  ПП: 'Приватне підприємство',
  ПрАТ: 'Приватне акціонерне товариство',
};

/** Document numbers' prefixes of the shipped declared kinds, as the vendor's numbering sets them. */
const DOCUMENT_PREFIXES: Record<string, string> = { sale: 'РТ', 'bank-receipt': 'ПВ', 'bank-payment': 'СВ' };

const META_KEYS = new Set(['УникальныйИдентификатор', 'ВерсияДанных', 'НомерСобытия']);

export class OneCBase {
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
  private readonly nextDeclared: Record<string, number> = {};

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
    if (object.declared?.kind.attributes.some((a) => a.source === 'Проведен')) object.declared.values.Проведен = false;
  }

  /**
   * A new object of a declared kind from its declaration: a catalog item is written once; a
   * document is written then posted, or posted at once, as newDocument does.
   */
  newDeclared(maker: DeclaredValues, kind: KindDefinition, n: number): OneCObject {
    const seq = this.nextDeclared[kind.kind] ?? this.rng.int(1000, 89999);
    this.nextDeclared[kind.kind] = seq + 1;
    const document = kind.metaClass === 'Документ';
    const code = document ? `${DOCUMENT_PREFIXES[kind.kind] ?? 'ДК'}-${String(seq).padStart(6, '0')}` : String(seq).padStart(9, '0');
    const { values, rows } = maker.fill(kind, code, this.time, n);
    const name = values.Наименование;
    const ref = document ? refPresentation(kind.label.uk, code, this.time) : typeof name === 'string' ? name : code;
    const object = this.track(kind.kind, `${kind.kind}:${code}`, { declared: { kind, ref, values, rows } });
    const postable = kind.attributes.some((a) => a.source === 'Проведен');
    if (postable && this.rng.chance(0.6)) {
      values.Проведен = false;
      this.send(this.write(object), 'new-document');
      this.tick(20, 180);
      values.Проведен = true;
      this.send(this.write(object), 'post');
    } else {
      if (postable) values.Проведен = true;
      this.send(this.write(object), 'new-document');
    }
    return object;
  }

  /** A declared object is edited: its comment, and the first row's quantity (the amounts follow). */
  editDeclared(maker: DeclaredValues, object: OneCObject): void {
    const d = object.declared!;
    if ('Комментарий' in d.values || d.kind.attributes.some((a) => a.name === 'Комментарий')) d.values.Комментарий = `Правка ${object.writes}`;
    const first = Object.values(d.rows).find((rows) => rows.length > 0)?.[0];
    if (first && 'Количество' in first.values) {
      first.values.Количество = num(String(this.rng.int(1, 60)));
      maker.amount(first.values);
      maker.total(d.values, d.rows);
    }
  }

  track(kind: string, key: string, state: Pick<OneCObject, 'invoice' | 'client' | 'declared'>): OneCObject {
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
    const d = object.declared;
    // A declared kind is sent only by our modules: the v2 body, always with its meta keys.
    const value = d
      ? declaredBody(d.kind, {
          ...d,
          action,
          uuid: object.uuid,
          deletionMark: object.marked,
          dataVersion: dataVersion(object.writes),
          eventNumber: eventNumber!,
        })
      : object.invoice
        ? (object.kind === 'incoming' ? incomingInvoiceBody : outgoingInvoiceBody)({ ...object.invoice, ...meta, action }, this.protocol)
        : clientBody({ ...object.client!, ...meta, action }, this.protocol);
    const payloadKey = d ? d.kind.payloadKey : KINDS[object.kind as ObjectKind].payloadKey;
    const data = (value as Record<string, Record<string, OneCValue>>)[payloadKey]!;
    const ref = String(data[d ? d.kind.refField : object.invoice ? 'СсылкаДокумента' : 'СсылкаКлиента']);
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
