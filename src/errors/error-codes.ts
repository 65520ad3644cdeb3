/**
 * The one registry of error codes. Every error the service answers with
 * has a stable code, an HTTP status and whether the sender should retry: for 1C that is
 * the contract — 4xx means "do not send this again as it is", 5xx/503/429 means "later".
 * docs/errors.md documents the same table; a test keeps the two in step.
 */
export const ERROR_CODES = {
  // The request body
  EMPTY_BODY: { status: 400, retry: false, message: 'The request has no body' },
  INVALID_ENCODING: { status: 400, retry: false, message: 'The body is not valid UTF-8' },
  INVALID_JSON: { status: 400, retry: false, message: 'The body is not valid JSON' },
  INVALID_PAYLOAD: { status: 400, retry: false, message: 'A field is missing or has the wrong type' },
  PAYLOAD_TOO_LARGE: { status: 413, retry: false, message: 'The body is larger than the configured limit' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retry: false, message: 'The Content-Type is not one this route reads' },
  // The request line and headers
  MALFORMED_REQUEST: { status: 400, retry: false, message: 'The request is not valid HTTP, or its URL is not valid' },
  URL_TOO_LONG: { status: 414, retry: false, message: 'A path parameter is longer than any valid one' },
  HEADERS_TOO_LARGE: { status: 431, retry: false, message: 'The request line and headers (a long URL included) are larger than the server reads' },
  REQUEST_TIMEOUT: { status: 408, retry: true, message: 'The request was not received in time; nothing was stored, send it again' },
  // Authentication
  AUTH_MISSING: { status: 401, retry: false, message: 'No credentials: send a webhook-signature or an Authorization header' },
  AUTH_UNKNOWN_KEY: { status: 401, retry: false, message: 'The token or signing key is not known' },
  AUTH_BAD_SIGNATURE: { status: 401, retry: false, message: 'The signature does not match the body' },
  AUTH_TIMESTAMP_OUT_OF_WINDOW: { status: 401, retry: false, message: 'webhook-timestamp is outside the tolerance window' },
  AUTH_MALFORMED: { status: 401, retry: false, message: 'webhook-id, webhook-timestamp or webhook-signature is malformed' },
  SOURCE_DISABLED: { status: 403, retry: false, message: 'The source is disabled' },
  FORBIDDEN_SCOPE: { status: 403, retry: false, message: 'The API key does not have the scope this route needs' },
  RATE_LIMITED: { status: 429, retry: true, message: 'Too many requests from this source; retry after the given delay' },
  // Reading
  NOT_FOUND: { status: 404, retry: false, message: 'No such object' },
  INVALID_QUERY: { status: 400, retry: false, message: 'A query parameter is invalid' },
  INVALID_REQUEST: { status: 400, retry: false, message: 'The request body or a path parameter is invalid' },
  INVALID_CURSOR: { status: 400, retry: false, message: 'The pagination cursor is not valid' },
  NOT_REPLAYABLE: { status: 409, retry: false, message: 'This event cannot be replayed' },
  EXPORT_TOO_LARGE: { status: 422, retry: false, message: 'The filtered list has more rows than one export holds; narrow the filter' },
  // Pushed deliveries (subscriptions)
  SUBSCRIPTION_TARGET_REFUSED: { status: 400, retry: false, message: 'The subscription URL points to a loopback, link-local or private address' },
  // The service itself
  DATABASE_UNAVAILABLE: { status: 503, retry: true, message: 'The database is unavailable; nothing was stored, retry later' },
  STORAGE_FULL: { status: 503, retry: true, message: "The database's disk is full; nothing was stored, retry later" },
  STORAGE_READ_ONLY: {
    status: 503,
    retry: true,
    message: 'The database cannot be written (a read-only file, folder or server); nothing was stored, retry later',
  },
  INTERNAL: { status: 500, retry: true, message: 'Unexpected error; nothing was stored, retry later' },
  SERVER_BUSY: { status: 503, retry: true, message: 'Too many connections or request bodies in flight; nothing was stored, retry later' },
  // Reads that may be slow (searches, counts) run beside the write path with a budget
  READERS_BUSY: { status: 503, retry: true, message: 'Too many slow reads (searches, counts) are waiting; retry later' },
  QUERY_TIMEOUT: { status: 504, retry: true, message: 'The read took longer than its time budget and was stopped; narrow it or retry later' },
  REQUEST_ABORTED: { status: 499, retry: true, message: 'The client closed the connection before the answer; its read was stopped' },
  SHUTTING_DOWN: {
    status: 503,
    retry: true,
    message: 'The service is shutting down; nothing was stored, retry (another replica, or this one after its restart)',
  },
} as const satisfies Record<string, { status: number; retry: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
