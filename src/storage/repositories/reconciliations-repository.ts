import type { Kysely, Selectable } from 'kysely';
import type { Database, ReconciliationsTable, SourceODataTable } from '../database-schema.js';
import { plainTables } from '../dialects/untyped-view.js';
import type { ObjectTable } from './object-tables-repository.js';

export type ReconciliationRow = Selectable<ReconciliationsTable>;
export type SourceODataRow = Selectable<SourceODataTable>;

export async function insertReconciliation(db: Kysely<Database>, row: ReconciliationRow): Promise<void> {
  await db.insertInto('reconciliations').values(row).execute();
}

export async function finishReconciliation(
  db: Kysely<Database>,
  id: string,
  set: Pick<ReconciliationRow, 'finished_at' | 'status' | 'error' | 'report'>,
): Promise<void> {
  await db.updateTable('reconciliations').set(set).where('id', '=', id).execute();
}

/** The last runs, newest first. */
export async function listReconciliations(db: Kysely<Database>, limit: number, sourceId?: string): Promise<ReconciliationRow[]> {
  let q = db.selectFrom('reconciliations').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (sourceId !== undefined) q = q.where('source_id', '=', sourceId);
  return q.execute();
}

/** Every source with an OData connection: what a scheduled run compares. */
export async function listSourceOData(db: Kysely<Database>): Promise<SourceODataRow[]> {
  return db.selectFrom('source_odata').selectAll().orderBy('source_id').execute();
}

/**
 * Takes a scheduled run's turn for one source: true for exactly one caller per `slot` (an ISO
 * time, so newer slots sort after older ones), however many replicas share the database —
 * a compare-and-set of the source's row in `maintenance_tasks`, one statement on either
 * database. A replica started later in the same slot finds it taken and does not run again.
 */
export async function claimScheduledReconciliation(db: Kysely<Database>, sourceId: string, slot: string, now: string): Promise<boolean> {
  const name = `reconcile:${sourceId}`;
  await db
    .insertInto('maintenance_tasks')
    .values({ name, cursor: null, until_id: null, updated_at: now, done_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await db
    .updateTable('maintenance_tasks')
    .set({ cursor: slot, updated_at: now })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('cursor', 'is', null), eb('cursor', '<', slot)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export async function upsertSourceOData(db: Kysely<Database>, row: SourceODataRow): Promise<void> {
  await db
    .insertInto('source_odata')
    .values(row)
    .onConflict((oc) => oc.column('source_id').doUpdateSet({ url: row.url, username: row.username, password: row.password, updated_at: row.updated_at }))
    .execute();
}

export async function findSourceOData(db: Kysely<Database>, sourceId: string): Promise<SourceODataRow | undefined> {
  return db.selectFrom('source_odata').selectAll().where('source_id', '=', sourceId).executeTakeFirst();
}

/** What a reconciliation compares of a stored object. */
export interface StoredState {
  id: string;
  uuid: string;
  deleted: number;
  deletion_mark: number;
  data_version: string | null;
  content_hash: string;
  current_event_id: string;
  date: string | null;
}

/**
 * Every stored object of one kind of one source that has a GUID (objects known only by their
 * presentation cannot be matched with 1C's Ref_Key). `since`: documents dated from it on.
 */
export async function storedStates(
  db: Kysely<Database>,
  table: ObjectTable,
  sourceId: string,
  kind: string | null,
  since: string | undefined,
): Promise<{ states: StoredState[]; withoutGuid: number }> {
  const dated = table !== 'clients';
  const columns = ['id', 'uuid', 'deleted', 'deletion_mark', 'data_version', 'content_hash', 'current_event_id', ...(dated ? ['date'] : [])];
  let q = plainTables<ObjectTable>(db).selectFrom(table).select(columns).where('source_id', '=', sourceId);
  if (kind !== null) q = q.where('kind', '=', kind);
  if (since !== undefined && dated) q = q.where('date', '>=', since);
  const rows = (await q.execute()) as unknown as (Omit<StoredState, 'uuid' | 'date'> & { uuid: string | null; date?: string | null })[];
  const states: StoredState[] = [];
  let withoutGuid = 0;
  for (const r of rows) {
    if (r.uuid === null) withoutGuid++;
    else states.push({ ...r, uuid: r.uuid.toLowerCase(), date: r.date ?? null, deleted: Number(r.deleted), deletion_mark: Number(r.deletion_mark) });
  }
  return { states, withoutGuid };
}

/** A finished run without its report: what the metrics look through before reading any report. */
export type FinishedRun = Pick<ReconciliationRow, 'id' | 'source_id' | 'started_at' | 'finished_at' | 'status'>;

/**
 * Per source, its newest `perSource` finished runs, newest first (each source's runs walk the
 * `reconciliations_by_source` index; there is a row per run, so the sources are few).
 */
export async function lastFinishedRuns(db: Kysely<Database>, perSource: number): Promise<FinishedRun[]> {
  const sources = await db.selectFrom('reconciliations').select('source_id').distinct().execute();
  const runs = await Promise.all(
    sources.map(({ source_id }) =>
      db
        .selectFrom('reconciliations')
        .select(['id', 'source_id', 'started_at', 'finished_at', 'status'])
        .where('source_id', '=', source_id)
        .where('finished_at', 'is not', null)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(perSource)
        .execute(),
    ),
  );
  return runs.flat();
}

/** Per source, the end of its last run that ended `ok`. */
export async function lastSuccesses(db: Kysely<Database>): Promise<{ source_id: string; finished_at: string | null }[]> {
  return db
    .selectFrom('reconciliations')
    .select(['source_id', (eb) => eb.fn.max('finished_at').as('finished_at')])
    .where('status', '=', 'ok')
    .groupBy('source_id')
    .execute();
}

/** The reports (JSON) of the runs named. */
export async function reconciliationReports(db: Kysely<Database>, ids: readonly string[]): Promise<{ id: string; report: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('reconciliations').select(['id', 'report']).where('id', 'in', ids).execute();
}

export async function findReconciliation(db: Kysely<Database>, id: string): Promise<ReconciliationRow | undefined> {
  return db.selectFrom('reconciliations').selectAll().where('id', '=', id).executeTakeFirst();
}
