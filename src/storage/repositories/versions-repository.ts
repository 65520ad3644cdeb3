import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { bodyFrom } from './events-repository.js';

/** Every version of an object with the raw body that produced it, oldest first. */
export async function listVersionsWithBodies(db: Kysely<Database>, objectId: string) {
  const rows = await db
    .selectFrom('versions')
    .innerJoin('events', 'events.id', 'versions.event_id')
    .select([
      'versions.version',
      'versions.event_id',
      'versions.content_hash',
      'versions.deleted',
      'versions.created_at',
      'events.body',
      'events.body_encoding',
      'events.endpoint',
      'events.action',
    ])
    .where('versions.object_id', '=', objectId)
    .orderBy('versions.version', 'asc')
    .execute();
  return rows.map(({ body_encoding, ...row }) => Object.assign(row, { body: bodyFrom({ body: row.body, body_encoding }) }));
}
