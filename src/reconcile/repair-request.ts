import type { EventId, SourceId } from '../domain/branded-ids.js';
import type { AcceptedWebhook } from '../ingest/ingest-webhook.js';

/** The header every request of a run is journaled with: what brought the change. */
export const RECONCILIATION_HEADER = 'x-onec-sync-reconciliation';

/**
 * A body built from 1C's OData as the ingest path takes it: journaled under the run (its
 * header and request id), and stale if its object changed after the run began — an OData
 * read never reverts a newer webhook.
 */
export function repairRequest(endpoint: string, body: Buffer, run: { reportId: string; sourceId: SourceId; staleAfter: EventId }): AcceptedWebhook {
  return {
    endpoint,
    body,
    bodySize: body.length,
    headers: { [RECONCILIATION_HEADER]: run.reportId, 'user-agent': 'onec-sync-reconcile' },
    remoteAddr: null,
    webhookId: null,
    sourceId: run.sourceId,
    requestId: `reconcile-${run.reportId}`,
    staleIfChangedAfter: run.staleAfter,
  };
}
