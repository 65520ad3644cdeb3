/**
 * What the receiver must answer, computed by a small model of its rules (the rules of
 * src/ingest/apply-batch.ts) rather than by asking it — so the emulator can tell a
 * wrong answer from a right one:
 * - identity is `uuid:<УникальныйИдентификатор>` when sent (v2), else `ref:<Строка(Ссылка)>` (seed);
 * - a repeated webhook-id is `duplicate` and changes nothing (the key is claimed even when
 *   the change then turns out stale or unchanged);
 * - an older НомерСобытия than the stored one is `stale`;
 * - the same normalised content is `unchanged`; a delete of a deleted object is `unchanged`;
 * - otherwise a new version: `created`/`updated`, or `deleted` for action "delete".
 */
export type ExpectedResult = 'created' | 'updated' | 'unchanged' | 'deleted' | 'stale' | 'duplicate';

export interface ModelChange {
  identity: string;
  action: 'create' | 'update' | 'delete';
  /** The normalised content as text: equal text means the receiver's content hash is equal. */
  content: string;
  eventNumber: string | null;
  webhookId: string | null;
  deletionMark: boolean;
}

export interface ModelObject {
  version: number;
  deleted: boolean;
  deletionMark: boolean;
  content: string;
  eventNumber: string | null;
}

export class ReceiverModel {
  readonly objects = new Map<string, ModelObject>();
  private readonly webhookIds = new Set<string>();

  apply(change: ModelChange): { result: ExpectedResult; version: number } {
    const row = this.objects.get(change.identity);
    if (change.webhookId !== null) {
      if (this.webhookIds.has(change.webhookId)) return { result: 'duplicate', version: row?.version ?? 0 };
      this.webhookIds.add(change.webhookId);
    }
    const deleting = change.action === 'delete';
    if (!row) {
      this.objects.set(change.identity, {
        version: 1,
        deleted: deleting,
        deletionMark: change.deletionMark,
        content: change.content,
        eventNumber: change.eventNumber,
      });
      return { result: deleting ? 'deleted' : 'created', version: 1 };
    }
    if (change.eventNumber !== null && row.eventNumber !== null && BigInt(change.eventNumber) < BigInt(row.eventNumber)) {
      return { result: 'stale', version: row.version };
    }
    const unchanged = deleting ? row.deleted : !row.deleted && row.content === change.content;
    if (unchanged) {
      if (change.eventNumber !== null) row.eventNumber = change.eventNumber;
      return { result: 'unchanged', version: row.version };
    }
    row.version += 1;
    row.deleted = deleting;
    row.deletionMark = change.deletionMark;
    row.content = change.content;
    row.eventNumber = change.eventNumber ?? row.eventNumber;
    return { result: deleting ? 'deleted' : 'updated', version: row.version };
  }
}
