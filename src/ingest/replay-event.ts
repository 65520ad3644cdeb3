import { asEventId, asSourceId, newEventId } from '../domain/branded-ids.js';
import { AppError } from '../errors/app-error.js';
import type { StorageHandle } from '../storage/open-database.js';
import { claimReplay, type EventRow, findEvent } from '../storage/repositories/events-repository.js';
import { sourceStatuses } from '../storage/repositories/sources-repository.js';
import type { WebhookIngestor, WebhookOutcome } from './ingest-webhook.js';
import type { EndpointName } from './webhook-endpoints.js';

export interface ReplayOptions {
  /** The source of a request refused before any source was known (an operator's decision). */
  sourceId?: string;
  /** Apply even if the object changed after the request arrived (or replay a replay that ended `stale`). */
  force?: boolean;
  /** The operator's HTTP request that asked for the replay (journaled with the replay). */
  requestId?: string;
}

/**
 * An operator's replay of a rejected request, after its cause is fixed: the same raw
 * bytes through the same pipeline, journaled as a new event pointing at the original
 * (`replay_of`). Three rules keep a replay from reverting data:
 * - it keeps the original webhook-id, so a message 1C has since delivered again is a
 *   `duplicate`, and a later retry from 1C of it is one too;
 * - its change is `stale` when its object has a change applied after the original request
 *   arrived (event ids are UUIDv7, so their order is arrival order) — unless forced;
 * - each event is replayed once: the original is claimed (`replayed_by`) before the replay
 *   runs. Only a replay that ended `stale` may be replayed again, and only forced.
 * A request refused before any source was known must be attributed to a source by the operator.
 */
export async function replayEvent(storage: StorageHandle, ingestor: WebhookIngestor, event: EventRow, options: ReplayOptions = {}): Promise<WebhookOutcome> {
  if (event.status !== 'rejected') throw new AppError('NOT_REPLAYABLE', { message: `Event ${event.id} was ${event.status}, not rejected` });
  if (!event.body && event.body_pruned_at) throw new AppError('NOT_REPLAYABLE', { message: `Event ${event.id}'s body was pruned at ${event.body_pruned_at}` });
  if (!event.body) throw new AppError('NOT_REPLAYABLE', { message: `Event ${event.id} has no stored body (it was over the size limit)` });
  if (event.body.length !== event.body_size) {
    throw new AppError('NOT_REPLAYABLE', { message: `Event ${event.id} came from no known source: only its first ${event.body.length} bytes were kept` });
  }
  if (event.replayed_by !== null) {
    const previous = await findEvent(storage.db, event.replayed_by);
    if (!(options.force && previous?.status === 'stale')) {
      throw new AppError('NOT_REPLAYABLE', {
        message: `Event ${event.id} was already replayed as ${event.replayed_by}${previous?.status === 'stale' ? ' (stale: force to apply it anyway)' : ''}`,
      });
    }
  }
  const source = event.source_id ?? options.sourceId;
  const sourceId = source ? asSourceId(source) : undefined;
  if (!sourceId) throw new AppError('NOT_REPLAYABLE', { message: 'The original request named no known source: choose one (sourceId)' });
  const status = (await sourceStatuses(storage.db)).get(sourceId);
  if (!status) throw new AppError('NOT_FOUND', { message: `No source ${sourceId}` });
  const refusal = status === 'disabled' ? new AppError('SOURCE_DISABLED', { sourceId }) : undefined;
  const replayId = newEventId();
  if (!(await claimReplay(storage.db, event.id, event.replayed_by, replayId))) {
    throw new AppError('NOT_REPLAYABLE', { message: `Event ${event.id} is being replayed by someone else` });
  }
  try {
    const request = {
      endpoint: event.endpoint as EndpointName,
      body: Buffer.from(event.body),
      bodySize: event.body_size,
      headers: Object.assign(JSON.parse(event.headers), { 'x-replayed-by': 'operator' }),
      remoteAddr: null,
      sourceId,
      webhookId: event.webhook_id,
      replayOf: asEventId(event.id),
      eventId: replayId,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    };
    return await (refusal
      ? ingestor.refuse(request, refusal)
      : ingestor.ingest(Object.assign({}, request, options.force ? {} : { staleIfChangedAfter: asEventId(event.id) })));
  } catch (error) {
    // Nothing was journaled under replayId (the database refused): the event stays replayable.
    await claimReplay(storage.db, event.id, replayId, event.replayed_by).catch(() => {});
    throw error;
  }
}
