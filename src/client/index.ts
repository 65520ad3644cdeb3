/**
 * `onec-sync/client`: the ERP side of onec-sync — the read API, the changes feed as an
 * async iterator with a stored cursor, and verification of onec-sync's outbound webhooks.
 * Runs on Node.js ≥ 20 with no dependency beyond the platform.
 */

export type { Client, Invoice, InvoiceSummary } from '../api/api-schemas.js';
export type { ApiChange as Change, ApiChangePage as ChangePage } from '../api/change-schemas.js';
export { type CursorStore, FileCursorStore, MemoryCursorStore } from './cursor-store.js';
export type { ChangeKind, ChangesQuery, ClientOptions, ClientQuery, FollowOptions, InvoiceQuery, Page } from './onec-sync-client.js';
export { OnecSyncClient, OnecSyncError } from './onec-sync-client.js';
export { type HeaderSource, type VerifiedWebhook, type VerifyOptions, verifyWebhook, WebhookVerificationError } from './verify-webhook.js';
