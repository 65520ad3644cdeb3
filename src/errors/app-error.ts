import type { SourceId } from '../domain/branded-ids.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** What an `AppError` says beyond its code; every field is optional. */
export interface AppErrorOptions {
  /** Replaces the registry's generic message with one about this request. */
  message?: string | undefined;
  /** JSON path of the offending field, e.g. `invoiceData.positions[2].Сумма`. */
  path?: string | undefined;
  cause?: unknown;
  /** Sent as `Retry-After` (RATE_LIMITED, SERVER_BUSY). */
  retryAfterSeconds?: number | undefined;
  /** The 1C source, when known: a refused webhook is journaled under it. */
  sourceId?: SourceId | undefined;
}

/**
 * An error the service answers with: a stable code from the registry, an HTTP status, retryability.
 * One options object (`new AppError('NOT_FOUND', { message })`) rather than positional arguments, so
 * a call names what it gives and never pads with `undefined`.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly retry: boolean;
  readonly path: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The 1C source, when known: a refused webhook is journaled under it. */
  sourceId: SourceId | undefined;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.message ?? ERROR_CODES[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = ERROR_CODES[code].status;
    this.retry = ERROR_CODES[code].retry;
    this.path = options.path;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.sourceId = options.sourceId;
  }

  toBody(): { error: { code: ErrorCode; message: string; path?: string; retry: boolean } } {
    return {
      error: { code: this.code, message: this.message, ...(this.path ? { path: this.path } : {}), retry: this.retry },
    };
  }
}
