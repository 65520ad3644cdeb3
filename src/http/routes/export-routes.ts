import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Client } from '../../api/api-schemas.js';
import { presentClient } from '../../api/presenters/client-presenter.js';
import { CSV_BOM, csvHeader, csvRow } from '../../api/presenters/csv-format.js';
import { type DeclaredExportRow, declaredExportColumns, declaredExportRows } from '../../api/presenters/declared-export-columns.js';
import {
  CLIENT_COLUMNS,
  type ExportColumn,
  type ExportLang,
  INVOICE_COLUMNS,
  type InvoiceExportRow,
  invoiceExportRows,
} from '../../api/presenters/export-columns.js';
import { presentInvoiceSummary } from '../../api/presenters/invoice-presenter.js';
import { XlsxSheetWriter } from '../../api/presenters/xlsx-sheet-writer.js';
import type { InvoiceContent } from '../../domain/invoice-content.js';
import { AppError } from '../../errors/app-error.js';
import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { DeclaredContent } from '../../kinds/declared-content.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { countClients, listClients } from '../../storage/repositories/clients-repository.js';
import { countInvoiceRows, findCurrentBodies, type InvoiceFilter, listInvoices } from '../../storage/repositories/invoices-repository.js';
import {
  countDeclaredObjects,
  type DeclaredObjectFilter,
  findCurrentObjectBodies,
  listDeclaredObjects,
  sortKeyOf,
} from '../../storage/repositories/objects-repository.js';
import { ClientQuery } from './client-routes.js';
import { contentFromBody, InvoiceQuery, invoiceFilterOf } from './invoice-routes.js';
import { declaredFilterOf, declaredListQuery } from './object-routes.js';

/**
 * The filtered invoice and client lists, and every declared kind's list, as CSV or XLSX files
 * (docs/ARCHITECTURE.md, "Exports for Excel"): the list's own filters, its read scope, its order; streamed a page at a time,
 * so a million rows cost the memory of one page; refused up front when the rows would not fit
 * in one Excel sheet (or ONEC_SYNC_EXPORT_MAX_ROWS).
 */
const ExportOptions = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], {
      default: 'csv',
      description: 'csv (for a Ukrainian Excel: UTF-8 BOM, `;`, decimal comma) or xlsx',
    }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('uk'), Type.Literal('en')], { default: 'uk', description: 'Language of the column titles and yes/no' })),
});
export const InvoiceExportQuery = Type.Composite([Type.Omit(InvoiceQuery, ['limit', 'cursor']), ExportOptions]);
export const ClientExportQuery = Type.Composite([Type.Omit(ClientQuery, ['limit', 'cursor']), ExportOptions]);

/** Rows read and written per step: one keyset page of the list. */
const PAGE = 500;

const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Sheet names as the dashboard names the lists (Excel allows 31 characters, no []:*?/\). */
const SHEET_NAMES = {
  uk: { incoming: 'Прихідні накладні', outgoing: 'Вихідні рахунки', all: 'Накладні', clients: 'Контрагенти' },
  en: { incoming: 'Incoming invoices', outgoing: 'Outgoing invoices', all: 'Invoices', clients: 'Clients' },
} as const;

const download = { 200: Type.Unsafe({ type: 'string', format: 'binary', description: 'The file (Content-Disposition: attachment)' }) };

