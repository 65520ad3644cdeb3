import type { InvoiceKind } from '../domain/invoice.js';
import { clientColumns } from '../storage/repositories/clients-repository.js';
import { invoiceColumns } from '../storage/repositories/invoices-repository.js';
import type { ObjectTable } from '../storage/repositories/object-writes.js';
import type { ObjectChange } from './object-change.js';

/**
 * A change as the writer needs it: identity, ordering, hash and the table's columns,
 * flat. It is computed where the body was decoded, so the writer (a thread of its own on
 * SQLite) receives a few hundred bytes by structured clone instead of every position of
 * the document — positions are re-read from the stored body when shown.
 */
export interface ObjectWrite
  extends Pick<ObjectChange, 'objectType' | 'action' | 'identity' | 'uuid' | 'sourceRef' | 'eventNumber' | 'dataVersion' | 'contentHash'> {
  table: ObjectTable;
  /** Invoices only: incoming or outgoing (part of the invoice's identity). */
  kind: InvoiceKind | null;
  /** JSON array of the change's warnings, as stored. */
  warnings: string;
  columns: Record<string, string | number | null>;
}

export function toObjectWrite(change: ObjectChange): ObjectWrite {
  const { action, identity, uuid, sourceRef, eventNumber, dataVersion, contentHash } = change;
  const common = { action, identity, uuid, sourceRef, eventNumber, dataVersion, contentHash, warnings: JSON.stringify(change.warnings) };
  return change.objectType === 'invoice'
    ? { table: 'invoices', objectType: 'invoice', kind: change.kind, ...common, columns: invoiceColumns(change.content) }
    : { table: 'clients', objectType: 'client', kind: null, ...common, columns: clientColumns(change.content) };
}
