import { hash } from 'node:crypto';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { clientColumns } from '../storage/repositories/clients-repository.js';
import { invoiceColumns } from '../storage/repositories/invoices-repository.js';
import type { ObjectTable } from '../storage/repositories/object-tables-repository.js';
import { declaredColumns } from '../storage/repositories/objects-repository.js';
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
  /** The table's `kind` column, part of the object's identity there (invoices, objects); null for clients. */
  kind: string | null;
  /** The kind as the feed, the read API and subscriptions name it. */
  feedKind: string;
  /** The key its live/deleted counts are kept under (GET /api/v1/stats). */
  countedKind: string;
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

/** `declared` gives a declared kind's definition (its roles decide the columns). */
export function toObjectWrite(change: ObjectChange, declared?: KindDefinition): ObjectWrite {
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
  switch (change.objectType) {
    case 'invoice':
      return {
        table: 'invoices',
        objectType: 'invoice',
        kind: change.kind,
        feedKind: change.kind,
        countedKind: change.kind,
        ...common,
        columns: invoiceColumns(change.content),
      };
    case 'client':
      return {
        table: 'clients',
        objectType: 'client',
        kind: null,
        feedKind: 'client',
        countedKind: 'clients',
        ...common,
        columns: clientColumns(change.content),
      };
    case 'object': {
      if (declared?.kind !== change.kind) throw new Error(`the declaration of "${change.kind}" is needed to write it`);
      return {
        table: 'objects',
        objectType: 'object',
        kind: change.kind,
        feedKind: change.kind,
        countedKind: change.kind,
        ...common,
        columns: declaredColumns(declared, change.content),
      };
    }
  }
}
