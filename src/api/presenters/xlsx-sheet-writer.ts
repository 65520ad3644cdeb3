import { PassThrough } from 'node:stream';
import type { CellType, ExportColumn, ExportLang } from './export-columns.js';

type ExcelJs = typeof import('exceljs');
type WorkbookWriter = InstanceType<ExcelJs['stream']['xlsx']['WorkbookWriter']>;
type Worksheet = ReturnType<WorkbookWriter['addWorksheet']>;

/**
 * Number formats are locale-neutral codes: Excel shows `#,##0.00` with the reader's own
 * separators (`1 234,56` in uk-UA), while the date formats are spelled out so a date reads
 * `31.12.2026` in any Excel, as it does on the dashboard.
 */
const NUM_FMT: Record<CellType, string | undefined> = {
  text: '@',
  money: '#,##0.00',
  number: undefined, // General: quantities with as many decimals as they have
  date: 'dd.mm.yyyy',
};

let excelJs: Promise<ExcelJs> | undefined;
/** exceljs is loaded on the first export only: the service starts without it. */
function loadExcelJs(): Promise<ExcelJs> {
  excelJs ??= import('exceljs').then((m) => m.default ?? m);
  return excelJs;
}

/** "2024-01-15T10:30:00" (1C's wall time) as the Date exceljs turns into that day's serial. */
function wallDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  // The day only: the columns are dates (1C's document day), and Excel's serial has no zone,
  // so the UTC midnight of the wall day is exactly that day's serial number.
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
}

/**
 * One XLSX sheet written as a stream (exceljs's WorkbookWriter): rows are committed as they
 * come and zipped on the way out, so memory holds about a page of rows, not the file. Cells
 * are typed — numbers as numbers, dates as date serials, text as inline strings (no shared
 * string table to grow with the file).
 */
export class XlsxSheetWriter<R> {
  readonly stream = new PassThrough();
  private workbook!: WorkbookWriter;
  private sheet!: Worksheet;
  private rows = 0;

  private constructor(
    private readonly columns: ReadonlyArray<ExportColumn<R>>,
    private readonly lang: ExportLang,
  ) {}

  static async open<R>(columns: ReadonlyArray<ExportColumn<R>>, lang: ExportLang, sheetName: string): Promise<XlsxSheetWriter<R>> {
    const ExcelJS = await loadExcelJs();
    const writer = new XlsxSheetWriter(columns, lang);
    writer.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: writer.stream, useStyles: true, useSharedStrings: false });
    writer.workbook.creator = 'onec-sync';
    writer.sheet = writer.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    writer.sheet.columns = columns.map((c) => ({ width: c.width }));
    const header = writer.sheet.addRow(columns.map((c) => c.title[lang]));
    header.font = { bold: true };
    header.commit();
    return writer;
  }

  /** Adds rows, then waits while the reader (the HTTP response) is behind. */
  async write(rows: readonly R[]): Promise<void> {
    for (const row of rows) {
      const values = this.columns.map((c) => this.cellValue(c.type, c.value(row, this.lang)));
      const added = this.sheet.addRow(values);
      this.columns.forEach((c, i) => {
        const fmt = NUM_FMT[c.type];
        if (fmt && values[i] !== null) added.getCell(i + 1).numFmt = fmt;
      });
      added.commit();
      this.rows++;
    }
    // Let the zip compress what was added (zlib answers on the next turns of the event loop;
    // a SQLite page is read without yielding), then, while the response reads slower than the
    // rows come, wait for it rather than pile the file up in memory. The zip pauses when
    // `stream` is full; its fullness is polled, since a 'data' or 'readable' listener would
    // change the stream's mode and take chunks from the response it is piped into.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.stream.destroyed && (this.stream.writableNeedDrain || this.stream.readableLength >= this.stream.readableHighWaterMark)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async finish(): Promise<void> {
    if (this.rows > 0) this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: this.rows + 1, column: this.columns.length } };
    this.sheet.commit();
    await this.workbook.commit();
  }

  private cellValue(type: CellType, value: string | null): string | number | Date | null {
    if (value === null || value === '') return null;
    if (type === 'money' || type === 'number') {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    if (type === 'date') return wallDate(value) ?? value;
    return value;
  }
}
