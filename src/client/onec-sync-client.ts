import type { Client, Invoice, InvoiceSummary } from '../api/api-schemas.js';
import type { ApiChange, ApiChangePage } from '../api/change-schemas.js';
import { type CursorStore, MemoryCursorStore } from './cursor-store.js';

/** An error answer of onec-sync: its stable code, HTTP status and whether retrying may help. */
export class OnecSyncError extends Error {
  override name = 'OnecSyncError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** e.g. https://onec-sync.example.com */
  baseUrl: string;
  /** An API key with the `read` scope (`onec-sync key add --scope read`). */
  apiKey: string;
  /** Per request, ms (long-polls get their wait on top). Default 30 s. */
  timeoutMs?: number;
  /** Another fetch (a proxy agent, a test double); default the global one. */
  fetch?: typeof fetch;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** A list with substring search (`q`): the server sorts at most `matchLimit` matches for a page. */
export interface SearchPage<T> extends Page<T> {
  /** The search matched more than `matchLimit` rows: this page may miss some; refine the search. */
  truncated: boolean;
  matchLimit: number;
}

export interface InvoiceQuery {
  kind?: 'incoming' | 'outgoing';
  number?: string;
  edrpou?: string;
  counterpartyCode?: string;
  /** Local dates, inclusive: "2024-01-01" or "2024-01-01T00:00:00". */
  from?: string;
  to?: string;
  posted?: boolean;
  deleted?: boolean;
  /** Only invoices with warnings. */
  warnings?: boolean;
  /** Substring of number, counterparty, ЄДРПОУ or code. */
  q?: string;
  source?: string;
  sort?: 'date' | 'total';
  limit?: number;
  cursor?: string;
}

export interface ClientQuery {
  edrpou?: string;
  code?: string;
  q?: string;
  deleted?: boolean;
  source?: string;
  limit?: number;
  cursor?: string;
}

export type ChangeKind = ApiChange['kind'];

export interface ChangesQuery {
  /** A change's `cursor` or a page's `nextCursor`; "0" (default) is the beginning. */
  after?: string;
  kinds?: readonly ChangeKind[];
  source?: string;
  limit?: number;
  /** Long-poll: wait up to this many seconds (≤ 60) for a change when there is none. */
  wait?: number;
}

export interface FollowOptions extends Omit<ChangesQuery, 'after' | 'wait'> {
  /** Where the position is kept between runs; default in memory (from the beginning each run). */
  cursorStore?: CursorStore;
  /** Long-poll wait per request, seconds (default 30). */
  waitSeconds?: number;
  /** Stops following (the iterator ends). */
  signal?: AbortSignal;
  /** Told about each failed request before it is retried (network, 5xx, 429). */
  onRetry?: (error: unknown, delayMs: number) => void;
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * A typed client of onec-sync's read API and changes feed, for the ERP side.
 * Uses the platform's fetch (undici in Node.js); no other dependency.
 */
export class OnecSyncClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  listInvoices(query: InvoiceQuery = {}): Promise<SearchPage<InvoiceSummary>> {
    return this.get('/api/v1/invoices', query as Query);
  }

  getInvoice(id: string): Promise<Invoice> {
    return this.get(`/api/v1/invoices/${encodeURIComponent(id)}`);
  }

  listClients(query: ClientQuery = {}): Promise<SearchPage<Client>> {
    return this.get('/api/v1/clients', query as Query);
  }

  getClient(id: string): Promise<Client> {
    return this.get(`/api/v1/clients/${encodeURIComponent(id)}`);
  }

  /** Every page of a list, item by item. */
  async *allInvoices(query: Omit<InvoiceQuery, 'cursor'> = {}): AsyncGenerator<InvoiceSummary> {
    for (let cursor: string | undefined; ; ) {
      const page = await this.listInvoices({ ...query, cursor });
      yield* page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** One page of the changes feed after a cursor (GET /api/v1/changes). */
  changes(query: ChangesQuery = {}, signal?: AbortSignal): Promise<ApiChangePage> {
    const { kinds, ...rest } = query;
    return this.get('/api/v1/changes', { ...rest, kinds: kinds?.join(',') }, signal, (query.wait ?? 0) * 1000);
  }

  /**
   * Every change from the stored cursor on, forever (until `signal` aborts): an async
   * iterator over the feed, long-polling when caught up. A change's cursor is saved when
   * the loop asks for the next one — after its body has run — so a crash or a `break`
   * delivers that change again next time: at least once, dedup on `change.id` (or apply
   * idempotently by `objectId` and `version`).
   */
  async *follow(options: FollowOptions = {}): AsyncGenerator<ApiChange> {
    const store = options.cursorStore ?? new MemoryCursorStore();
    let cursor = (await store.load()) ?? '0';
    let delay = 500;
    while (!options.signal?.aborted) {
      let page: ApiChangePage;
      try {
        page = await this.changes(
          { after: cursor, kinds: options.kinds, source: options.source, limit: options.limit, wait: options.waitSeconds ?? 30 },
          options.signal,
        );
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof OnecSyncError && !error.retry && error.status !== 429) throw error;
        options.onRetry?.(error, delay);
        await sleep(delay, options.signal);
        delay = Math.min(delay * 2, 30_000);
        continue;
      }
      delay = 500;
      for (const change of page.items) {
        yield change;
        cursor = change.cursor;
        await store.save(cursor);
      }
      // Past changes the filters skipped: do not read them again.
      if (page.nextCursor !== cursor) {
        cursor = page.nextCursor;
        await store.save(cursor);
      }
    }
  }

  private async get<T>(path: string, query: Query = {}, signal?: AbortSignal, extraTimeoutMs = 0): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const timeout = AbortSignal.timeout((this.options.timeoutMs ?? 30_000) + extraTimeoutMs);
    const response = await this.fetch(url, {
      headers: { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string; retry?: boolean } } | undefined)?.error;
      throw new OnecSyncError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? (text.slice(0, 200) || response.statusText),
        error?.retry ?? response.status >= 500,
      );
    }
    return body as T;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
