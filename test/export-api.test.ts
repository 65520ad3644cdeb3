import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { hashToken } from '../src/auth/secrets.js';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody, type PositionSpec, totalOf } from '../src/emulator/payload-builder.js';
import { insertApiKey } from '../src/storage/repositories/api-keys-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { parseCsv } from './helpers/parse-csv.js';
import { SALES, type SaleLine, saleBody } from './helpers/sale-body.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * CSV and XLSX exports of the invoice and client lists: the list's filters and scope, cells
 * typed for a Ukrainian Excel. The CSV is read by an RFC 4180 reader of the tests' own, the
 * XLSX by exceljs's (non-streaming) reader.
 */
const INVOICES = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const CLIENTS = webhookPath('client');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const READ_KEY = 'export-read-key-0123456789';

const withVat = (list: PositionSpec[]): PositionSpec[] =>
  list.map((p) => ({ ...p, vatRate: '20%', vatAmount: String(Math.round(Number(p.amount) * 20) / 100) }));
const first = withVat(makePositions(2, 3));
const second = makePositions(3, 5);
const outgoing = makePositions(1, 7);
const saleLines: SaleLine[] = [
  { item: 'Цукор білий', quantity: '2.5', price: '40.00', amount: '100.00', vat: '16.67' },
  { item: 'Борошно', quantity: '1.125', price: '1000.00', amount: '1125.00', vat: '187.50' },
];
/** A sale's columns: its attributes by their labels, its bookkeeping, then its first section's (Товари) per line. */
const SALE_HEADER = [
  'Номер',
  'Дата',
  'Проведено',
  'Організація',
  'Контрагент',
  'Договір',
  'Вид операції',
  'Склад',
  'Валюта',
  'Курс',
  'Сума включає ПДВ',
  'Сума',
  'Коментар',
  'Відповідальний',
  'Позначка видалення',
  'Джерело',
  'Товари: № рядка',
  'Товари: Номенклатура',
  'Товари: Кількість',
  'Товари: Ціна',
  'Товари: Сума',
  'Товари: Ставка ПДВ',
  'Товари: ПДВ',
];

async function download(t: TestService, path: string, headers: Record<string, string> = ADMIN) {
  const res = await fetch(t.baseUrl + path, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The CSV as records, checked for the BOM first; ="…" cells unwrapped as Excel shows them. */
function readCsv(bytes: Buffer): string[][] {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  return parseCsv(bytes.subarray(3).toString('utf8'));
}
const shown = (cell: string) => /^="(.*)"$/s.exec(cell)?.[1]?.replace(/""/g, '"') ?? cell;

async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets.length, 1);
  return workbook.worksheets[0]!;
}

