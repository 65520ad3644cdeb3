import type { DeliverySettings } from '../config/load-config.js';
import type { ChangeHub } from '../feed/change-hub.js';
import { shippedDecoder, type WebhookDecoder } from '../ingest/webhook-decoder.js';
import type { StorageHandle } from '../storage/open-database.js';
import { changeFeedReader } from './change-feed-reader.js';
import { DeliveryWorker, type WorkerLog } from './delivery-worker.js';
import { OutboundClient } from './outbound-client.js';

/**
 * What the service holds for pushed deliveries: the outbound client (test sends use it
 * even where this replica runs no worker) and, when `ONEC_SYNC_DELIVERIES` is on, the
 * worker, woken by local commits through the feed's hub and polling for the rest.
 */
export class Deliveries {
  readonly client: OutboundClient;
  worker: DeliveryWorker | undefined;
  private stopped = false;

  /** Every kind the service knows: subscriptions name them, classic deliveries post to their paths. */
  get decoder(): WebhookDecoder {
    return this.options.decoder ?? shippedDecoder();
  }

  constructor(
    private readonly storage: StorageHandle,
    readonly settings: DeliverySettings,
    private readonly options: { timezone: string; hub?: ChangeHub; now?: () => Date; onAttempt?: (outcome: string) => void; decoder?: WebhookDecoder },
  ) {
    this.client = new OutboundClient({
      timeoutMs: settings.timeoutMs,
      responseLimit: settings.responseLimit,
      allowPrivateTargets: settings.allowPrivateTargets,
    });
  }

  /** Start the worker (when this replica runs one), logging through the app's logger. */
  start(log?: WorkerLog): void {
    if (!this.settings.enabled || this.worker || this.stopped) return;
    this.worker = new DeliveryWorker(this.storage, this.settings, {
      feed: changeFeedReader(this.storage.db, this.options.timezone, this.decoder),
      webhookPathOf: (kind) => this.decoder.kinds.require(kind).webhookPath,
      now: this.options.now,
      log,
      client: this.client,
      onAttempt: this.options.onAttempt,
    });
    this.worker.start();
    if (this.options.hub) void this.followCommits(this.options.hub);
  }

  /** Wake the worker after every local commit; other replicas' commits are found by its poll. */
  private async followCommits(hub: ChangeHub): Promise<void> {
    while (!this.stopped && !hub.isClosed) {
      // `seen` = ∞: only a local notification (or the timeout) ends the wait, never the hub's own head poll.
      await hub.wait(Number.MAX_SAFE_INTEGER, hub.generation, 60_000);
      if (!this.stopped) this.worker?.committed();
    }
  }

  /** Wake the worker (a redelivery was asked for). */
  wake(): void {
    this.worker?.wake();
  }

  /** Stop claiming, let attempts in flight finish, hand back the leases (docs/ARCHITECTURE.md). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker?.stop();
    await this.client.close().catch(() => {});
  }
}
