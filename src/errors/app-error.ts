import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** An error the service answers with: a stable code from the registry, an HTTP status, retryability. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly retry: boolean;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** JSON path of the offending field, e.g. `invoiceData.positions[2].Сумма`. */
    readonly path?: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = ERROR_CODES[code].status;
    this.retry = ERROR_CODES[code].retry;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  readonly retryAfterSeconds: number | undefined;
  /** The 1C source, when known: a refused webhook is journaled under it. */
  sourceId: string | undefined;

  toBody(): { error: { code: ErrorCode; message: string; path?: string; retry: boolean } } {
    return {
      error: { code: this.code, message: this.message, ...(this.path ? { path: this.path } : {}), retry: this.retry },
    };
  }
}
