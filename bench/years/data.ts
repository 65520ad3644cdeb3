/**
 * The "years" data set, deterministic from its size: a few thousand counterparties (also
 * posted as clients), N invoices over three years (70 % incoming ПоступлениеТоваровУслуг,
 * 30 % outgoing СчетНаОплатуПокупателю, 20 positions on average, 1 to 60), and what a
 * real base sends besides the first post: later versions (~1.3 per invoice), re-posts of
 * unchanged documents (1C posts on every write), deletions, and a few refused bodies.
 * Bodies are the bytes the generated modules send (protocol v2: GUID, ПометкаУдаления),
 * written by the project's payload builder. The same N gives the same data on every run,
 * so the search terms below hit what they were chosen to hit.
 */
import { createHash } from 'node:crypto';
import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import { checkEdrpou } from '../../src/domain/tax-identifiers.js';
import {
  clientBody,
  type InvoiceSpec,
  incomingInvoiceBody,
  makePositions,
  outgoingInvoiceBody,
  type PositionSpec,
  totalOf,
} from '../../src/emulator/payload-builder.js';
import type { EndpointName } from '../../src/ingest/webhook-endpoints.js';

/** One request as 1C would post it, and when (the journal's received_at). */
export interface YearsPost {
  /** A classic endpoint or a declared kind's (`sales`). */
  endpoint: string;
  body: Buffer;
  receivedAt: Date;
  /** A later post's place among its document's later posts (1, 2 …); none for a first version. */
  wave?: number;
}

const ROOTS = [
  'Ромашка',
  'Барвінок',
  'Світанок',
  'Колос',
  'Дніпро',
  'Карпати',
  'Поділля',
  'Галичина',
  'Слобода',
  'Полісся',
  'Таврія',
  'Буковина',
  'Зоря',
  'Вишня',
  'Калина',
  'Явір',
  'Смерека',
  'Джерело',
  'Криниця',
  'Лелека',
  'Сокіл',
  'Берегиня',
  'Оберіг',
  'Стожари',
  'Веселка',
  'Злагода',
  'Мрія',
  'Надія',
  'Козак',
  'Чумак',
  'Гетьман',
  'Агро',
  'Будівник',
  'Метал',
  'Техно',
  'Енерго',
  'Транс',
  'Хліб',
  'Молоко',
  'Папір',
];
const TAILS = [
  '',
  'Плюс',
  'Трейд',
  'Сервіс',
  'Груп',
  'Постач',
  'Імпорт',
  'Експорт',
  'Логістик',
  'Пром',
  'Інвест',
  'Маркет',
  'Опт',
  'Україна',
  'Захід',
  'Схід',
  'Центр',
  'Південь',
  'Північ',
  'Стиль',
  'Еко',
  'Лайн',
  'Майстер',
  'Альянс',
  'Союз',
];
const FORMS = ['ТОВ', 'ФОП', 'ПП', 'ПрАТ'];
const COMMENTS = ['', '', '', 'Оплата згідно договору', 'Доставка включена', 'Прихід від постачальника', 'Термінове замовлення', 'Повернення тари'];

export interface Counterparty {
  index: number;
  name: string;
  edrpou: string;
  code: string;
}

/** mulberry32: a small, fast, seeded generator, so the data is the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An 8-digit ЄДРПОУ with a valid check digit (so the data raises no warnings a real base would not). */
function validEdrpou(prefix: number): string {
  const head = String(prefix).padStart(7, '0');
  for (let d = 0; d < 10; d++) if (checkEdrpou(`${head}${d}`) === 'valid') return `${head}${d}`;
  return `${head}0`;
}

export function counterparties(count: number): Counterparty[] {
  const out: Counterparty[] = [];
  for (let i = 0; i < count; i++) {
    const root = ROOTS[i % ROOTS.length]!;
    const tail = TAILS[Math.floor(i / ROOTS.length) % TAILS.length]!;
    const form = FORMS[Math.floor(i / (ROOTS.length * TAILS.length)) % FORMS.length]!;
    // Beyond 4,000 the names repeat with a city, as real registers do.
    const city = i >= ROOTS.length * TAILS.length * FORMS.length ? ` (${ROOTS[(i * 7) % ROOTS.length]})` : '';
    out.push({
      index: i,
      name: `${form} «${root}${tail ? `-${tail}` : ''}»${city}`,
      edrpou: validEdrpou(3_000_000 + i * 1_297),
      code: String(i + 1).padStart(9, '0'),
    });
  }
  return out;
}

