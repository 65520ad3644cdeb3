import type { ODataClient } from './odata-client.js';
import { ODataError } from './odata-error.js';
import { type ODataEntity, textOf } from './odata-json.js';

/** 1C's empty reference: the all-zero GUID stands for "no value" in every `_Key` field. */
export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

const guid = (key: string) => `guid'${key}'`;
const datetime = (local: string) => `datetime'${local}'`;

/** An object 1C could not serialise (a control character in a field fails the whole answer with 400). */
export interface Unreadable {
  /** Its Ref_Key when a keys-only read could name it. */
  refKey: string | null;
  message: string;
}

export interface ScanPage {
  entities: ODataEntity[];
  unreadable: Unreadable[];
}

export interface ScanOptions {
  /** Documents have a Date and are read in Date windows; catalogs have none. */
  dated: boolean;
  /** Local date-time "YYYY-MM-DDTHH:MM:SS": documents dated from it on. */
  since?: string;
  select?: readonly string[];
  expand?: readonly string[];
  pageSize?: number;
}

const isBadRequest = (error: unknown) => error instanceof ODataError && error.status === 400;

/**
 * Reading whole collections the ways 1C's OData allows: `$orderby=Date,Ref_Key` with
 * `$top`/`$skip` inside month-long Date windows (a large `$skip` makes 1C read and drop every
 * row before it, and a window bounds what a concurrent insert can shift), never a keyset on
 * Ref_Key (1C answers 500 to `Ref_Key gt guid'…'`), never `$count` (not every publication
 * answers it). A page 1C cannot serialise is narrowed down to the single object, which is
 * named and skipped; the run goes on.
 */
export class ODataReader {
  constructor(private readonly client: ODataClient) {}

  async *scan(set: string, options: ScanOptions): AsyncGenerator<ScanPage> {
    const pageSize = options.pageSize ?? 500;
    const orderby = options.dated ? 'Date,Ref_Key' : 'Ref_Key';
    for (const filter of options.dated ? await this.windows(set, options.since) : [undefined]) {
      for (let skip = 0; ; skip += pageSize) {
        const page = await this.page(set, { ...options, filter, orderby }, skip, pageSize);
        yield page;
        if (page.entities.length + page.unreadable.length < pageSize) break;
      }
    }
  }

  /** Whole objects by key, `$filter=Ref_Key eq guid'…' or …` (equality is fine; only order comparisons fail). */
  async byKeys(set: string, keys: readonly string[], expand?: readonly string[]): Promise<ScanPage> {
    return this.narrowed(keys, async (chunk) => this.client.list(set, { filter: chunk.map((k) => `Ref_Key eq ${guid(k)}`).join(' or '), expand }));
  }

  /**
   * The rows of a tabular section (`Document_X_Товары`, an entity set of its own in the
   * standard interface) for several objects, each object's rows in LineNumber order
   * (LineNumber arrives as a string: it is Edm.Int64).
   */
  async sectionRows(set: string, keys: readonly string[], expand?: readonly string[]): Promise<{ rows: Map<string, ODataEntity[]>; unreadable: Unreadable[] }> {
    const rows = new Map<string, ODataEntity[]>();
    const pageSize = 1000;
    const read = await this.narrowed(keys, async (chunk) => {
      const all: ODataEntity[] = [];
      const filter = chunk.map((k) => `Ref_Key eq ${guid(k)}`).join(' or ');
      for (let skip = 0; ; skip += pageSize) {
        const page = await this.client.list(set, { filter, expand, orderby: 'Ref_Key,LineNumber', top: pageSize, skip });
        all.push(...page);
        if (page.length < pageSize) return all;
      }
    });
    for (const row of read.entities) {
      const key = textOf(row.Ref_Key) ?? '';
      const list = rows.get(key) ?? [];
      if (list.length === 0) rows.set(key, list);
      list.push(row);
    }
    for (const list of rows.values()) list.sort((a, b) => Number(textOf(a.LineNumber)) - Number(textOf(b.LineNumber)));
    return { rows, unreadable: read.unreadable };
  }

  /** Month windows from the first document's date (or `since`) to the last one's. */
  private async windows(set: string, since: string | undefined): Promise<string[]> {
    const first = since ?? (await this.edgeDate(set, 'Date'));
    const last = await this.edgeDate(set, 'Date desc');
    if (first === null || last === null || first > last) return [];
    const windows: string[] = [];
    let start = first;
    while (start <= last) {
      const end = nextMonth(start);
      windows.push(`Date ge ${datetime(start)} and Date lt ${datetime(end)}`);
      start = end;
    }
    return windows;
  }

  private async edgeDate(set: string, orderby: string): Promise<string | null> {
    const [row] = await this.client.list(set, { select: ['Date'], orderby, top: 1 });
    return row ? textOf(row.Date) : null;
  }

  private async page(set: string, q: ScanOptions & { filter?: string; orderby: string }, skip: number, top: number): Promise<ScanPage> {
    try {
      return { entities: await this.client.list(set, { select: q.select, expand: q.expand, filter: q.filter, orderby: q.orderby, top, skip }), unreadable: [] };
    } catch (error) {
      if (!isBadRequest(error)) throw error;
      if (top === 1) {
        // Name the object: its Ref_Key alone serialises even when one of its strings does not.
        const [row] = await this.client.list(set, { select: ['Ref_Key'], filter: q.filter, orderby: q.orderby, top: 1, skip }).catch(() => []);
        return { entities: [], unreadable: [{ refKey: row ? textOf(row.Ref_Key) : null, message: (error as Error).message }] };
      }
      const half = Math.ceil(top / 2);
      const a = await this.page(set, q, skip, half);
      // The first half came back short: the window has no rows past it.
      if (a.entities.length + a.unreadable.length < half) return a;
      const b = await this.page(set, q, skip + half, top - half);
      return { entities: [...a.entities, ...b.entities], unreadable: [...a.unreadable, ...b.unreadable] };
    }
  }

  private async narrowed(keys: readonly string[], read: (chunk: readonly string[]) => Promise<ODataEntity[]>, chunkSize = 40): Promise<ScanPage> {
    const out: ScanPage = { entities: [], unreadable: [] };
    const visit = async (chunk: readonly string[]): Promise<void> => {
      try {
        out.entities.push(...(await read(chunk)));
      } catch (error) {
        if (!isBadRequest(error)) throw error;
        if (chunk.length === 1) {
          out.unreadable.push({ refKey: chunk[0]!, message: (error as Error).message });
          return;
        }
        const half = Math.ceil(chunk.length / 2);
        await visit(chunk.slice(0, half));
        await visit(chunk.slice(half));
      }
    };
    for (let i = 0; i < keys.length; i += chunkSize) await visit(keys.slice(i, i + chunkSize));
    return out;
  }
}

/** The first moment of the month after `local`'s. */
function nextMonth(local: string): string {
  const y = Number(local.slice(0, 4));
  const m = Number(local.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01T00:00:00` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01T00:00:00`;
}
