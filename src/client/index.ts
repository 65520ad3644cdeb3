/**
 * `onec-sync/client`: the ERP side of onec-sync — the read API, the changes feed as an
 * async iterator with a stored cursor, and verification of onec-sync's outbound webhooks.
 * Runs on Node.js ≥ 20 with no dependency beyond the platform.
 */
export { OnecSyncClient, OnecSyncError } from './onec-sync-client.js';
export type { ChangeKind, ChangesQuery, ClientOptions, ClientQuery, FollowOptions, InvoiceQuery, Page } from './onec-sync-client.js';
export { FileCursorStore, MemoryCursorStore, type CursorStore } from './cursor-store.js';
export { verifyWebhook, WebhookVerificationError, type HeaderSource, type VerifiedWebhook, type VerifyOptions } from './verify-webhook.js';
export type { Client, Invoice, InvoiceSummary } from '../http/api-schemas.js';
export type { ApiChange as Change, ApiChangePage as ChangePage } from '../http/change-schemas.js';
