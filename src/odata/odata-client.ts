import { isAscii, transcode } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessageOf, ODataError } from './odata-error.js';
import { type ODataEntity, parseODataJson } from './odata-json.js';

/** Where 1C publishes its standard interface, and who reads it. */
export interface ODataConnection {
  /** `http://host/base/odata/standard.odata` (the publication's URL + `/odata/standard.odata`). */
  url: string;
  user?: string;
  password?: string;
}

export interface ODataClientOptions {
  /** Per request. */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure. */
  retries?: number;
  /** The first pause before a retry; doubled each time. */
  backoffMs?: number;
  /** Requests (attempts included) one run may make: a run never loads a production base without bound. */
  requestBudget?: number;
}

/** The query options 1C's OData v3 understands that we use. */
export interface ODataQuery {
  select?: readonly string[];
  filter?: string;
  orderby?: string;
  top?: number;
  skip?: number;
  expand?: readonly string[];
}

/**
 * A thin client of 1C's standard OData interface (OData v3, platform 8.3.5+). It always asks
 * for `$format=json` (1C answers Atom XML by default), sends basic auth, bounds each request
 * by a timeout and a run by a request budget, retries what may pass later with backoff, and
 * turns every error body (OData JSON, OData XML, a web server's HTML) into one ODataError.
 */
export class ODataClient {
  private requests = 0;
  private readonly base: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly budget: number;

  constructor(connection: ODataConnection, options: ODataClientOptions = {}) {
    this.base = connection.url.replace(/\/+$/, '');
    this.authorization =
      connection.user !== undefined ? `Basic ${Buffer.from(`${connection.user}:${connection.password ?? ''}`, 'utf8').toString('base64')}` : undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.budget = options.requestBudget ?? 100_000;
  }

  /** Requests made so far (each attempt counts). */
  get used(): number {
    return this.requests;
  }

  /** The entities of a collection (`Document_X`, `Document_X_Товары`) matching the query. */
  async list(resource: string, query: ODataQuery = {}): Promise<ODataEntity[]> {
    const body = await this.get(resource, query);
    const value = (body as { value?: unknown }).value;
    if (!Array.isArray(value)) throw new ODataError('format', `${resource}: the answer has no "value" array`);
    return value as ODataEntity[];
  }

  /** One entity by its key: `Document_X(guid'…')`; null when 1C says 404. */
  async one(resource: string, refKey: string, query: ODataQuery = {}): Promise<ODataEntity | null> {
    try {
      return (await this.get(`${resource}(guid'${refKey}')`, query)) as ODataEntity;
    } catch (error) {
      if (error instanceof ODataError && error.status === 404) return null;
      throw error;
    }
  }

  private url(resource: string, query: ODataQuery): string {
    const parts = ['$format=json'];
    const add = (key: string, value: string) => parts.push(`${key}=${encodeURIComponent(value)}`);
    if (query.select?.length) add('$select', query.select.join(','));
    if (query.expand?.length) add('$expand', query.expand.join(','));
    if (query.filter) add('$filter', query.filter);
    if (query.orderby) add('$orderby', query.orderby);
    if (query.top !== undefined) add('$top', String(query.top));
    if (query.skip) add('$skip', String(query.skip));
    return `${this.base}/${encodeURIComponent(resource).replace(/%28/g, '(').replace(/%29/g, ')').replace(/%27/g, "'")}?${parts.join('&')}`;
  }

  private async get(resource: string, query: ODataQuery): Promise<unknown> {
    const url = this.url(resource, query);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(url);
      } catch (error) {
        if (!(error instanceof ODataError) || !error.retryable || attempt >= this.retries) throw error;
        await sleep(this.backoffMs * 2 ** attempt);
      }
    }
  }

  private async attempt(url: string): Promise<unknown> {
    if (this.requests >= this.budget) {
      throw new ODataError('budget', `The run's request budget (${this.budget}) is spent`, null, url);
    }
    this.requests++;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authorization) headers.authorization = this.authorization;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
      text = utf8Text(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ODataError('timeout', `1C did not answer within ${this.timeoutMs} ms`, null, url, { cause: error });
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ODataError('network', `1C is unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`, null, url, { cause: error });
    }
    const contentType = response.headers.get('content-type');
    if (!response.ok) {
      const hint =
        response.status === 401
          ? ' (check the OData user and password)'
          : response.status === 404
            ? ' (is the object published in the standard interface?)'
            : '';
      throw new ODataError('http', `1C answered ${response.status}: ${errorMessageOf(text, contentType)}${hint}`, response.status, url);
    }
    if (!contentType?.includes('json')) {
      throw new ODataError(
        'format',
        `1C answered ${contentType ?? 'without a content type'}, not JSON: is $format=json ignored by a proxy?`,
        response.status,
        url,
      );
    }
    try {
      return parseODataJson(text);
    } catch (error) {
      throw new ODataError('format', `1C's JSON does not parse: ${(error as Error).message}`, response.status, url, { cause: error });
    }
  }
}

/**
 * An answer's text. 1C's answers are mostly Cyrillic, which V8's UTF-8 decoder (behind
 * `response.text()`) reads slowly; ICU's transcode to UTF-16 is several times faster, and a load
 * reads megabytes. ASCII takes the one-byte path; invalid UTF-8 (transcode refuses it) and a
 * Node.js built without ICU take V8's decoder, which reads invalid bytes as U+FFFD.
 */
function utf8Text(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  try {
    return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    return bytes.toString('utf8');
  }
}
