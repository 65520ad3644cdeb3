import type { Kysely } from 'kysely';
import type { Database } from '../storage/database-schema.js';
import { lastFinishedRuns, lastSuccesses, reconciliationReports } from '../storage/repositories/reconciliations-repository.js';

/** Runs looked through per source for each kind's latest complete comparison (a run with `--kinds` compares only some). */
const RUNS_PER_SOURCE = 20;

/** What a source's reconciliations show to the metrics. */
export interface ReconcileSample {
  source: string;
  /** End of the newest finished run, Unix seconds, and whether it ended ok. */
  lastRun: { at: number; ok: boolean };
  /** End of the last run that ended ok, Unix seconds. */
  lastSuccess: number | null;
  /** Per kind, the differences found by the newest run that compared the kind to the end. */
  drift: { kind: string; counts: Record<string, number> }[];
}

/** What the metrics keep of a finished run's report: the kinds it compared to the end. */
type CompleteKinds = Map<string, Record<string, number>>;

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * Reads the differences of the last reconciliations for the metrics. Runs are written by the
 * CLI (`onec-sync reconcile`) or a scheduled run in another process, so the database is the only
 * place that knows them. A finished run's report never changes: each is parsed once and kept
 * while it is among the runs looked through, so a scrape reads only the run headers and the
 * reports of runs finished since the last one.
 */
export class ReconcileDrift {
  private readonly parsed = new Map<string, CompleteKinds>();

  async read(db: Kysely<Database>): Promise<ReconcileSample[]> {
    const [runs, successes] = await Promise.all([lastFinishedRuns(db, RUNS_PER_SOURCE), lastSuccesses(db)]);
    const unread = runs.filter((r) => !this.parsed.has(r.id)).map((r) => r.id);
    for (const { id, report } of await reconciliationReports(db, unread)) this.parsed.set(id, completeKinds(report));
    const looked = new Set(runs.map((r) => r.id));
    for (const id of this.parsed.keys()) if (!looked.has(id)) this.parsed.delete(id);

    const success = new Map(successes.map((s) => [s.source_id, s.finished_at]));
    const bySource = new Map<string, ReconcileSample>();
    // Newest first per source: the first run met that compared a kind to the end is that kind's figure.
    for (const run of runs) {
      let sample = bySource.get(run.source_id);
      if (!sample) {
        const last = success.get(run.source_id);
        sample = {
          source: run.source_id,
          lastRun: { at: seconds(run.finished_at ?? run.started_at), ok: run.status === 'ok' },
          lastSuccess: last ? seconds(last) : null,
          drift: [],
        };
        bySource.set(run.source_id, sample);
      }
      for (const [kind, counts] of this.parsed.get(run.id) ?? []) {
        if (!sample.drift.some((d) => d.kind === kind)) sample.drift.push({ kind, counts });
      }
    }
    return [...bySource.values()];
  }
}

/**
 * The kinds a report compared to the end, with their counts. An unfinished kind (the run failed
 * while listing it) is left out: it reports nothing as gone, so its zero would hide a difference.
 */
function completeKinds(report: string): CompleteKinds {
  const kinds: CompleteKinds = new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(report);
  } catch {
    return kinds;
  }
  const list = (parsed as { kinds?: unknown }).kinds;
  if (!Array.isArray(list)) return kinds;
  for (const k of list as { kind?: unknown; complete?: unknown; counts?: unknown }[]) {
    if (typeof k.kind !== 'string' || k.complete !== true || typeof k.counts !== 'object' || k.counts === null) continue;
    const counts: Record<string, number> = {};
    for (const [difference, n] of Object.entries(k.counts)) if (typeof n === 'number') counts[difference] = n;
    kinds.set(k.kind, counts);
  }
  return kinds;
}
