import { type EventId, newEventId, type SourceId } from '../domain/branded-ids.js';
import { AppError } from '../errors/app-error.js';
import { unavailableError } from '../storage/dialects/unavailable-error.js';
import type { StorageHandle } from '../storage/open-database.js';
import { DecodeCache } from './decode-cache.js';
import type { Writer } from './in-process-writer.js';
import type { ObjectWrite } from './object-write.js';
import { shippedDecoder, type WebhookDecoder } from './webhook-decoder.js';
import type { JournalRow } from './write-jobs.js';

/** What the journal keeps of every request to a webhook endpoint, accepted or refused. */
interface WebhookRequestBase {
  /** The endpoint's name: a classic one (`invoices`) or a declared kind's. */
  endpoint: string;
  bodySize: number;
  /** Already filtered: never Authorization or webhook-signature. */
  headers: Record<string, string>;
  remoteAddr: string | null;
  /** Idempotency key (webhook-id). */
  webhookId: string | null;
  /** The journal entry this request replays (operators' replay). */
  replayOf?: EventId;
  /** The id to journal this request under (a replay claims it first); new when absent. */
  eventId?: EventId;
  /** The HTTP request that brought it (its X-Request-Id), journaled with it. */
  requestId?: string;
}

/** A request from an authenticated source: decoded, applied and journaled in one transaction. */
export interface AcceptedWebhook extends WebhookRequestBase {
  /** Exact bytes received. */
  body: Buffer;
  sourceId: SourceId;
  /** A replay: `stale` when its object changed after this event id (unless the operator forces it). */
  staleIfChangedAfter?: EventId;
}

/** A request refused before decoding (credentials, size, a disabled source): journaled and answered. */
export interface RefusedWebhook extends WebhookRequestBase {
  /**
   * Exact bytes received; only a prefix of them when the sender is unknown (then
   * `bodySha256` is the hash of the whole); null when the body was refused for its size.
   */
  body: Buffer | null;
  bodySha256?: string;
  /** The source, when the credentials named one; null when they named none. */
  sourceId: SourceId | null;
}

export interface WebhookOutcome {
  httpStatus: number;
  body: Record<string, unknown>;
  eventId: EventId | null;
  retryAfterSeconds?: number;
  /** Why a request failed with 5xx, for the log (the journal keeps only the message). */
  cause?: unknown;
}

/**
 * The webhook pipeline, framework-free: decode → (in one transaction) claim the
 * idempotency key, apply, journal → answer. The journal row with the raw bytes commits in
 * the same transaction as its effect (the idempotent-consumer pattern), and a
 * request that cannot be applied is journaled as `rejected` with its bytes, so nothing
 * 1C sent is lost. Decoding runs here; the writes run wherever the `Writer` commits them.
 */
export class WebhookIngestor {
  private readonly decoder: DecodeCache;

  constructor(
    private readonly storage: StorageHandle,
    private readonly writer: Writer,
    private readonly now: () => Date = () => new Date(),
    decoder: WebhookDecoder = shippedDecoder(),
  ) {
    this.decoder = new DecodeCache(512, decoder);
  }

  /** Journal a request refused before decoding, and answer it with the refusal. */
  refuse(request: RefusedWebhook, refusal: AppError): Promise<WebhookOutcome> {
    return this.reject(request, request.eventId ?? newEventId(), this.now().toISOString(), refusal);
  }

  /** Decode, apply and journal an authenticated request; a body that cannot be applied is journaled as rejected. */
  async ingest(request: AcceptedWebhook): Promise<WebhookOutcome> {
    const eventId = request.eventId ?? newEventId();
    const receivedAt = this.now().toISOString();
    let change: ObjectWrite;
    let bodyHash: string;
    try {
      ({ change, bodyHash } = this.decoder.decode(request.endpoint, request.body));
    } catch (error) {
      if (error instanceof AppError) return this.reject(request, eventId, receivedAt, error);
      // The values are bounded in depth while they are normalised; a stack overflow
      // elsewhere is still the sender's input, never a reason for 1C to retry forever.
      if (error instanceof RangeError && /call stack/i.test(error.message)) {
        return this.reject(request, eventId, receivedAt, new AppError('INVALID_JSON', { message: 'The JSON is nested too deeply', cause: error }));
      }
      return this.reject(request, eventId, receivedAt, new AppError('INTERNAL', { cause: error }));
    }
    try {
      const { result, objectId } = await this.writer.apply({
        type: 'apply',
        journal: this.journalBase(request, eventId, receivedAt),
        sourceId: request.sourceId,
        webhookId: request.webhookId,
        change,
        bodyHash,
        ...(request.staleIfChangedAfter !== undefined ? { staleIfChangedAfter: request.staleIfChangedAfter } : {}),
      });
      return { httpStatus: 200, eventId, body: { status: 'ok', result, id: objectId, eventId } };
    } catch (error) {
      if (this.storage.support.isUnavailable(error)) throw unavailableError(this.storage.support, error);
      // A bug or a constraint we did not foresee: keep the bytes for a replay, answer 500 so 1C retries.
      const failure = new AppError('INTERNAL', { message: `Could not apply: ${(error as Error).message}`, cause: error });
      return this.reject(request, eventId, receivedAt, failure);
    }
  }

  // An accepted request is journaled with the same fields as a refused one (it has them all).
  private async reject(request: RefusedWebhook, eventId: EventId, receivedAt: string, error: AppError): Promise<WebhookOutcome> {
    try {
      await this.writer.journal({
        type: 'journal',
        // The outcome's columns before the request's (measured-costs.md, "Object literals that open with a spread").
        row: {
          action: null,
          status: 'rejected',
          result: null,
          http_status: error.status,
          error_code: error.code,
          error_message: error.message.slice(0, 2000),
          error_path: error.path ?? null,
          ...this.journalBase(request, eventId, receivedAt),
        },
      });
    } catch (journalError) {
      if (this.storage.support.isUnavailable(journalError)) throw unavailableError(this.storage.support, journalError);
      throw journalError;
    }
    return {
      httpStatus: error.status,
      eventId,
      body: Object.assign(error.toBody(), { eventId }),
      retryAfterSeconds: error.retryAfterSeconds,
      ...(error.status >= 500 ? { cause: error.cause ?? error } : {}),
    };
  }

  private journalBase(request: RefusedWebhook, eventId: EventId, receivedAt: string): JournalRow {
    return {
      id: eventId,
      received_at: receivedAt,
      source_id: request.sourceId,
      endpoint: request.endpoint,
      webhook_id: request.webhookId,
      headers: JSON.stringify(request.headers),
      body: request.body,
      body_size: request.bodySize,
      remote_addr: request.remoteAddr,
      replay_of: request.replayOf ?? null,
      body_sha256: request.bodySha256 ?? null,
      request_id: request.requestId ?? null,
    };
  }
}
