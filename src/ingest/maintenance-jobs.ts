import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import { type ConversionStep, convertBodiesStep, type PruneLane, type PruneStep, pruneBodiesStep } from '../storage/repositories/journal-maintenance-steps.js';

/**
 * One step of the journal's background work, as plain data (it crosses to the SQLite writer
 * thread by structured clone, like a write job): one short transaction each, run by the
 * writer between its group commits — on SQLite the one writer, so it never competes with
 * ingest for the lock, it takes turns with it.
 */
export type MaintenanceJob =
  | { type: 'convert-bodies'; limit: number }
  | {
      type: 'prune-bodies';
      lane: PruneLane;
      olderThan: string;
      limit: number;
      /** Resume after this id; null: where the last prune of this lane stopped. */
      after: string | null;
    };

export type MaintenanceResult = ConversionStep | PruneStep;

/** Who can run a maintenance step where the writes happen (both writers). */
export interface MaintenanceRunner {
  maintain(job: MaintenanceJob): Promise<MaintenanceResult>;
}

const laneTask = (lane: PruneLane) => `prune-${lane}`;

export function runMaintenance(db: Kysely<Database>, job: MaintenanceJob): Promise<MaintenanceResult> {
  return db.transaction().execute(async (trx) => {
    if (job.type === 'convert-bodies') return convertBodiesStep(trx, job.limit);
    // A rejected entry becomes prunable when it is replayed, whenever that is: that lane is
    // walked whole each time (rejected entries are few); the others resume where the last
    // prune stopped — their status never changes, so everything before the cursor is done.
    const remembered = job.lane !== 'rejected';
    let after = job.after;
    if (after === null) {
      const saved = remembered
        ? await trx.selectFrom('maintenance_tasks').select('cursor').where('name', '=', laneTask(job.lane)).executeTakeFirst()
        : undefined;
      after = saved?.cursor ?? '';
    }
    const step = await pruneBodiesStep(trx, job.lane, { olderThan: new Date(job.olderThan), after, limit: job.limit });
    if (remembered && step.cursor !== after) {
      const now = new Date().toISOString();
      await trx
        .insertInto('maintenance_tasks')
        .values({ name: laneTask(job.lane), cursor: step.cursor, until_id: null, updated_at: now, done_at: null })
        .onConflict((oc) => oc.column('name').doUpdateSet({ cursor: step.cursor, updated_at: now }))
        .execute();
    }
    return step;
  });
}
