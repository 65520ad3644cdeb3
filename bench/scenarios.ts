/**
 * The benchmark's payloads, built with the project's own 1C payload builder so the bench
 * sends the bytes 1C sends (BOM, CR LF, tabs, Cyrillic). A unique-document stream patches
 * a fixed-width ASCII placeholder in one template per request instead of pre-building tens
 * of thousands of 6 KB bodies: same bytes as the builder would write, no repeats however
 * long the run, and no generator CPU stolen from the server on the shared 2 cores.
 */

import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { type InvoiceSpec, incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';

export const INVOICES_PATH = webhookPath('incoming');
export const WEBHOOK_HEADERS = { 'content-type': 'application/json', 'user-agent': '1C-Enterprise/8.3' } as const;

/** Ten ASCII characters that occur nowhere else in a body; replaced by a counter. */
const PLACEHOLDER = 'QQQQQQQQQQ';

export const DEFAULT_DATE = '2024-01-15T10:30:00';

export function invoiceSpec(number: string, positionCount: number, edrpou = '32855961', date = DEFAULT_DATE, seed = 1): InvoiceSpec {
  const positions = makePositions(positionCount, seed);
  return {
    number,
    date,
    counterparty: 'ТОВ «Ромашка»',
    edrpou,
    total: totalOf(positions),
    comment: 'Прихід від "Ромашки"',
    positions,
  };
}

/** The classic modules' exact bytes for one incoming invoice. */
export function seedInvoiceBytes(number: string, positionCount: number, edrpou?: string, date?: string): Buffer {
  return writeOneCJson(incomingInvoiceBody(invoiceSpec(number, positionCount, edrpou, date), 'classic'), { bom: true });
}

/**
 * Yields a distinct body per call: document number `ПТ-<tag><10 digits>`. `tag` keeps
 * streams of one run apart (e.g. one per round) although each variant has a fresh database.
 */
export class UniqueInvoiceStream {
  private readonly template: Buffer;
  private readonly offsets: number[] = [];
  private counter = 0;
  readonly numbers: string[] = [];

  constructor(
    readonly tag: string,
    positionCount = 20,
    edrpou?: string,
    private readonly keepNumbers = false,
    date?: string,
  ) {
    this.template = seedInvoiceBytes(`ПТ-${tag}${PLACEHOLDER}`, positionCount, edrpou, date);
    const needle = Buffer.from(PLACEHOLDER);
    for (let at = this.template.indexOf(needle); at !== -1; at = this.template.indexOf(needle, at + 1)) this.offsets.push(at);
    if (this.offsets.length === 0) throw new Error('placeholder not found in the template');
  }

  get size(): number {
    return this.template.length;
  }

  next(): { number: string; body: Buffer } {
    const digits = String(++this.counter).padStart(PLACEHOLDER.length, '0');
    const body = Buffer.from(this.template);
    for (const at of this.offsets) body.write(digits, at, 'latin1');
    const number = `ПТ-${this.tag}${digits}`;
    if (this.keepNumbers) this.numbers.push(number);
    return { number, body };
  }
}

/** The re-posting storm: one document, unchanged, over and over. */
export const stormBody = (): Buffer => seedInvoiceBytes('ПТ-STORM-000001', 20);

/** Scenario (c): one 10,000-position invoice, about 3 MB. */
export const bigInvoiceBody = (number = 'ПТ-BIG-000001'): Buffer => seedInvoiceBytes(number, 10_000);

export interface ScenarioInfo {
  key: string;
  title: string;
  description: string;
}

export const SCENARIOS: ScenarioInfo[] = [
  {
    key: 'unique',
    title: '(a) unique invoices',
    description: 'incoming invoice as the classic modules send it (20 positions, BOM, ~6 KB), a different document number on every request, 32 connections',
  },
  {
    key: 'storm',
    title: '(b) re-posting storm',
    description: 'the same document posted again and again with unchanged content (1C re-posts on every write), 32 connections',
  },
  { key: 'big', title: '(c) 10,000-position invoice', description: "one ~3 MB invoice on a fresh process: time to 200 and the process's peak RSS (VmHWM)" },
  { key: 'read-list', title: '(d) read: list, filtered', description: 'GET /api/v1/invoices?kind=incoming&edrpou=…&limit=50 with 200,000 invoices stored' },
  { key: 'read-one', title: '(d) read: one invoice', description: 'GET /api/v1/invoices/:id (random ids) with 200,000 invoices stored' },
  {
    key: 'deliveries',
    title: '(f) pushed deliveries',
    description:
      'N ingested invoices pushed to a local receiver answering 204 (subscription enabled when the clock starts): deliveries/s, attempt latency, CPU µs per delivery',
  },
  {
    key: 'years',
    title: '(h) years of data',
    description:
      'a kept database of YEARS_INVOICES invoices (1,000,000) built through the write path: every dashboard read and read-API filter, substring searches, /healthz throughout, webhooks alone and while 4 readers search',
  },
  {
    key: 'odata-load',
    title: "(j) initial load from 1C's OData",
    description:
      'ODATA_LOAD_DOCS sales (1–20 lines) on a local OData server loaded by `reconcile --load` into a fresh database, against the first ODATA_LOAD_SAMPLE posted as webhooks one per request: documents/s, ratio',
  },
  {
    key: 'sweep',
    title: '(e) connections sweep',
    description: '1, 2, 4, … 64 connections, unique invoices, baseline vs the service on SQLite (short runs): the chart',
  },
];
