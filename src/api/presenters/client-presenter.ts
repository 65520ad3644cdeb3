import type { ClientRow } from '../../storage/repositories/clients-repository.js';
import type { Client } from '../api-schemas.js';

/** The columns a client is shown from (the changes feed builds them from a stored body). */
export type PresentedClientRow = Omit<ClientRow, 'identity' | 'content_hash' | 'current_event_id' | 'current_body_hash' | 'search_text'>;

export function presentClient(row: PresentedClientRow): Client {
  return {
    id: row.id,
    sourceId: row.source_id,
    uuid: row.uuid,
    sourceRef: row.source_ref,
    code: row.code,
    name: row.name,
    fullName: row.full_name,
    edrpou: row.edrpou,
    taxId: row.tax_id,
    phone: row.phone,
    email: row.email,
    address: row.address,
    comment: row.comment,
    deletionMark: row.deletion_mark === 1,
    deleted: row.deleted === 1,
    warnings: JSON.parse(row.warnings),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
