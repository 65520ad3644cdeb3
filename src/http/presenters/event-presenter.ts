import type { EventRow } from '../../storage/repositories/events-repository.js';
import type { ApiEvent, EventSummary } from '../api-schemas.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function presentEventSummary(row: Omit<EventRow, 'body'>): EventSummary {
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
    headers: JSON.parse(row.headers),
  };
}

export function presentEvent(row: EventRow): ApiEvent {
  const body = row.body ? Buffer.from(row.body) : null;
  const hasBom = body !== null && body.subarray(0, 3).equals(BOM);
  return {
    ...presentEventSummary(row),
    body: body ? body.subarray(hasBom ? 3 : 0).toString('utf8') : null,
    bodyBase64: body ? body.toString('base64') : null,
    bodyHasBom: hasBom,
  };
}
