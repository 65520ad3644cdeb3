/** Why an object is listed in a report. */
export type Difference = 'missing' | 'gone' | 'deletion-mark' | 'content' | 'unreadable';
export const DIFFERENCES = ['missing', 'gone', 'deletion-mark', 'content', 'unreadable'] as const satisfies readonly Difference[];

export interface KindReport {
  kind: string;
  /** Objects 1C listed (in the `--since` window). */
  inOneC: number;
  /** Stored objects with a GUID compared (same window). */
  inStore: number;
  /** Stored objects without a GUID (the classic modules' `ref:` identity): not comparable. */
  withoutGuid: number;
  /** DataVersion differed, the content read and found equal: a hint only. */
  versionOnly: number;
  counts: Record<Difference, number>;
  /** Repair: applied, and skipped because a webhook changed the object after the run started. */
  repaired: number;
  skippedNewer: number;
  /** A load (`--load`): what the write batches did with the objects read. */
  loaded?: { created: number; updated: number; unchanged: number };
  /** The listing finished (an unfinished kind reports nothing as gone from 1C). */
  complete: boolean;
  /** The first differing objects. */
  samples: { uuid: string | null; difference: Difference; detail?: string }[];
}

export type ReconcileMode = 'report' | 'repair' | 'load';

export interface ReconcileReport {
  id: string;
  sourceId: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'ok' | 'failed';
  /** `report` compares; `repair` also applies what differs; `load` writes every object read (no compare). */
  mode: ReconcileMode;
  /** The run wrote to the store (a repair or a load). */
  repair: boolean;
  since: string | null;
  error: string | null;
  requests: number;
  kinds: KindReport[];
}

export const SAMPLES_PER_KIND = 20;

export function emptyKindReport(kind: string): KindReport {
  return {
    kind,
    inOneC: 0,
    inStore: 0,
    withoutGuid: 0,
    versionOnly: 0,
    counts: { missing: 0, gone: 0, 'deletion-mark': 0, content: 0, unreadable: 0 },
    repaired: 0,
    skippedNewer: 0,
    complete: false,
    samples: [],
  };
}

/** Objects that differ (unreadable ones included: they could not be shown equal). */
export const driftOf = (k: KindReport): number => DIFFERENCES.reduce((sum, d) => sum + k.counts[d], 0);

export function note(k: KindReport, difference: Difference, uuid: string | null, detail?: string): void {
  k.counts[difference]++;
  if (k.samples.length < SAMPLES_PER_KIND) k.samples.push({ uuid, difference, ...(detail ? { detail } : {}) });
}
