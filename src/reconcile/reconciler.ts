import { asEventId, type SourceId } from '../domain/branded-ids.js';
import { newId } from '../domain/new-id.js';
import { AppError } from '../errors/app-error.js';
import type { WebhookIngestor } from '../ingest/ingest-webhook.js';
import type { WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { ODataClient } from '../odata/odata-client.js';
import { textOf } from '../odata/odata-json.js';
import { ODataReader } from '../odata/odata-reader.js';
import type { StorageHandle } from '../storage/open-database.js';
import { uuidv7Bound } from '../storage/repositories/events-repository.js';
import { finishReconciliation, insertReconciliation, type StoredState, storedStates } from '../storage/repositories/reconciliations-repository.js';
import { KindLoader, type RunProgress } from './kind-loader.js';
import { deletionBody, odataWebhookBody } from './odata-body.js';
import { entitySet, expandsOf } from './odata-names.js';
import { driftOf, emptyKindReport, type KindReport, note, type ReconcileReport } from './reconcile-report.js';
import { repairRequest } from './repair-request.js';
import { keyOf, noteUnreadable, readSections } from './section-reader.js';
import { storedPayloadOf } from './stored-payload.js';

export interface ReconcileOptions {
  sourceId: SourceId;
  kinds: readonly KindDefinition[];
  repair?: boolean;
  /** Write every object read, without comparing (an initial load at database speed: kind-loader.ts). */
  load?: boolean;
  /** "YYYY-MM-DD": documents dated from it on (catalogs are always read whole). */
  since?: string;
  now?: () => Date;
  /** A load's progress, after each page. */
  onProgress?: (progress: RunProgress) => void;
}

const CHUNK = 40;

/**
 * Compares the store with 1C's standard OData interface, kind by kind, and (with `repair`)
 * brings the store to what 1C holds — through the one ingest path, so every repair is
 * journaled, versioned and in the feed like a webhook.
 *
 * An OData read never reverts a newer webhook: a repair carries no НомерСобытия (an OData
 * read has no place in 1C's event order) and is applied as stale when its object changed
 * after the run started (`staleIfChangedAfter`, checked inside the write batch): such a
 * change came from a webhook that 1C sent after the state we compare against may have been read.
 * DataVersion is a hint: equal versions are taken as equal objects; differing ones send the
 * object through the webhook decoder and only a different content hash is a difference.
 */
export class Reconciler {
  private readonly reader: ODataReader;
  private readonly loader: KindLoader;

  constructor(
    private readonly storage: StorageHandle,
    private readonly ingestor: WebhookIngestor,
    private readonly decoder: WebhookDecoder,
    private readonly client: ODataClient,
  ) {
    this.reader = new ODataReader(client);
    this.loader = new KindLoader(storage, ingestor, this.reader);
  }

  async run(options: ReconcileOptions): Promise<ReconcileReport> {
    const now = options.now ?? (() => new Date());
    const started = now();
    const report: ReconcileReport = {
      id: newId(),
      sourceId: options.sourceId,
      startedAt: started.toISOString(),
      finishedAt: null,
      status: 'running',
      mode: options.load ? 'load' : options.repair ? 'repair' : 'report',
      repair: options.repair === true || options.load === true,
      since: options.since ?? null,
      error: null,
      requests: 0,
      kinds: [],
    };
    await insertReconciliation(this.storage.db, {
      id: report.id,
      source_id: report.sourceId,
      started_at: report.startedAt,
      finished_at: null,
      status: 'running',
      repair: report.repair ? 1 : 0,
      error: null,
      report: JSON.stringify(report),
    });
    const run = { report, options, staleAfter: asEventId(uuidv7Bound(started.getTime())) };
    try {
      for (const kind of options.kinds) {
        const k = emptyKindReport(kind.kind);
        report.kinds.push(k);
        if (options.load) {
          await this.loader.load(kind, k, this.endpointOf(kind), {
            reportId: report.id,
            sourceId: options.sourceId,
            ...(options.since ? { since: options.since } : {}),
            staleAfter: run.staleAfter,
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          });
        } else await this.reconcileKind(kind, k, run);
      }
      report.status = 'ok';
    } catch (error) {
      // What was compared is kept: the report says which kinds finished.
      report.status = 'failed';
      report.error = (error as Error).message;
    }
    report.finishedAt = now().toISOString();
    report.requests = this.client.used;
    await finishReconciliation(this.storage.db, report.id, {
      finished_at: report.finishedAt,
      status: report.status,
      error: report.error,
      report: JSON.stringify(report),
    });
    return report;
  }

  private async reconcileKind(kind: KindDefinition, k: KindReport, run: { report: ReconcileReport; options: ReconcileOptions; staleAfter: string }) {
    const dated = kind.metaClass === 'Документ';
    const since = run.options.since && dated ? `${run.options.since}T00:00:00` : undefined;
    const { states, withoutGuid } = await storedStates(this.storage.db, kind.store, run.options.sourceId, kind.store === 'clients' ? null : kind.kind, since);
    const stored = new Map(states.map((s) => [s.uuid, s]));
    k.inStore = states.filter((s) => s.deleted === 0).length;
    k.withoutGuid = withoutGuid;
    const seen = new Set<string>();
    const candidates: string[] = [];
    const select = ['Ref_Key', 'DataVersion', 'DeletionMark', ...(dated ? ['Date', 'Posted'] : [])];
    const started = Date.now();
    for await (const page of this.reader.scan(entitySet(kind), { dated, since, select })) {
      run.options.onProgress?.({ kind: kind.kind, read: k.inOneC, written: k.repaired, differing: driftOf(k), seconds: (Date.now() - started) / 1000 });
      for (const u of page.unreadable) note(k, 'unreadable', u.refKey, u.message);
      for (const e of page.entities) {
        const key = keyOf(e);
        seen.add(key);
        k.inOneC++;
        const s = stored.get(key);
        const sameVersion = s && s.deleted === 0 && s.data_version !== null && s.data_version === textOf(e.DataVersion);
        if (!sameVersion || s.deletion_mark !== (e.DeletionMark === true ? 1 : 0)) candidates.push(key);
      }
      if (candidates.length >= CHUNK) await this.compare(kind, k, candidates.splice(0), stored, run);
    }
    await this.compare(kind, k, candidates.splice(0), stored, run);
    k.complete = true;
    for (const s of states) {
      if (s.deleted !== 0 || seen.has(s.uuid)) continue;
      note(k, 'gone', s.uuid);
      if (run.report.repair) await this.repairGone(kind, k, s, run);
    }
  }

  private async compare(
    kind: KindDefinition,
    k: KindReport,
    keys: string[],
    stored: Map<string, StoredState>,
    run: { report: ReconcileReport; staleAfter: string },
  ) {
    if (keys.length === 0) return;
    const { objects, sections } = await this.readWhole(kind, k, keys);
    const endpoint = this.endpointOf(kind);
    for (const object of objects) {
      const key = keyOf(object);
      const s = stored.get(key);
      const payload = await storedPayloadOf(this.storage.db, kind, s);
      let body: Buffer;
      let hash: string;
      try {
        body = odataWebhookBody(kind, object, sections(key), payload);
        hash = this.decoder.write(endpoint, body).contentHash;
      } catch (error) {
        note(k, 'unreadable', key, error instanceof AppError || error instanceof RangeError ? error.message : String(error));
        continue;
      }
      if (s && s.deleted === 0 && hash === s.content_hash) {
        k.versionOnly++;
        continue;
      }
      const difference =
        s === undefined || s.deleted !== 0 ? 'missing' : s.deletion_mark !== (object.DeletionMark === true ? 1 : 0) ? 'deletion-mark' : 'content';
      note(k, difference, key);
      if (run.report.repair) await this.apply(k, endpoint, body, run);
    }
  }

  /** Whole objects and their sections' rows; an object 1C cannot serialise is reported and left out. */
  async readWhole(kind: KindDefinition, k: KindReport, keys: readonly string[]) {
    const page = await this.reader.byKeys(entitySet(kind), keys, expandsOf(kind.attributes));
    const bad = new Set<string>();
    noteUnreadable(k, bad, page.unreadable);
    const read = page.entities.filter((e) => !bad.has(keyOf(e)));
    const sections = await readSections(
      this.reader,
      kind,
      k,
      read.map((e) => textOf(e.Ref_Key) ?? ''),
    );
    return { objects: read.filter((e) => !sections.bad.has(keyOf(e))), sections: sections.of };
  }

  endpointOf(kind: KindDefinition): string {
    const codec = this.decoder.endpoints.find((e) => e.kind.kind === kind.kind);
    if (!codec) throw new Error(`no endpoint for kind "${kind.kind}"`);
    return codec.name;
  }

  private async repairGone(kind: KindDefinition, k: KindReport, s: StoredState, run: { report: ReconcileReport; staleAfter: string }) {
    const payload = await storedPayloadOf(this.storage.db, kind, s);
    if (!payload) {
      k.samples.push({ uuid: s.uuid, difference: 'gone', detail: 'its stored body is pruned: not marked deleted' });
      return;
    }
    await this.apply(k, this.endpointOf(kind), deletionBody(kind, payload), run);
  }

  private async apply(k: KindReport, endpoint: string, body: Buffer, run: { report: ReconcileReport; staleAfter: string }) {
    const outcome = await this.ingestor.ingest(
      repairRequest(endpoint, body, { reportId: run.report.id, sourceId: run.report.sourceId as SourceId, staleAfter: asEventId(run.staleAfter) }),
    );
    const result = outcome.body.result;
    if (outcome.httpStatus !== 200) {
      if (k.samples.length < 40) k.samples.push({ uuid: null, difference: 'unreadable', detail: `repair refused: ${JSON.stringify(outcome.body)}` });
    } else if (result === 'stale') k.skippedNewer++;
    else k.repaired++;
  }
}
