/**
 * A working day in a simulated 1C base with the generated modules installed: accountants
 * create counterparties, receipts and invoices, edit and re-post them, set and clear deletion
 * marks and delete some, while the scheduled job runs every minute or so. Every change goes
 * through the base's objects and so through the installed handlers; only the job talks to the
 * service. Deterministic for a seed (given the same clock start).
 */

import type { ObjectRef } from '../bsl/runtime/base/object-table.js';
import type { Clock } from '../bsl/runtime/host-api.js';
import { BslDate, num } from '../bsl/runtime/values.js';
import type { BslKind } from '../domain/kinds.js';
import type { InstalledBase } from './installed-base.js';
import { companyName, edrpouCheckDigit, personName, Rng, rnokppCheckDigit, STREETS } from './scenario-data.js';

/** The day works in the generated modules' vocabulary (`Вид`): it drives them. */
export type DayKind = BslKind;
type DocumentKind = Exclude<BslKind, 'client'>;

export interface RuntimeDayOptions {
  seed: number;
  size: 'small' | 'day';
  /** Called after each job run (progress output). */
  onJob?: (run: number, queued: number) => void;
}

export interface RuntimeDaySummary {
  actions: number;
  jobRuns: number;
  /** GUIDs of objects deleted during the day, by kind: the service must hold them as deleted. */
  deleted: Record<DayKind, string[]>;
  /** Records left in the outbox at the end (0 when the service took everything). */
  left: number;
}

const SIZES = {
  small: { clients: 3, receipts: 3, invoices: 3, edits: 3, clientEdits: 1, reposts: 1, marks: 2, unmarks: 1, deletions: 2, bursts: 1 },
  day: { clients: 8, receipts: 12, invoices: 14, edits: 10, clientEdits: 3, reposts: 4, marks: 4, unmarks: 1, deletions: 3, bursts: 3 },
} as const;

const VAT = ['НДС20', 'НДС20', 'НДС20', 'НДС7', 'БезНДС'];

/** A clock the day can move on (a ManualClock in tests; the emulator's real clock ignores it). */
export type DayClock = Clock & { advance(ms: number): void };

