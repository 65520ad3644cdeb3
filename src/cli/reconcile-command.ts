import { parseArgs } from 'node:util';
import { SecretBox } from '../auth/secret-box.js';
import { createWriter } from '../create-service.js';
import type { SourceId } from '../domain/branded-ids.js';
import { WebhookIngestor } from '../ingest/ingest-webhook.js';
import { WebhookDecoder } from '../ingest/webhook-decoder.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import type { RunProgress } from '../reconcile/kind-loader.js';
import { odataClientFor } from '../reconcile/odata-client-for.js';
import { driftOf } from '../reconcile/reconcile-report.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { readApiPath, storedSamples } from '../reconcile/stored-samples.js';
import { findSourceOData } from '../storage/repositories/reconciliations-repository.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync reconcile --source <id> [--kinds sale,client] [--since YYYY-MM-DD] [--repair | --load]

  Compares the store with 1C's standard OData interface (set it with \`source odata\`):
  objects missing here, gone from 1C, with another deletion mark or content.
  --repair applies what differs through the ingest path and marks what is gone deleted.
  --load writes every object 1C holds through the ingest path without comparing: the initial
         load of history, at database speed (a webhook newer than the run is never reverted).`;

export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      kinds: { type: 'string' },
      since: { type: 'string' },
      repair: { type: 'boolean' },
      load: { type: 'boolean' },
      budget: { type: 'string' },
    },
  });
  if (!values.source || (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) || (values.repair && values.load)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const sourceId = values.source;
  return withDatabase(async (storage, config) => {
    const connection = await findSourceOData(storage.db, sourceId);
    if (!connection) {
      process.stderr.write(`Source ${sourceId} has no OData connection: onec-sync source odata ${sourceId} --url … --user …\n`);
      return 1;
    }
    const registry = KindRegistry.load(config.kindsDir);
    const names = values.kinds?.split(',').map((k) => k.trim());
    const unknown = names?.filter((n) => !registry.get(n)) ?? [];
    if (unknown.length > 0) {
      process.stderr.write(`Unknown kinds: ${unknown.join(', ')}\n`);
      return 2;
    }
    const decoder = new WebhookDecoder(registry);
    const writer = await createWriter(
      config,
      storage,
      () => {},
      () => storage.reloadStatistics?.(),
    );
    try {
      const client = odataClientFor(connection, SecretBox.fromKey(config.secretKey), values.budget ? { requestBudget: Number(values.budget) } : {});
      const progress = progressLine();
      const reconciler = new Reconciler(storage, new WebhookIngestor(storage, writer, undefined, decoder), decoder, client);
      const report = await reconciler.run({
        sourceId: sourceId as SourceId,
        kinds: names ? names.map((n) => registry.require(n)) : registry.list,
        repair: values.repair === true,
        load: values.load === true,
        ...(values.since ? { since: values.since } : {}),
        onProgress: progress,
      });
      if (progress.shown && process.stderr.isTTY) process.stderr.write('\n');
      // Each stored differing object with its read API address, to open it (or find it on the dashboard).
      const samples = await storedSamples(storage, registry, sourceId, report.kinds);
      const paths = new Map(samples.map((s) => [`${s.kind}\u0000${s.uuid}`, readApiPath(s)]));
      for (const k of report.kinds) {
        const c = k.counts;
        const l = k.loaded;
        process.stdout.write(
          l
            ? `${k.kind}: 1C ${k.inOneC}, here before ${k.inStore}; created ${l.created}, updated ${l.updated}, unchanged ${l.unchanged}, skipped (newer webhook) ${k.skippedNewer}, unreadable ${c.unreadable}${k.complete ? '' : ' (unfinished)'}\n`
            : `${k.kind}: 1C ${k.inOneC}, here ${k.inStore}${k.withoutGuid > 0 ? ` (and ${k.withoutGuid} without a GUID, not compared)` : ''}; missing ${c.missing}, gone ${c.gone}, deletion mark ${c['deletion-mark']}, content ${c.content}, unreadable ${c.unreadable}` +
                `${report.repair ? `; repaired ${k.repaired}, skipped (newer webhook) ${k.skippedNewer}` : ''}${k.complete ? '' : ' (unfinished)'}\n`,
        );
        for (const s of k.samples) {
          const at = paths.get(`${k.kind}\u0000${s.uuid}`);
          process.stdout.write(`  ${s.difference} ${s.uuid ?? '?'}${at ? ` ${at}` : ''}${s.detail ? `: ${s.detail}` : ''}\n`);
        }
      }
      process.stdout.write(`Run ${report.id}: ${report.status}, ${report.requests} requests${report.error ? `: ${report.error}` : ''}\n`);
      if (report.status !== 'ok') return 1;
      if (report.mode === 'load') return report.kinds.some((k) => k.counts.unreadable > 0) ? 3 : 0;
      return report.kinds.some((k) => driftOf(k) > 0) && !report.repair ? 3 : 0;
    } finally {
      await writer.close();
    }
  });
}

/**
 * A run's progress on stderr (objects read from 1C, and written or found different): rewritten in place on a terminal, a line every ten seconds
 * otherwise (a log keeps a trace without a line per page).
 */
function progressLine(): ((p: RunProgress) => void) & { shown: boolean } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const show = (p: RunProgress) => {
    const now = Date.now();
    if (now - last < (tty ? 250 : 10_000)) return;
    last = now;
    show.shown = true;
    const done = p.differing === undefined ? `written ${p.written}` : `different ${p.differing}${p.written > 0 ? `, repaired ${p.written}` : ''}`;
    const rate = p.seconds > 0 ? Math.round((p.differing === undefined ? p.written : p.read) / p.seconds) : 0;
    const line = `${p.kind}: read ${p.read}, ${done}, ${rate} objects/s, ${p.seconds.toFixed(0)} s`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  show.shown = false;
  return show;
}
