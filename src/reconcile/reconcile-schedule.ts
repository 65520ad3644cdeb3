import type { SecretBox } from '../auth/secret-box.js';
import { ConfigError, type ReconcileSchedule as ScheduleSettings } from '../config/load-config.js';
import type { SourceId } from '../domain/branded-ids.js';
import type { WebhookIngestor } from '../ingest/ingest-webhook.js';
import type { WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import type { ODataClientOptions } from '../odata/odata-client.js';
import type { StorageHandle } from '../storage/open-database.js';
import { claimScheduledReconciliation, listSourceOData } from '../storage/repositories/reconciliations-repository.js';
import { odataClientFor } from './odata-client-for.js';
import { driftOf, type ReconcileReport } from './reconcile-report.js';
import { Reconciler } from './reconciler.js';

export interface ScheduleLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * `ONEC_SYNC_RECONCILE_EVERY`: the service reconciles every source that has an OData
 * connection once per period — a minute after start if the current period has not been run,
 * then at each period's start. Periods are whole multiples of the interval since the epoch,
 * so every replica agrees which one it is in, and the period is claimed in the database before
 * a run: replicas sharing one PostgreSQL run each period once between them, and a restart
 * does not run it again. A failed run is logged and reported (status `failed`, in
 * /api/v1/reconciliations and the drift metric); the next period tries again.
 */
export class ReconcileSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly kinds: readonly KindDefinition[];

  constructor(
    private readonly storage: StorageHandle,
    private readonly ingestor: WebhookIngestor,
    private readonly decoder: WebhookDecoder,
    private readonly box: SecretBox,
    private readonly settings: ScheduleSettings,
    private readonly options: { now?: () => Date; firstAfterMs?: number; client?: ODataClientOptions } = {},
  ) {
    // An unknown kind stops the start, like a bad declaration: a schedule that silently
    // skips a kind would report a base in sync that was never compared.
    const unknown = settings.kinds?.filter((k) => !decoder.kinds.get(k)) ?? [];
    if (unknown.length > 0) throw new ConfigError(`ONEC_SYNC_RECONCILE_KINDS names kinds that are not declared: ${unknown.join(', ')}`);
    this.kinds = settings.kinds ? settings.kinds.map((k) => decoder.kinds.require(k)) : decoder.kinds.list;
  }

  start(log: ScheduleLog): void {
    this.schedule(log, this.options.firstAfterMs ?? 60_000);
  }

  /** Runs the current period for every source whose turn this replica claims. */
  async runDue(log: ScheduleLog): Promise<ReconcileReport[]> {
    const now = this.now();
    const slot = new Date(Math.floor(now.getTime() / this.settings.everyMs) * this.settings.everyMs).toISOString();
    const reports: ReconcileReport[] = [];
    for (const connection of await listSourceOData(this.storage.db)) {
      if (this.stopped) break;
      if (!(await claimScheduledReconciliation(this.storage.db, connection.source_id, slot, now.toISOString()))) continue;
      const reconciler = new Reconciler(this.storage, this.ingestor, this.decoder, odataClientFor(connection, this.box, this.options.client));
      const report = await reconciler.run({
        sourceId: connection.source_id as SourceId,
        kinds: this.kinds,
        repair: this.settings.repair,
        now: () => this.now(),
      });
      const drift = Object.fromEntries(report.kinds.map((k) => [k.kind, driftOf(k)]));
      if (report.status === 'ok') log.info({ run: report.id, source: report.sourceId, repair: report.repair, drift }, 'reconciliation with 1C finished');
      else log.warn({ run: report.id, source: report.sourceId, error: report.error, drift }, 'reconciliation with 1C failed');
      reports.push(report);
    }
    return reports;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private schedule(log: ScheduleLog, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue(log)
        .catch((error) => log.warn({ err: error }, 'scheduled reconciliation could not run; the next period tries again'))
        .then(() => {
          const every = this.settings.everyMs;
          const t = this.now().getTime();
          this.schedule(log, every - (t % every));
        });
    }, delayMs);
    this.timer.unref();
  }
}