export async function runWorkingDay(ib: InstalledBase, clock: DayClock, options: RuntimeDayOptions): Promise<RuntimeDaySummary> {
  const rng = new Rng(options.seed);
  const size = SIZES[options.size];
  const summary: RuntimeDaySummary = { actions: 0, jobRuns: 0, deleted: { receipt: [], invoice: [], client: [] }, left: 0 };
  const enumValue = (e: string, v: string) => ib.base.enumeration(e).value(v);

  // Reference data, loaded by a data exchange (ОбменДанными.Загрузка): the handlers return at
  // once, nothing is queued — Номенклатура is a declared kind too, but this day is the classic three's.
  const catalog = (name: string, fields: Record<string, string>) => async () => {
    const o = ib.create(`Справочник.${name}`);
    o.dataExchange.load = true;
    for (const [k, v] of Object.entries(fields)) o.setProperty(k, v);
    return ib.write(o);
  };
  const uah = await catalog('Валюты', { Наименование: 'грн', Код: '980' })();
  const units = [
    await catalog('КлассификаторЕдиницИзмерения', { Наименование: 'шт', Код: '796' })(),
    await catalog('КлассификаторЕдиницИзмерения', { Наименование: 'кг', Код: '166' })(),
  ];
  const goods: ObjectRef[] = [];
  for (const name of ['Папір А4', 'Картридж HP 12A', 'Кава в зернах 1 кг', 'Стілець офісний', 'Монітор 27"', 'Доставка', 'Монтаж'])
    goods.push(await catalog('Номенклатура', { Наименование: name })());

  const clients: ObjectRef[] = [];
  const documents: Array<{ kind: DocumentKind; ref: ObjectRef }> = [];
  let sinceJob = 0;

  const tick = async () => {
    summary.actions++;
    clock.advance(rng.int(15, 200) * 1000);
    if (++sinceJob >= 4) {
      sinceJob = 0;
      await job();
    }
  };
  const job = async () => {
    await ib.runJob();
    summary.jobRuns++;
    options.onJob?.(summary.jobRuns, ib.queue().length);
  };

  const newClient = async () => {
    const o = ib.create(ib.clientTable);
    const person = rng.chance(0.3);
    const name = person ? `ФОП ${personName(rng)}` : companyName(rng);
    o.setProperty('Наименование', name);
    if (person) {
      const first9 = String(rng.int(200000000, 399999999));
      o.setProperty(ib.names.taxId, first9 + rnokppCheckDigit(first9));
    } else {
      const first7 = String(rng.int(2000000, 4499999));
      o.setProperty(ib.names.edrpou, first7 + edrpouCheckDigit(first7));
    }
    const contacts = o.section('КонтактнаяИнформация');
    contacts.add({
      Тип: enumValue('ТипыКонтактнойИнформации', 'Телефон'),
      Представление: `+380 ${rng.int(50, 99)} ${rng.int(100, 999)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
    });
    if (rng.chance(0.7))
      contacts.add({ Тип: enumValue('ТипыКонтактнойИнформации', 'АдресЭлектроннойПочты'), Представление: `office${rng.int(1, 999)}@example.ua` });
    contacts.add({ Тип: enumValue('ТипыКонтактнойИнформации', 'Адрес'), Представление: `м. Київ, ${rng.pick(STREETS)}, ${rng.int(1, 120)}` });
    clients.push(await ib.write(o));
  };

  const addRow = (o: ReturnType<InstalledBase['create']>, section: string) => {
    const quantity = num(rng.int(1, 40)).div(rng.chance(0.2) ? 4 : 1);
    const price = num(rng.int(100, 500000)).div(100);
    const amount = quantity.times(price).toDecimalPlaces(2);
    const vat = enumValue('СтавкиНДС', rng.pick(VAT));
    const vatAmount = vat.name === 'НДС20' ? amount.div(6).toDecimalPlaces(2) : vat.name === 'НДС7' ? amount.times(7).div(107).toDecimalPlaces(2) : num(0);
    o.section(section).add({
      Номенклатура: rng.pick(goods),
      ЕдиницаИзмерения: rng.pick(units),
      Количество: quantity,
      Цена: price,
      Сумма: amount,
      СтавкаНДС: vat,
      СуммаНДС: vatAmount,
    });
  };

  const newDocument = async (kind: DocumentKind) => {
    const o = ib.create(ib.tableOf(kind));
    const local = clock.nowUtcMs() + clock.offsetMinutes(clock.nowUtcMs()) * 60_000;
    o.setProperty('Дата', BslDate.fromUnixMs(local - (local % 1000)));
    o.setProperty(ib.names.counterparty, rng.pick(clients));
    o.setProperty('ВалютаДокумента', uah);
    if (rng.chance(0.4)) o.setProperty('Комментарий', rng.pick(['Термінова поставка', 'За договором № 12/24', 'Оплата частинами', 'Повернення тари']));
    if (kind === 'invoice') o.setProperty('ДатаОплаты', BslDate.fromUnixMs(local - (local % 86_400_000) + 5 * 86_400_000));
    for (let k = rng.int(1, 3); k > 0; k--) addRow(o, ib.names.goodsTable);
    if (rng.chance(0.3)) addRow(o, ib.names.servicesTable);
    documents.push({ kind, ref: await ib.write(o, rng.chance(0.6) ? 'post' : 'write') });
  };

  const liveDocuments = () => documents.filter((d) => ib.base.edit(d.ref) !== undefined);

  for (let k = 0; k < size.clients; k++) {
    await newClient();
    await tick();
  }
  for (let k = 0; k < Math.max(size.receipts, size.invoices); k++) {
    if (k < size.receipts) await newDocument('receipt');
    await tick();
    if (k < size.invoices) await newDocument('invoice');
    await tick();
  }
  for (let k = 0; k < size.edits; k++) {
    const { ref } = rng.pick(liveDocuments());
    const o = ib.edit(ref);
    const rows = o.section(ib.names.goodsTable);
    if (rows.rows.length > 0 && rng.chance(0.6)) {
      const row = rows.rows[rng.int(0, rows.rows.length - 1)]!;
      const quantity = num(rng.int(1, 60));
      row.set('Количество', quantity);
      row.set('Сумма', quantity.times(row.fields['Цена'] as ReturnType<typeof num>).toDecimalPlaces(2));
    } else {
      addRow(o, ib.names.goodsTable);
    }
    await ib.write(o, o.fields['Проведен'] === true || rng.chance(0.5) ? 'post' : 'write');
    await tick();
  }
  for (let k = 0; k < size.clientEdits; k++) {
    const o = ib.edit(rng.pick(clients));
    o.setProperty('Комментарий', `Змінено ${k + 1}`);
    const phone = o.section('КонтактнаяИнформация').rows[0];
    phone?.set('Представление', `+380 44 ${rng.int(100, 999)} ${rng.int(10, 99)} ${rng.int(10, 99)}`);
    await ib.write(o);
    await tick();
  }
  // Re-posting an unchanged document: a write the receiver sees as nothing new.
  for (let k = 0; k < size.reposts; k++) {
    await ib.write(ib.edit(rng.pick(liveDocuments()).ref), 'post');
    await tick();
  }
  // Bursts: several edits of one document before the job runs; they go as one request.
  for (let k = 0; k < size.bursts; k++) {
    const { ref } = rng.pick(liveDocuments());
    for (let e = 0; e < 3; e++) {
      const o = ib.edit(ref);
      o.setProperty('Комментарий', `Правка ${e + 1}`);
      await ib.write(o);
      clock.advance(5_000);
    }
    await tick();
  }
  const marked: ObjectRef[] = [];
  for (let k = 0; k < size.marks; k++) {
    const candidates = liveDocuments().filter((d) => !marked.some((m) => m.equals(d.ref)));
    const { ref } = rng.pick(candidates);
    await ib.setDeletionMark(ref, true);
    marked.push(ref);
    await tick();
  }
  for (let k = 0; k < size.unmarks; k++) {
    await ib.setDeletionMark(marked.shift()!, false);
    await tick();
  }
  for (let k = 0; k < size.deletions; k++) {
    const pool = marked.length > 0 ? marked.splice(0, 1).map((ref) => documents.find((d) => d.ref.equals(ref))!) : [rng.pick(liveDocuments())];
    const doc = pool[0]!;
    summary.deleted[doc.kind].push(doc.ref.uuid);
    await ib.delete(doc.ref);
    await tick();
  }
  // A counterparty created by mistake and deleted before anyone used it.
  await newClient();
  await tick();
  const mistaken = clients.pop()!;
  summary.deleted.client.push(mistaken.uuid);
  await ib.delete(mistaken);
  await tick();

  // The job drains the rest; a retry waits for its time, so the clock moves on between runs.
  for (let run = 0; run < 20 && ib.queue().length > 0; run++) {
    await job();
    clock.advance(61_000);
  }
  summary.left = ib.queue().length;
  return summary;
}