for (const dialect of selectedDialects()) {
  describe(`CSV and XLSX export on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;

    before(async () => {
      t = await startTestService(dialect);
      const send = async (endpoint: string, value: Parameters<typeof writeOneCJson>[0]) => {
        const res = await t.post(endpoint, writeOneCJson(value, { bom: true }));
        assert.equal(res.status, 200, JSON.stringify(res.json));
      };
      await send(
        INVOICES,
        incomingInvoiceBody(
          {
            number: 'ПТ-000001',
            date: '2024-01-15T10:30:00',
            counterparty: 'ТОВ «Ромашка»; філія "Південь"',
            edrpou: '00032945',
            total: totalOf(first),
            positions: first,
            comment: '=1+1',
          },
          'v2',
        ),
      );
      await send(
        INVOICES,
        incomingInvoiceBody({
          number: 'ПТ-000002',
          date: '2024-02-01T09:00:00',
          counterparty: 'ФОП Петренко',
          edrpou: '32855961',
          total: totalOf(second),
          positions: second,
          posted: false,
        }),
      );
      await send(
        INVOICES,
        incomingInvoiceBody({
          number: 'ПТ-000003',
          date: '2023-12-31T23:00:00',
          counterparty: 'Старий постачальник',
          edrpou: '32855961',
          total: '0',
          positions: [],
        }),
      );
      await send(
        OUTGOING,
        outgoingInvoiceBody({
          number: 'РФ-000003',
          date: '2026-12-31T12:00:00',
          counterparty: 'ТОВ Покупець',
          edrpou: '',
          total: totalOf(outgoing),
          positions: outgoing,
          paymentDue: '2027-01-10T00:00:00',
          clientCode: '000000042',
          clientTaxId: '1759013776',
        }),
      );
      await send(
        CLIENTS,
        clientBody({
          code: '000000042',
          name: 'ТОВ Покупець',
          edrpou: '32855961',
          phone: '+380 44 123 45 67',
          email: 'buh@example.com',
          address: 'Київ, вул. Хрещатик, 1',
        }),
      );
      await send(CLIENTS, clientBody({ code: '000000043', name: 'Альфа', edrpou: '14360570' }));
      for (const sale of [
        saleBody({ uuid: '5b4f7a2e-0c1d-4e8f-9a3b-000000000001', number: 'РТ-000001', date: '2026-12-05T12:00:00', total: '1234.56', lines: saleLines }),
        saleBody({
          uuid: '5b4f7a2e-0c1d-4e8f-9a3b-000000000002',
          number: 'РТ-000002',
          date: '2026-11-01T09:00:00',
          total: '99.5',
          counterparty: 'ФОП Петренко',
          comment: '=SUM(A1)',
          posted: false,
        }),
      ]) {
        const res = await t.post(SALES, sale);
        assert.equal(res.status, 200, JSON.stringify(res.json));
      }
      await insertApiKey(t.service.storage.db, {
        id: 'key_export_read',
        name: 'export read',
        scope: 'read',
        key_hash: hashToken(READ_KEY),
        created_at: new Date().toISOString(),
      });
    });
    after(() => t?.close());

    it('writes the filtered incoming invoices as CSV for a Ukrainian Excel: one row per position, exact values', async () => {
      const res = await download(t, '/api/v1/invoices/export?kind=incoming&from=2024-01-01&format=csv');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="invoices-incoming-\d{4}-\d{2}-\d{2}\.csv"$/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const [header, ...rows] = readCsv(res.bytes);
      assert.equal(header![0], 'Вид');
      const col = (name: string) => header!.indexOf(name);
      for (const name of ['Номер', 'Дата', 'Контрагент', 'ЄДРПОУ', 'Сума документа', 'Найменування', 'Кількість', 'Ціна', 'Сума', 'Ставка ПДВ', 'ПДВ'])
        assert.ok(col(name) >= 0, name);
      // The list's order (newest first) and filter (ПТ-000003 is before `from`).
      const list = (await t.get('/api/v1/invoices?kind=incoming&from=2024-01-01')).json.items.map((i: any) => i.number);
      assert.deepEqual(list, ['ПТ-000002', 'ПТ-000001']);
      assert.deepEqual(
        rows.map((r) => r[col('Номер')]),
        ['ПТ-000002', 'ПТ-000002', 'ПТ-000002', 'ПТ-000001', 'ПТ-000001'],
      );
      assert.ok(rows.every((r) => r.length === header!.length));

      const [a, b, c, d, e] = rows as [string[], string[], string[], string[], string[]];
      assert.deepEqual([a[col('Дата')], d[col('Дата')]], ['01.02.2024', '15.01.2024'], 'dd.mm.yyyy');
      assert.equal(a[col('Сума документа')], totalOf(second).replace('.', ','), 'decimal comma');
      assert.deepEqual(
        [b[col('Сума документа')], c[col('Сума документа')], e[col('Сума документа')]],
        ['', '', ''],
        'the total on the first row of each invoice only',
      );
      assert.deepEqual(
        rows.slice(0, 3).map((r) => r[col('Ціна')]),
        second.map((p) => p.price.replace('.', ',')),
      );
      assert.deepEqual(
        rows.slice(0, 3).map((r) => r[col('Кількість')]),
        second.map((p) => p.quantity.replace('.', ',')),
      );
      assert.deepEqual(
        rows.slice(3).map((r) => r[col('ПДВ')]),
        first.map((p) => p.vatAmount!.replace('.', ',')),
      );
      assert.equal(d[col('Ставка ПДВ')], '="20%"', 'text that Excel would turn into a number stays text');
      assert.equal(a[col('Проведено')], 'ні');
      // Codes keep their leading zeros; a formula is shown as text, not run; quotes and ; survive.
      assert.equal(d[col('ЄДРПОУ')], '="00032945"');
      assert.equal(shown(d[col('Код')]!), first[0]!.code);
      assert.match(first[0]!.code, /^0+\d+$/);
      assert.equal(d[col('Коментар')], '="=1+1"');
      assert.equal(d[col('Контрагент')], 'ТОВ «Ромашка»; філія "Південь"');
      assert.equal(d[col('Найменування')], first[0]!.name);
      const raw = res.bytes.toString('utf8');
      assert.ok(raw.includes('"ТОВ «Ромашка»; філія ""Південь"""'), 'quoted per RFC 4180');
    });

    it('writes an invoice without positions as one row, and outgoing invoices with their client code and payment date', async () => {
      const incoming = readCsv((await download(t, '/api/v1/invoices/export?kind=incoming&to=2023-12-31')).bytes);
      assert.equal(incoming.length, 2);
      assert.equal(incoming[1]![1], 'ПТ-000003');
      assert.equal(incoming[1]![incoming[0]!.indexOf('Сума документа')], '0');
      assert.equal(incoming[1]![incoming[0]!.indexOf('Найменування')], '');
      const [header, row] = readCsv((await download(t, '/api/v1/invoices/export?kind=outgoing&lang=en')).bytes) as [string[], string[]];
      assert.equal(header[0], 'Kind');
      assert.equal(row[0], 'Outgoing invoice');
      assert.equal(row[header.indexOf('Counterparty code')], '="000000042"');
      assert.equal(row[header.indexOf('Payment due')], '10.01.2027');
      assert.equal(row[header.indexOf('Date')], '31.12.2026');
    });

    it("writes a declared kind's list (sales) as CSV: every attribute by its label, one row per row of its first section", async () => {
      const res = await download(t, '/api/v1/objects/sale/export?format=csv');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="sales-\d{4}-\d{2}-\d{2}\.csv"$/);
      const raw = res.bytes.subarray(3).toString('utf8');
      const lines = raw.split('\r\n');
      assert.equal(lines.pop(), '', 'every line ends with CR LF');
      assert.equal(lines[0], SALE_HEADER.join(';'));
      assert.equal(lines.length, 4, 'the header, the two lines of the first sale, the sale without lines');
      const [header, ...rows] = readCsv(res.bytes) as [string[], ...string[][]];
      const col = (name: string) => header.indexOf(name);
      // The list's order: newest first.
      assert.deepEqual(
        rows.map((r) => r[col('Номер')]),
        ['РТ-000001', 'РТ-000001', 'РТ-000002'],
      );
      const [a, b, c] = rows as [string[], string[], string[]];
      assert.equal(a[col('Дата')], '05.12.2026');
      assert.equal(a[col('Сума')], '1234,56', 'decimal comma');
      assert.equal(b[col('Сума')], '', 'the document total on its first row only');
      assert.equal(c[col('Сума')], '99,5');
      assert.equal(a[col('Контрагент')], 'ТОВ «Ромашка»', 'a reference as its presentation');
      assert.equal(a[col('Вид операції')], 'Продаж, комісія');
      assert.equal(a[col('Проведено')], 'так');
      assert.equal(c[col('Проведено')], 'ні');
      assert.equal(a[col('Курс')], '1');
      assert.deepEqual(
        [a, b].map((r) => [
          r[col('Товари: № рядка')],
          r[col('Товари: Номенклатура')],
          r[col('Товари: Кількість')],
          r[col('Товари: Сума')],
          r[col('Товари: ПДВ')],
        ]),
        [
          // The exact decimals as 1C writes them (no trailing zeros), with a comma.
          ['1', 'Цукор білий', '2,5', '100', '16,67'],
          ['2', 'Борошно', '1,125', '1125', '187,5'],
        ],
      );
      assert.equal(a[col('Товари: Ставка ПДВ')], '="20%"');
      assert.equal(c[col('Товари: Номенклатура')], '', 'a sale without lines keeps its one row');
      assert.equal(c[col('Коментар')], '="=SUM(A1)"', 'a formula stays text');
    });

    it("exports a declared kind with its list's own filters and sort, in English too", async () => {
      const [header, ...rows] = readCsv((await download(t, '/api/v1/objects/sale/export?posted=false&lang=en')).bytes) as [string[], ...string[][]];
      assert.equal(header[0], 'Number');
      assert.equal(header.at(-1), 'Goods: VAT');
      assert.deepEqual(
        rows.map((r) => r[0]),
        ['РТ-000002'],
      );
      assert.equal(rows[0]![header.indexOf('Posted')], 'no');
      const sorted = readCsv((await download(t, '/api/v1/objects/sale/export?sort=date&order=asc')).bytes);
      assert.deepEqual(
        sorted.slice(1).map((r) => r[0]),
        ['РТ-000002', 'РТ-000001', 'РТ-000001'],
      );
      const none = readCsv((await download(t, '/api/v1/objects/sale/export?from=2027-01-01')).bytes);
      assert.deepEqual(none, [SALE_HEADER]);
      assert.equal((await download(t, '/api/v1/objects/sale/export?format=pdf')).status, 400);
    });

    it('writes a declared kind as XLSX with typed cells', async () => {
      const res = await download(t, '/api/v1/objects/sale/export?format=xlsx');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(res.headers.get('content-disposition') ?? '', /filename="sales-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const sheet = await readXlsx(res.bytes);
      assert.equal(sheet.name, 'Реалізація товарів і послуг');
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), SALE_HEADER);
      assert.equal(sheet.rowCount, 4);
      const col = (name: string) => SALE_HEADER.indexOf(name) + 1;
      const cell = (row: number, name: string) => sheet.getRow(row).getCell(col(name));
      assert.equal(cell(2, 'Дата').type, ExcelJS.ValueType.Date);
      assert.equal((cell(2, 'Дата').value as Date).toISOString(), '2026-12-05T00:00:00.000Z');
      assert.equal(cell(2, 'Сума').value, 1234.56);
      assert.equal(cell(2, 'Сума').numFmt, '#,##0.00');
      assert.equal(cell(3, 'Сума').value, null);
      assert.equal(cell(3, 'Товари: Кількість').value, 1.125);
      assert.equal(cell(3, 'Товари: Сума').value, 1125);
      assert.equal(cell(2, 'Контрагент').value, 'ТОВ «Ромашка»');
      assert.equal(cell(2, 'Номер').value, 'РТ-000001');
      assert.equal(cell(4, 'Коментар').value, '=SUM(A1)', 'text, not a formula');
    });

    it('writes XLSX with typed cells: numbers with two decimals, date cells, codes as text', async () => {
      const res = await download(t, '/api/v1/invoices/export?kind=incoming&from=2024-01-01&format=xlsx');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(res.headers.get('content-disposition') ?? '', /filename="invoices-incoming-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const sheet = await readXlsx(res.bytes);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      assert.equal(sheet.rowCount, 6, 'the header and five positions');
      const cell = (row: number, name: string) => sheet.getRow(row).getCell(col(name));

      const date = cell(2, 'Дата');
      assert.equal(date.type, ExcelJS.ValueType.Date);
      assert.equal((date.value as Date).toISOString(), '2024-02-01T00:00:00.000Z', 'the document day as a date serial');
      assert.equal(date.numFmt, 'dd.mm.yyyy');

      const total = cell(2, 'Сума документа');
      assert.equal(total.type, ExcelJS.ValueType.Number);
      assert.equal(total.value, Number(totalOf(second)));
      assert.equal(total.numFmt, '#,##0.00');
      assert.equal(cell(3, 'Сума документа').value, null);
      const amounts = [2, 3, 4, 5, 6].map((r) => cell(r, 'Сума').value as number);
      assert.deepEqual(
        amounts,
        [...second, ...first].map((p) => Number(p.amount)),
      );
      assert.equal(cell(2, 'Кількість').type, ExcelJS.ValueType.Number);
      assert.equal(cell(2, 'Кількість').value, Number(second[0]!.quantity));

      const edrpou = cell(5, 'ЄДРПОУ');
      assert.equal(edrpou.type, ExcelJS.ValueType.String);
      assert.equal(edrpou.value, '00032945', 'leading zeros kept');
      assert.equal(edrpou.numFmt, '@');
      assert.equal(cell(5, 'Коментар').value, '=1+1', 'a string, never a formula');
      assert.equal(cell(5, 'Коментар').type, ExcelJS.ValueType.String);
      assert.equal(cell(5, 'Контрагент').value, 'ТОВ «Ромашка»; філія "Південь"');
      assert.equal(sheet.views[0]?.state, 'frozen', 'the header stays in view');
    });

    it("exports clients as CSV and XLSX with the list's filters, to a read key", async () => {
      const readKey = { authorization: `Bearer ${READ_KEY}` };
      const [header, ...rows] = readCsv((await download(t, '/api/v1/clients/export', readKey)).bytes) as [string[], ...string[][]];
      assert.deepEqual(
        rows.map((r) => r[0]),
        ['Альфа', 'ТОВ Покупець'],
        'by name, as the list',
      );
      assert.equal(rows[1]![header.indexOf('Код')], '="000000042"');
      assert.equal(rows[1]![header.indexOf('Телефон')], '="+380 44 123 45 67"');
      assert.equal(rows[1]![header.indexOf('Адреса')], 'Київ, вул. Хрещатик, 1');
      assert.equal(rows[1]![header.indexOf('Ел. пошта')], 'buh@example.com');

      const filtered = await download(t, '/api/v1/clients/export?edrpou=14360570&format=xlsx', readKey);
      const sheet = await readXlsx(filtered.bytes);
      assert.equal(sheet.rowCount, 2);
      assert.equal(sheet.getRow(2).getCell(1).value, 'Альфа');
      assert.equal(sheet.getRow(2).getCell(3).value, '000000043');
      assert.equal(sheet.getRow(2).getCell(12).type, ExcelJS.ValueType.Number, 'the version');
    });

    it('needs a key, refuses an unknown format, and answers an empty list with the header alone', async () => {
      assert.equal((await download(t, '/api/v1/invoices/export', {})).status, 401);
      // The dashboard learns its key's scope from /api/v1/whoami (no probing of admin routes).
      assert.deepEqual((await t.get('/api/v1/whoami', { authorization: `Bearer ${READ_KEY}` })).json, { scope: 'read' });
      assert.deepEqual((await t.get('/api/v1/whoami')).json, { scope: 'admin' });
      assert.equal((await t.get('/api/v1/whoami', {})).status, 401);
      assert.equal((await download(t, '/api/v1/clients/export', {})).status, 401);
      const bad = await download(t, '/api/v1/invoices/export?format=pdf');
      assert.equal(bad.status, 400);
      assert.equal(JSON.parse(bad.bytes.toString()).error.code, 'INVALID_QUERY');
      assert.equal((await download(t, '/api/v1/invoices/export?from=31.12.2026')).status, 400, 'dates as the list takes them: ISO');
      assert.deepEqual(readCsv((await download(t, '/api/v1/invoices/export?number=none')).bytes).length, 1);
      const empty = await readXlsx((await download(t, '/api/v1/invoices/export?number=none&format=xlsx')).bytes);
      assert.equal(empty.rowCount, 1);
    });

    it('survives a client that hangs up mid-file, and answers the next export whole', async () => {
      for (const format of ['csv', 'xlsx']) {
        const controller = new AbortController();
        const res = await fetch(`${t.baseUrl}/api/v1/invoices/export?format=${format}`, { headers: ADMIN, signal: controller.signal });
        const reader = res.body!.getReader();
        await reader.read();
        controller.abort();
        await reader.read().catch(() => undefined);
      }
      const sheet = await readXlsx((await download(t, '/api/v1/invoices/export?kind=incoming&format=xlsx')).bytes);
      assert.equal(sheet.rowCount, 1 + first.length + second.length + 1);
    });

    it("reads page after page in the list's order (more rows than one page)", async () => {
      const names: string[] = [];
      for (let i = 0; i < 510; i += 51) {
        await Promise.all(
          Array.from({ length: 51 }, async (_, j) => {
            const n = String(i + j).padStart(4, '0');
            names.push(`Клієнт ${n}`);
            const res = await t.post(CLIENTS, writeOneCJson(clientBody({ code: `9${n}`, name: `Клієнт ${n}`, edrpou: '00000001' })));
            assert.equal(res.status, 200);
          }),
        );
      }
      const [, ...rows] = readCsv((await download(t, '/api/v1/clients/export?edrpou=00000001')).bytes);
      assert.deepEqual(
        rows.map((r) => r[0]),
        names.sort(),
      );
      const sheet = await readXlsx((await download(t, '/api/v1/clients/export?edrpou=00000001&format=xlsx')).bytes);
      assert.equal(sheet.rowCount, 511);
      assert.equal(sheet.getRow(511).getCell(1).value, 'Клієнт 0509');
    });
  });
}

describe('an export larger than ONEC_SYNC_EXPORT_MAX_ROWS', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_EXPORT_MAX_ROWS: '3' });
    const positions = makePositions(2, 1);
    for (const number of ['Л-1', 'Л-2']) {
      const res = await t.post(
        INVOICES,
        writeOneCJson(
          incomingInvoiceBody({ number, date: '2025-03-01T10:00:00', counterparty: 'ТОВ Ліміт', edrpou: '32855961', total: totalOf(positions), positions }),
        ),
      );
      assert.equal(res.status, 200);
    }
  });
  after(() => t?.close());

  it('is refused before a byte is sent, counting a row per position', async () => {
    const refused = await download(t, '/api/v1/invoices/export?format=xlsx');
    assert.equal(refused.status, 422);
    const body = JSON.parse(refused.bytes.toString());
    assert.equal(body.error.code, 'EXPORT_TOO_LARGE');
    assert.match(body.error.message, /4 rows.*at most 3/);
    const one = await download(t, `/api/v1/invoices/export?number=${encodeURIComponent('Л-1')}`);
    assert.equal(one.status, 200, 'two rows fit');
    assert.equal(readCsv(one.bytes).length, 3);
  });
});

describe('a declared kind export larger than ONEC_SYNC_EXPORT_MAX_ROWS', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite', { ONEC_SYNC_EXPORT_MAX_ROWS: '3' });
    const lines: SaleLine[] = [
      { item: 'Цукор', quantity: '1', price: '10.00', amount: '10.00', vat: '1.67' },
      { item: 'Сіль', quantity: '1', price: '5.00', amount: '5.00', vat: '0.83' },
    ];
    for (const [i, number] of ['Л-1', 'Л-2'].entries()) {
      const res = await t.post(SALES, saleBody({ uuid: `5b4f7a2e-0c1d-4e8f-9a3b-00000000010${i}`, number, date: '2025-03-01T10:00:00', total: '15', lines }));
      assert.equal(res.status, 200);
    }
  });
  after(() => t?.close());

  it('is refused before a byte is sent, counting a row per line of the first section', async () => {
    const refused = await download(t, '/api/v1/objects/sale/export?format=xlsx');
    assert.equal(refused.status, 422);
    const body = JSON.parse(refused.bytes.toString());
    assert.equal(body.error.code, 'EXPORT_TOO_LARGE');
    assert.match(body.error.message, /4 rows.*at most 3/);
    const one = await download(t, `/api/v1/objects/sale/export?q=${encodeURIComponent('Л-1')}`);
    assert.equal(one.status, 200, 'two rows fit');
    assert.equal(readCsv(one.bytes).length, 3);
  });
});
