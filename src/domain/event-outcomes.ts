/**
 * The closed sets of a webhook's outcome, each defined once: the journal's columns, the read
 * API's schemas, the dashboard's filters and the ingest code take their values from here.
 */

/** How the journal files a request: accepted (first three and stale) or refused. */
export const EVENT_STATUSES = ['applied', 'unchanged', 'duplicate', 'stale', 'rejected'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** What applying an accepted change did to its object. */
export const APPLY_RESULTS = ['created', 'updated', 'unchanged', 'deleted', 'stale'] as const;
export type ApplyResult = (typeof APPLY_RESULTS)[number];

/** The `result` a webhook is answered with: an apply result, or `duplicate` for a repeated `webhook-id`. */
export const WEBHOOK_RESULTS = [...APPLY_RESULTS, 'duplicate'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

/** The results that change an object, so enter the changes feed. */
export const CHANGE_ACTIONS = ['created', 'updated', 'deleted'] as const satisfies readonly ApplyResult[];
export type ChangeActionResult = (typeof CHANGE_ACTIONS)[number];

/** The status a result is journaled with. */
export const STATUS_OF_RESULT: Record<WebhookResult, EventStatus> = {
  created: 'applied',
  updated: 'applied',
  deleted: 'applied',
  unchanged: 'unchanged',
  stale: 'stale',
  duplicate: 'duplicate',
};
