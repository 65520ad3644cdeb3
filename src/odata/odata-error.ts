/** Why a request to 1C's OData interface failed. */
export type ODataFailure = 'http' | 'network' | 'timeout' | 'budget' | 'format';

/**
 * A failed OData request, with 1C's own message when it sent one. 1C answers errors in the
 * format the request asked for when it can (`$format=json` → `{"odata.error": …}`), in OData
 * XML (`<m:error><m:message>`) otherwise, and a web server in front of it (IIS, Apache) in
 * HTML; all three are reduced to one readable line.
 */
export class ODataError extends Error {
  constructor(
    readonly failure: ODataFailure,
    message: string,
    readonly status: number | null = null,
    readonly url: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ODataError';
  }

  /** Worth asking again after a pause: the network, a timeout, an overloaded or restarting server. */
  get retryable(): boolean {
    if (this.failure === 'network' || this.failure === 'timeout') return true;
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** The one line 1C (or the web server before it) said in an error body. */
export function errorMessageOf(body: string, contentType: string | null): string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return '(an empty body)';
  if (contentType?.includes('json') || text.startsWith('{')) {
    try {
      type Said = { code?: string; message?: string | { value?: string } };
      const json = JSON.parse(text) as { 'odata.error'?: Said; error?: Said };
      const error = json['odata.error'] ?? json.error;
      const message = typeof error?.message === 'object' ? error.message.value : error?.message;
      if (typeof message === 'string') return error?.code ? `${message} (${error.code})` : message;
    } catch {
      // not JSON after all: read it as text below
    }
  }
  const xml = /<(?:\w+:)?message[^>]*>([\s\S]*?)<\/(?:\w+:)?message>/i.exec(text);
  if (xml) return decodeEntities(xml[1]!).trim();
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  const stripped = decodeEntities(text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  const line = title ? decodeEntities(title[1]!).trim() || stripped : stripped;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
