import type { EventId, SourceId } from '../domain/branded-ids.js';
import { AppError } from '../errors/app-error.js';
import type { WebhookIngestor } from '../ingest/ingest-webhook.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { textOf } from '../odata/odata-json.js';
import type { ODataReader } from '../odata/odata-reader.js';
import type { StorageHandle } from '../storage/open-database.js';
import { storedStates } from '../storage/repositories/reconciliations-repository.js';
import { odataWebhookBody } from './odata-body.js';
import { entitySet, expandsOf } from './odata-names.js';
import { type KindReport, note } from './reconcile-report.js';
import { repairRequest } from './repair-request.js';
import { keyOf, readSections } from './section-reader.js';
import { storedPayloadOf } from './stored-payload.js';

/** How far a run (a load or a compare) has come, for a terminal's progress line. */
export interface RunProgress {
  kind: string;
  /** Objects read from 1C so far. */
  read: number;
  /** Objects the store has answered for (written, unchanged or skipped; a compare: repaired). */
  written: number;
  seconds: number;
  /** A compare: the objects found different so far. */
  differing?: number;
}

export interface LoadRun {
  reportId: string;
  sourceId: SourceId;
  /** Documents dated from it on ("YYYY-MM-DD"). */
  since?: string;
  staleAfter: EventId;
  onProgress?: (progress: RunProgress) => void;
}

/** Objects per page: 1C reads a `$top` page inside a Date window in one query. */
const PAGE = 1000;
/** Section reads in flight for one page (key chunks of 40, the filter length 1C's web servers take). */
const SECTION_READS = 4;

/**
 * `reconcile --load`: a whole kind read from 1C's OData at database speed and written through the
 * ingest path. Pages of `$top` 1000 inside Date windows (the reader's scan, references expanded),
 * each page's tabular sections read by its keys in a few requests at once, each object written as
 * the kind's webhook body and handed to `WebhookIngestor.ingest` all at once for the page — the
 * commit queue groups them into write batches of up to `ONEC_SYNC_MAX_BATCH` objects, one
 * transaction each — while the next page is read. No per-object compare: a load writes what it
 * reads, and an object equal by content hash is `unchanged` in the write batch.
 *
 * Everything the ingest path guarantees holds: the same decoder, journaled under the run's
 * header and request id, versioned, in the changes feed, and applied with
 * `staleIfChangedAfter` = the run's start, so a webhook newer than the run is never reverted.
 */
export class KindLoader {
  constructor(
    private readonly storage: StorageHandle,
    private readonly ingestor: WebhookIngestor,
    private readonly reader: ODataReader,
  ) {}

  async load(kind: KindDefinition, k: KindReport, endpoint: string, run: LoadRun): Promise<void> {
    const started = Date.now();
    const dated = kind.metaClass === 'Документ';
    const since = run.since && dated ? `${run.since}T00:00:00` : undefined;
    const { states, withoutGuid } = await storedStates(this.storage.db, kind.store, run.sourceId, kind.store === 'clients' ? null : kind.kind, since);
    const stored = new Map(states.map((s) => [s.uuid, s]));
    k.inStore = states.filter((s) => s.deleted === 0).length;
    k.withoutGuid = withoutGuid;
    const loaded = { created: 0, updated: 0, unchanged: 0 };
    k.loaded = loaded;
    let written = 0;
    const progress = () => run.onProgress?.({ kind: kind.kind, read: k.inOneC, written, seconds: (Date.now() - started) / 1000 });
    let writing: Promise<void> = Promise.resolve();
    const pages = this.pages(kind, k, dated, since);
    // Three stages at once: 1C serialises the next page while this one is turned into bodies and the one before is written.
    let next = pages.next();
    for (;;) {
      const read = await next;
      if (read.done) break;
      next = pages.next();
      awaitedLater(next);
      const { entities, sections } = read.value;
      const bodies: Buffer[] = [];
      for (const object of entities) {
        const key = keyOf(object);
        if (sections.bad.has(key)) continue;
        try {
          bodies.push(odataWebhookBody(kind, object, sections.of(key), await storedPayloadOf(this.storage.db, kind, stored.get(key))));
        } catch (error) {
          note(k, 'unreadable', key, error instanceof AppError || error instanceof RangeError ? error.message : String(error));
        }
      }
      // At most three pages in memory: being read, being turned into bodies, being written.
      await writing;
      progress();
      writing = this.write(k, loaded, endpoint, bodies, run).then((n) => {
        written += n;
      });
      awaitedLater(writing);
    }
    await writing;
    progress();
    k.complete = true;
  }

  /** The kind's pages with their sections' rows, read one page ahead of the caller. */
  private async *pages(kind: KindDefinition, k: KindReport, dated: boolean, since: string | undefined) {
    for await (const page of this.reader.scan(entitySet(kind), { dated, since, expand: expandsOf(kind.attributes), pageSize: PAGE })) {
      for (const u of page.unreadable) note(k, 'unreadable', u.refKey, u.message);
      k.inOneC += page.entities.length;
      yield {
        entities: page.entities,
        sections: await readSections(
          this.reader,
          kind,
          k,
          page.entities.map((e) => textOf(e.Ref_Key) ?? ''),
          SECTION_READS,
        ),
      };
    }
  }

  /** A page's bodies through the ingest path at once: the commit queue makes write batches of them. */
  private async write(k: KindReport, loaded: NonNullable<KindReport['loaded']>, endpoint: string, bodies: Buffer[], run: LoadRun): Promise<number> {
    const outcomes = await Promise.all(bodies.map((body) => this.ingestor.ingest(repairRequest(endpoint, body, run))));
    for (const outcome of outcomes) {
      const result = outcome.body.result;
      if (outcome.httpStatus !== 200) note(k, 'unreadable', null, `refused: ${JSON.stringify(outcome.body)}`);
      else if (result === 'stale') k.skippedNewer++;
      else if (result === 'unchanged') loaded.unchanged++;
      else if (result === 'created') loaded.created++;
      else loaded.updated++;
    }
    return outcomes.length;
  }
}

/** A promise awaited later: its failure is not unhandled meanwhile (it still throws where it is awaited). */
function awaitedLater(promise: Promise<unknown>): void {
  promise.catch(() => {});
}