export async function exportRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; timezone: string; maxRows: number; decoder: WebhookDecoder },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db, support } = deps.storage;

  app.get(
    '/api/v1/invoices/export',
    {
      schema: {
        tags: ['invoices'],
        summary: 'The filtered invoices with their positions, one row per position, as CSV or XLSX',
        querystring: InvoiceExportQuery,
        response: download,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter = invoiceFilterOf(q);
      const { rows } = await countInvoiceRows(db, support, filter);
      refuseOverLimit(rows, deps.maxRows);
      const lang = q.lang ?? 'uk';
      const sheetName = SHEET_NAMES[lang][q.kind ?? 'all'];
      return sendFile(reply, {
        format: q.format ?? 'csv',
        lang,
        fileName: fileName(q.kind ? `invoices-${q.kind}` : 'invoices', deps.timezone),
        sheetName,
        columns: INVOICE_COLUMNS,
        maxRows: deps.maxRows,
        pages: invoicePages(filter),
      });
    },
  );

  app.get(
    '/api/v1/clients/export',
    { schema: { tags: ['clients'], summary: 'The filtered clients as CSV or XLSX', querystring: ClientExportQuery, response: download } },
    async (request, reply) => {
      const q = request.query;
      const filter = { edrpou: q.edrpou, code: q.code, q: q.q, deleted: q.deleted, sourceId: q.source };
      refuseOverLimit(await countClients(db, support, filter), deps.maxRows);
      const lang = q.lang ?? 'uk';
      return sendFile(reply, {
        format: q.format ?? 'csv',
        lang,
        fileName: fileName('clients', deps.timezone),
        sheetName: SHEET_NAMES[lang].clients,
        columns: CLIENT_COLUMNS,
        maxRows: deps.maxRows,
        pages: clientPages(filter),
      });
    },
  );

  for (const kind of deps.decoder.kinds.declared) {
    const columns = declaredExportColumns(kind);
    app.get(
      `/api/v1/objects/${kind.kind}/export`,
      {
        schema: {
          tags: [kind.kind],
          summary: `The filtered ${kind.label.en.toLowerCase()} as CSV or XLSX: every attribute${kind.sections[0] ? `, one row per row of ${kind.sections[0].name}` : ''}`,
          querystring: Type.Composite([Type.Omit(declaredListQuery(kind), ['limit', 'cursor']), ExportOptions]),
          response: download,
        },
      },
      async (request, reply) => {
        const q = request.query as Record<string, unknown> & { format?: 'csv' | 'xlsx'; lang?: ExportLang };
        const filter = declaredFilterOf(kind, q);
        // Each object makes at least one row: past the limit in objects, no need to read further.
        let rows = await countDeclaredObjects(db, deps.storage.support, filter);
        // Its lines are kept in no column of `objects` (only in its body), so a kind with a
        // tabular section counts its rows by walking the export once, and stops as soon as the
        // count passes the limit: a refusal up front, never a file Excel would cut off.
        if (rows <= deps.maxRows && kind.sections.length > 0) {
          rows = 0;
          for await (const page of declaredPages(kind, filter)) {
            rows += page.length;
            if (rows > deps.maxRows) break;
          }
        }
        refuseOverLimit(rows, deps.maxRows);
        const lang = q.lang ?? 'uk';
        return sendFile(reply, {
          format: q.format ?? 'csv',
          lang,
          fileName: fileName(kind.endpoint, deps.timezone),
          sheetName: sheetName(kind.label[lang]),
          columns,
          maxRows: deps.maxRows,
          pages: declaredPages(kind, filter),
        });
      },
    );
  }

  /** A declared kind's list in its order, each object whole from its current body. */
  async function* declaredPages(kind: KindDefinition, filter: Omit<DeclaredObjectFilter, 'after' | 'limit'>): AsyncGenerator<DeclaredExportRow[]> {
    let after: DeclaredObjectFilter['after'];
    for (;;) {
      const rows = await listDeclaredObjects(db, deps.storage.support, { ...filter, limit: PAGE, after });
      if (rows.length === 0) return;
      const bodies = await findCurrentObjectBodies(
        db,
        rows.map((r) => r.id),
      );
      yield rows.flatMap((row) => {
        const stored = bodies.get(row.id);
        const content = stored?.body ? (deps.decoder.decode(stored.endpoint, stored.body, { stored: true }).content as DeclaredContent) : null;
        return declaredExportRows(kind, {
          attributes: content?.attributes ?? {},
          sections: content?.sections ?? {},
          deletionMark: row.deletion_mark === 1,
          sourceId: row.source_id,
        });
      });
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { key: sortKeyOf(last, filter.sort), id: last.id };
    }
  }

  /** The list's pages in its order, each invoice with its positions from its current body. */
  async function* invoicePages(filter: Omit<InvoiceFilter, 'after' | 'limit'>): AsyncGenerator<InvoiceExportRow[]> {
    let after: InvoiceFilter['after'];
    for (;;) {
      const { rows } = await listInvoices(db, support, { ...filter, limit: PAGE, after, exhaustive: true });
      if (rows.length === 0) return;
      const bodies = await findCurrentBodies(
        db,
        rows.map((r) => r.id),
      );
      yield rows.flatMap((row) => {
        const body = bodies.get(row.id);
        const content = contentFromBody(body?.endpoint ?? '', body?.body ?? null) as InvoiceContent | null;
        return invoiceExportRows(presentInvoiceSummary(row, deps.timezone), content?.positions ?? []);
      });
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { key: filter.sort === 'date' ? last.date : last.total, id: last.id };
    }
  }

  async function* clientPages(filter: Parameters<typeof countClients>[2]): AsyncGenerator<Client[]> {
    let after: { key: string; id: string } | undefined;
    for (;;) {
      const { rows } = await listClients(db, support, { ...filter, limit: PAGE, after, exhaustive: true });
      if (rows.length === 0) return;
      yield rows.map(presentClient);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { key: last.name, id: last.id };
    }
  }
}

