import { hash } from 'node:crypto';
import type { InvoiceKind } from '../domain/kinds.js';
import { clientColumns } from '../storage/repositories/clients-repository.js';
import { invoiceColumns } from '../storage/repositories/invoices-repository.js';
import type { ObjectTable } from '../storage/repositories/object-tables-repository.js';
import type { ObjectChange } from './object-change.js';

/**
 * A change as the writer needs it: identity, ordering, hash and the table's columns,
 * flat. It is computed where the body was decoded, so the writer (a thread of its own on
 * SQLite) receives a few hundred bytes by structured clone instead of every position of
 * the document — positions are re-read from the stored body when shown.
 */
export interface ObjectWrite extends Pick<ObjectChange, 'objectType' | 'action' | 'identity' | 'uuid' | 'sourceRef' | 'eventNumber' | 'dataVersion'> {
  /** sha256 of the normalised content: equal hashes mean "unchanged". */
  contentHash: string;
  table: ObjectTable;
  /** Invoices only: incoming or outgoing (part of the invoice's identity). */
  kind: InvoiceKind | null;
  /** JSON array of the change's warnings, as stored. */
  warnings: string;
  columns: Record<string, string | number | null>;
}

/**
 * The hash is taken here, not when decoding: showing a stored document decodes its body
 * too, and has no use for it (a third of the normalising time).
 */
export function contentHash(content: unknown): string {
  return hash('sha256', JSON.stringify(content), 'base64url');
}

export function toObjectWrite(change: ObjectChange): ObjectWrite {
  const { action, identity, uuid, sourceRef, eventNumber, dataVersion } = change;
  const common = {
    action,
    identity,
    uuid,
    sourceRef,
    eventNumber,
    dataVersion,
    contentHash: contentHash(change.content),
    warnings: JSON.stringify(change.warnings),
  };
  return change.objectType === 'invoice'
    ? { table: 'invoices', objectType: 'invoice', kind: change.kind, ...common, columns: invoiceColumns(change.content) }
    : { table: 'clients', objectType: 'client', kind: null, ...common, columns: clientColumns(change.content) };
}
