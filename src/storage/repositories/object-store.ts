import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';

/** The columns every synced object has, whatever its kind (see database-schema.ts). */
export interface ObjectState {
  id: string;
  identity: string;
  deleted: number;
  version: number;
  event_number: string | null;
  content_hash: string;
  current_event_id: string;
  current_body_hash: string | null;
}

/** Bookkeeping columns written by every change. */
export interface ObjectBookkeeping {
  identity: string;
  uuid: string | null;
  source_ref: string;
  deleted: number;
  version: number;
  event_number: string | null;
  data_version: string | null;
  content_hash: string;
  current_event_id: string;
  current_body_hash: string | null;
  warnings: string;
  updated_at: string;
}

/**
 * What applying a change needs from an object table: find (locked), insert unless a
 * concurrent replica already did, update. Implemented once per table, typed.
 */
export interface ObjectStore<C> {
  find(db: Kysely<Database>, support: DialectSupport, sourceId: string, change: C, identity: string): Promise<ObjectState | undefined>;
  /** false when the unique identity already exists (another replica won the race). */
  insert(db: Kysely<Database>, row: ObjectBookkeeping & { id: string; source_id: string; created_at: string }, change: C): Promise<boolean>;
  update(db: Kysely<Database>, id: string, row: Partial<ObjectBookkeeping>, change: C | null): Promise<void>;
}