function refuseOverLimit(rows: number, maxRows: number): void {
  if (rows > maxRows) {
    throw new AppError('EXPORT_TOO_LARGE', {
      message: `The filtered list makes ${rows} rows; one export holds at most ${maxRows}. Narrow the filter (e.g. by dates).`,
    });
  }
}

/** A kind's label as a sheet name: Excel allows 31 characters and none of []:*?/\. */
function sheetName(label: string): string {
  return label.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/** "invoices-incoming-2026-12-31.xlsx" without the extension: today in the 1C zone. */
function fileName(stem: string, timezone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return `${stem}-${today}`;
}

interface FileSpec<R> {
  format: 'csv' | 'xlsx';
  lang: ExportLang;
  fileName: string;
  sheetName: string;
  columns: ReadonlyArray<ExportColumn<R>>;
  maxRows: number;
  pages: AsyncGenerator<R[]>;
}

/**
 * Streams the file. Rows are read only as fast as the client takes them (a Readable pulls the
 * next page when its buffer empties), and a client that goes away stops the reading: the
 * generator is returned, so no further page is queried.
 */
async function sendFile<R>(reply: FastifyReply, spec: FileSpec<R>) {
  reply.type(FILE_TYPES[spec.format]).header('content-disposition', `attachment; filename="${spec.fileName}.${spec.format}"`);
  if (spec.format === 'csv') return reply.send(Readable.from(csvChunks(spec)));
  const writer = await XlsxSheetWriter.open(spec.columns, spec.lang, spec.sheetName);
  void (async () => {
    try {
      let written = 0;
      for await (const page of spec.pages) {
        if (writer.stream.destroyed) break;
        const rows = page.slice(0, spec.maxRows - written);
        await writer.write(rows);
        written += rows.length;
        if (written >= spec.maxRows) break;
      }
      if (!writer.stream.destroyed) await writer.finish();
    } catch (error) {
      writer.stream.destroy(error as Error);
    } finally {
      // Detached from the request: nothing may escape as an unhandled rejection.
      await spec.pages.return(undefined).catch(() => undefined);
    }
  })();
  return reply.send(writer.stream);
}

async function* csvChunks<R>(spec: FileSpec<R>): AsyncGenerator<Buffer> {
  yield Buffer.from(CSV_BOM + csvHeader(spec.columns, spec.lang));
  let written = 0;
  try {
    for await (const page of spec.pages) {
      const rows = page.slice(0, spec.maxRows - written);
      yield Buffer.from(rows.map((row) => csvRow(spec.columns, row, spec.lang)).join(''));
      written += rows.length;
      if (written >= spec.maxRows) return;
    }
  } finally {
    await spec.pages.return(undefined);
  }
}
