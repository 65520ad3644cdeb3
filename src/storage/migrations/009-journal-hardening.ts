import type { Kysely } from 'kysely';

/**
 * Frozen in time. Two journal columns:
 * - `body_sha256`: a request whose sender could not be identified keeps only a prefix of its
 *   body in `body` (so `length(body) < body_size`), with the SHA-256 of the whole body here,
 *   so an operator can still tell two such requests apart, or match one to a file.
 * - `replayed_by`: the event that replayed this one, claimed before the replay runs, so a
 *   rejected request is replayed once (two operators, or "replay all" twice, cannot re-apply it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('body_sha256', 'text').execute();
  await db.schema.alterTable('events').addColumn('replayed_by', 'text').execute();
}
