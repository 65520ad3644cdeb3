import { AppError } from '../errors/app-error.js';
import type { StorageHandle } from '../storage/open-database.js';
import type { EventRow } from '../storage/repositories/events-repository.js';
import { sourceStatuses } from '../storage/repositories/sources-repository.js';
import type { WebhookIngestor, WebhookOutcome } from './ingest-webhook.js';
import type { EndpointName } from './webhook-endpoints.js';

/**
 * An operator's replay of a rejected request, after its cause is fixed: the same raw
 * bytes through the same pipeline, journaled as a new event pointing at the original
 * (`replay_of`). It keeps the original webhook-id, so a later retry from 1C of that
 * same message is recognised as a duplicate. A request refused before any source was
 * known must be attributed to a source by the operator.
 */
export async function replayEvent(
  storage: StorageHandle,
  ingestor: WebhookIngestor,
  event: EventRow,
  options: { sourceId?: string } = {},
): Promise<WebhookOutcome> {
  if (event.status !== 'rejected') throw new AppError('NOT_REPLAYABLE', `Event ${event.id} was ${event.status}, not rejected`);
  if (!event.body) throw new AppError('NOT_REPLAYABLE', `Event ${event.id} has no stored body (it was over the size limit)`);
  const sourceId = event.source_id ?? options.sourceId;
  if (!sourceId) throw new AppError('NOT_REPLAYABLE', 'The original request named no known source: choose one (sourceId)');
  const status = (await sourceStatuses(storage.db)).get(sourceId);
  if (!status) throw new AppError('NOT_FOUND', `No source ${sourceId}`);
  const refusal = status === 'disabled' ? Object.assign(new AppError('SOURCE_DISABLED'), { sourceId }) : undefined;
  return ingestor.ingest({
    endpoint: event.endpoint as EndpointName,
    body: Buffer.from(event.body),
    bodySize: event.body_size,
    headers: { ...JSON.parse(event.headers), 'x-replayed-by': 'operator' },
    remoteAddr: null,
    sourceId,
    webhookId: event.webhook_id,
    replayOf: event.id,
    ...(refusal ? { refusal } : {}),
  });
}
