import type { Kysely } from 'kysely';
import type { Database, ObjectColumns } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';

/** What applying a change reads of an object's row (the columns every synced object has). */
export const OBJECT_STATE_COLUMNS = ['id', 'identity', 'deleted', 'version', 'event_number', 'content_hash', 'current_event_id', 'current_body_hash'] as const;
export type ObjectState = Pick<ObjectColumns, (typeof OBJECT_STATE_COLUMNS)[number]>;

/** Bookkeeping columns written by every change. */
export type ObjectBookkeeping = Pick<
  ObjectColumns,
  'identity' | 'uuid' | 'source_ref' | 'deleted' | 'version' | 'event_number' | 'data_version' | 'content_hash' | 'current_event_id' | 'current_body_hash' | 'warnings' | 'updated_at'
>;

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
