// @ts-check
// The JSON API's answers as the pages read them: only the fields the dashboard uses, for
// `tsc -p tsconfig.web.json`. The schemas themselves are the server's (src/http/, TypeBox);
// this file holds types only and the pages never load it.

/**
 * @template T
 * @typedef {{ items: T[], nextCursor: string | null, truncated?: boolean, matchLimit?: number }} ListPage
 */

/** @typedef {{ code: string, message: string }} Warning */
/** @typedef {{ code?: string, message?: string, path?: string }} ApiErrorBody */
/** @typedef {{ code?: string, message?: string, at: string | null }} LastError */

/** @typedef {{ name: string | null, edrpou: string | null, code: string | null, taxId: string | null }} Counterparty */

/**
 * @typedef {{ line: number, name: string | null, code: string | null, unit: string | null, quantity: string | null,
 *   price: string | null, amount: string | null, vatRate: string | null, vatAmount: string | null }} Position
 */

/**
 * @typedef {{ id: string, kind: string, number: string, localDate: string | null, counterparty: Counterparty,
 *   total: string | null, currency: string | null, currencyCode: string | null, posted: boolean, deletionMark: boolean,
 *   deleted: boolean, warnings: Warning[], paymentDue?: string | null, comment: string | null, version: number,
 *   sourceId: string | null, sourceRef: string | null, positions: Position[] }} Invoice
 */

/**
 * @typedef {{ id: string, name: string, fullName: string | null, code: string | null, edrpou: string | null,
 *   taxId: string | null, phone: string | null, email: string | null, address: string | null, comment: string | null,
 *   deletionMark: boolean, deleted: boolean, warnings: Warning[], version: number, sourceId: string | null }} Client
 */

/**
 * @typedef {{ id: string, receivedAt: string, status: string, sourceId: string | null, endpoint: string,
 *   action: string | null, result: string | null, error: ApiErrorBody | null, httpStatus: number,
 *   objectId: string | null, objectType: string | null, objectVersion: number | null }} EventSummary
 */

/**
 * @typedef {EventSummary & { body: string | null, bodyBase64: string | null, bodySize: number, bodyHasBom: boolean,
 *   bodyTruncated: boolean, bodyUrl: string | null, bodySha256: string | null, bodyStored: string, bodyPrunedAt: string | null,
 *   webhookId: string | null, remoteAddr: string | null, replayOf: string | null, requestId: string | null,
 *   headers: Record<string, string> }} EventDetail
 */

/** @typedef {{ httpStatus: number, eventId: string | null, body?: { result?: string, error?: ApiErrorBody } }} ReplayResult */

/** @typedef {{ field: string, from: unknown, to: unknown }} Change */
/** @typedef {{ version: number, eventId: string, createdAt: string, deleted: boolean, changes: Change[] }} Version */

/**
 * @typedef {{ id: string, name: string, status: string, createdAt: string, lastContactAt: string | null,
 *   lastError: LastError | null }} Source
 */
/** @typedef {{ sourceId: string, secret: string, token: string }} Issued */
/** @typedef {{ path: string, content: string }} BslFile */

/**
 * @typedef {{ timezone: string, kinds: { kind: string, live: number, today: number, week: number, deleted: number }[],
 *   rejected: { waiting: number, total: number }, hourly: { hours: string[], sources: { sourceId: string, counts: number[] }[] },
 *   feed?: { nats?: { lag: number, connected: boolean, lastError: string | null } } }} Stats
 */

/** @typedef {{ pending: number, done: number, dead: number }} DeliveryCounts */
/**
 * @typedef {{ id: string, url: string, format: string, kinds: string[], status: string, disabledReason: string | null,
 *   failingSince: string | null, lastSuccessAt: string | null, deliveries: DeliveryCounts }} Subscription
 */
/**
 * @typedef {{ id: string, createdAt: string, kind: string, action: string, version: number, changeId: string,
 *   status: 'pending' | 'done' | 'dead', inFlight: boolean, attempts: number, lastError: string | null,
 *   lastHttpStatus: number | null, nextAttemptAt: string | null }} Delivery
 */
/**
 * @typedef {{ attemptedAt: string, outcome: 'ok' | 'retry' | 'dead' | 'test', httpStatus: number | null,
 *   latencyMs: number, error: string | null, responseSnippet: string | null }} Attempt
 */
/** @typedef {{ ok: boolean, httpStatus: number | null, error: string | null, latencyMs: number, responseSnippet: string | null }} TestSend */

export {};
