import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { ChangeRow, ChangeSource } from '../../storage/repositories/changes-repository.js';
import { clientColumns } from '../../storage/repositories/clients-repository.js';
import { invoiceColumns } from '../../storage/repositories/invoices-repository.js';
import type { ApiChange } from '../change-schemas.js';
import { presentClient } from './client-presenter.js';
import { DeclaredPresenter } from './declared-presenter.js';
import { presentInvoice } from './invoice-presenter.js';

/**
 * A feed entry: the change, and its object as the read API shows it at that version —
 * rebuilt from the bytes that made the version (bodies are stored once, in the journal),
 * through the same presenters as GET /invoices/:id and /clients/:id.
 */
export function presentChange(change: ChangeRow, source: ChangeSource, timezone: string, decoder: WebhookDecoder): ApiChange {
  const decoded = decoder.decode(source.endpoint, source.body ?? Buffer.alloc(0), { stored: true });
  const bookkeeping = {
    id: change.object_id,
    source_id: change.source_id,
    uuid: decoded.uuid,
    source_ref: decoded.sourceRef,
    deleted: change.action === 'deleted' ? 1 : 0,
    version: change.version,
    event_number: decoded.eventNumber,
    data_version: decoded.dataVersion,
    warnings: JSON.stringify(decoded.warnings),
    created_at: source.createdAt,
    updated_at: source.receivedAt,
  };
  const object = presentDecoded();
  function presentDecoded() {
    switch (decoded.objectType) {
      case 'invoice':
        // Object.assign, not `{ ...bookkeeping, … }`: every change in the feed is presented here
        // (docs/decisions/measured-costs.md, "Object literals that open with a spread").
        return presentInvoice(Object.assign({}, bookkeeping, { kind: decoded.kind }, invoiceColumns(decoded.content)), decoded.content, timezone);
      case 'client':
        return presentClient(Object.assign({}, bookkeeping, clientColumns(decoded.content)));
      case 'object':
        return new DeclaredPresenter(decoder.kinds, timezone).object(
          decoder.kinds.require(decoded.kind),
          Object.assign({}, bookkeeping, { deletion_mark: decoded.content.deletionMark ? 1 : 0 }),
          decoded.content,
        );
    }
  }
  return {
    id: change.id,
    cursor: String(change.seq),
    kind: change.kind,
    action: change.action,
    objectType: change.object_type,
    objectId: change.object_id,
    version: change.version,
    sourceId: change.source_id,
    committedAt: change.committed_at,
    object,
  };
}
