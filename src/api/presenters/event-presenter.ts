import type { EventRow } from '../../storage/repositories/events-repository.js';
import type { ApiEvent, EventSummary } from '../api-schemas.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function presentEventSummary(row: Omit<EventRow, 'body' | 'body_encoding'>): EventSummary {
  return {
    id: row.id,
    receivedAt: row.received_at,
    sourceId: row.source_id,
    endpoint: row.endpoint,
    action: row.action,
    webhookId: row.webhook_id,
    status: row.status,
    result: row.result,
    httpStatus: row.http_status,
    error: row.error_code ? { code: row.error_code, message: row.error_message, path: row.error_path } : null,
    objectType: row.object_type,
    objectId: row.object_id,
    objectVersion: row.object_version,
    bodySize: row.body_size,
    remoteAddr: row.remote_addr,
    replayOf: row.replay_of,
    replayedBy: row.replayed_by,
    requestId: row.request_id,
    headers: JSON.parse(row.headers),
  };
}

/**
 * Bodies up to this size are shown whole; a bigger one (1C's body limit is 16 MiB) as its
 * first bytes, with a link to download every byte: a 16 MiB body inflated to JSON text and
 * base64 was 62 MB per answer, and four at once held the event loop for seconds.
 */
export const BODY_PREVIEW_BYTES = 256 * 1024;

export function presentEvent(row: EventRow): ApiEvent {
  const stored = row.body ? Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength) : null;
  const kept: 'pruned' | 'none' | 'prefix' | 'full' =
    stored === null ? (row.body_pruned_at ? 'pruned' : 'none') : stored.length < row.body_size ? 'prefix' : 'full';
  const body = stored && stored.length > BODY_PREVIEW_BYTES ? stored.subarray(0, BODY_PREVIEW_BYTES) : stored;
  const hasBom = body?.subarray(0, 3).equals(BOM) === true;
  return Object.assign(presentEventSummary(row), {
    body: body ? body.subarray(hasBom ? 3 : 0).toString('utf8') : null,
    bodyBase64: body ? body.toString('base64') : null,
    bodyHasBom: hasBom,
    bodyTruncated: body !== null && body.length < row.body_size,
    bodyStored: kept,
    bodySha256: row.body_sha256,
    bodyPrunedAt: row.body_pruned_at,
    bodyUrl: kept === 'full' ? `/api/v1/events/${encodeURIComponent(row.id)}/body` : null,
  });
}