/** A GUID from a name: stable across runs (1C's УникальныйИдентификатор is a GUID). */
export function guid(name: string): string {
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const START = Date.UTC(2023, 0, 1);
const SPAN_MS = 3 * 365 * 86_400_000;

/** Document i's local date: the N invoices spread evenly over three years, office hours. */
function documentDate(i: number, n: number, r: () => number): Date {
  const day = Math.floor((i / n) * (SPAN_MS / 86_400_000));
  return new Date(START + day * 86_400_000 + (8 + Math.floor(r() * 10)) * 3_600_000 + Math.floor(r() * 3_600) * 1000);
}

const localText = (d: Date) => d.toISOString().slice(0, 19);

/** Positions are the slow part of a body to build (BigInt money): 64 variants per count, reused. */
const positionCache = new Map<string, PositionSpec[]>();
function positionsFor(count: number, seed: number): PositionSpec[] {
  const key = `${count}:${seed}`;
  let list = positionCache.get(key);
  if (!list) {
    list = makePositions(count, seed);
    positionCache.set(key, list);
  }
  return list;
}

export interface InvoicePlan {
  index: number;
  kind: 'incoming' | 'outgoing';
  number: string;
  counterparty: Counterparty;
  /** Versions that change the content (1 = posted once). */
  versions: number;
  reposts: number;
  deleted: boolean;
  date: Date;
  positionCount: number;
  seed: number;
}

export const INCOMING_SHARE = 0.7;

export function planInvoice(i: number, n: number, parties: Counterparty[]): InvoicePlan {
  const r = random(i * 2_654_435_761 + 17);
  const kind = r() < INCOMING_SHARE ? 'incoming' : 'outgoing';
  // A few counterparties get most of the documents (r² skews towards the first).
  const counterparty = parties[Math.floor(r() * r() * parties.length)]!;
  const roll = r();
  const versions = roll < 0.03 ? 3 : roll < 0.27 ? 2 : 1; // 1.3 versions per invoice on average
  const reposts = r() < 0.1 ? 1 : 0;
  const deleted = r() < 0.01;
  const positionCount = Math.max(1, Math.min(60, Math.round(20 + (r() + r() + r() - 1.5) * 22)));
  const seed = Math.floor(r() * 64);
  const date = documentDate(i, n, r);
  const number = `${kind === 'incoming' ? 'ПТ' : 'РФ'}-${String(i + 1).padStart(8, '0')}`;
  return { index: i, kind, number, counterparty, versions, reposts, deleted, date, positionCount, seed };
}

/** The body of version v (1-based) of an invoice; a deletion is the last version's content with action delete. */
export function invoiceBody(plan: InvoicePlan, version: number, action: 'update' | 'delete' = 'update'): Buffer {
  // A later version changes what accountants change: a position's count (so the total), the comment, posting.
  const positions = positionsFor(Math.max(1, plan.positionCount - (version - 1)), (plan.seed + version - 1) % 64);
  const spec: InvoiceSpec = {
    action,
    number: plan.number,
    date: localText(plan.date),
    counterparty: plan.counterparty.name,
    edrpou: plan.counterparty.edrpou,
    total: totalOf(positions),
    posted: version > 1 || plan.index % 5 !== 0,
    comment: COMMENTS[(plan.index + version) % COMMENTS.length],
    positions,
    uuid: guid(`invoice:${plan.kind}:${plan.index}`),
    ...(plan.kind === 'outgoing'
      ? { paymentDue: localText(new Date(plan.date.getTime() + 10 * 86_400_000)), clientCode: plan.counterparty.code, clientTaxId: '' }
      : {}),
  };
  const value = plan.kind === 'incoming' ? incomingInvoiceBody(spec, 'v2') : outgoingInvoiceBody(spec, 'v2');
  return writeOneCJson(value, { bom: true });
}

export function clientPost(party: Counterparty, version: number, at: Date): YearsPost {
  const body = writeOneCJson(
    clientBody(
      {
        code: party.code,
        name: party.name,
        edrpou: party.edrpou,
        phone: version > 1 ? `+38044${String(party.index).padStart(7, '0')}` : '',
        uuid: guid(`client:${party.index}`),
        address: 'м. Київ',
      },
      'v2',
    ),
    { bom: true },
  );
  return { endpoint: 'clients', body, receivedAt: at };
}

const endpointOf = (plan: InvoicePlan): EndpointName => (plan.kind === 'incoming' ? 'invoices' : 'outgoing-invoices');
const HOUR = 3_600_000;

/**
 * The posts of one block of invoices [from, to), in the order 1C would send them: every
 * document's first version, then the later versions, re-posts and deletions of the
 * block before, [previousFrom, from) (so those find their document already stored, as in
 * life; the last call, from = to = n, sends the last block's), and one
 * refused body per ~500 documents (a truncated request).
 */
export function blockPosts(from: number, to: number, previousFrom: number, n: number, parties: Counterparty[]): YearsPost[] {
  const posts: YearsPost[] = [];
  for (let i = from; i < to; i++) {
    const plan = planInvoice(i, n, parties);
    posts.push({ endpoint: endpointOf(plan), body: invoiceBody(plan, 1), receivedAt: plan.date });
    if (i % 500 === 250) {
      const whole = invoiceBody(plan, 1);
      posts.push({ endpoint: endpointOf(plan), body: whole.subarray(0, Math.floor(whole.length / 2)), receivedAt: new Date(plan.date.getTime() + 60_000) });
    }
  }
  for (let i = previousFrom; i < from; i++) {
    const plan = planInvoice(i, n, parties);
    for (let v = 2; v <= plan.versions; v++) {
      posts.push({ endpoint: endpointOf(plan), body: invoiceBody(plan, v), receivedAt: new Date(plan.date.getTime() + (v - 1) * 26 * HOUR) });
    }
    if (plan.reposts) posts.push({ endpoint: endpointOf(plan), body: invoiceBody(plan, plan.versions), receivedAt: new Date(plan.date.getTime() + 80 * HOUR) });
    if (plan.deleted)
      posts.push({ endpoint: endpointOf(plan), body: invoiceBody(plan, plan.versions, 'delete'), receivedAt: new Date(plan.date.getTime() + 200 * HOUR) });
  }
  return posts;
}

/** The searches of the scenario, chosen from the data: what each should find. */
export function searchTerms(n: number, parties: Counterparty[]) {
  const rare = planInvoice(Math.floor(n * 0.61803), n, parties);
  const popular = parties[3]!; // r² makes the first counterparties the busiest
  return {
    rare: rare.number, // one document's number
    common: 'ТОВ', // in about half of the names
    name: popular.name.replace(/^[^«]*«|».*$/g, ''), // a counterparty's name without its form
    edrpou: parties[Math.floor(parties.length / 3)]!.edrpou,
    popularEdrpou: popular.edrpou,
    quietEdrpou: parties[parties.length - 1]!.edrpou, // the least busy: a few invoices in three years
  };
}
