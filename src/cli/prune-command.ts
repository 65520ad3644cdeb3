import { parseArgs } from 'node:util';
import { ConfigError, parseDuration } from '../config/load-config.js';
import { pruneJournal } from '../ingest/journal-maintenance-scheduler.js';
import { runMaintenance } from '../ingest/maintenance-jobs.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync prune --older-than <age>

  Removes the raw bodies (not the journal entries) of requests that changed nothing —
  unchanged, duplicate, stale — and of rejected ones already replayed, received more than
  <age> ago (30m, 12h, 90d, 2w). Never a body behind a version, the changes feed, a pending
  delivery or a rejected request still waiting for a person. Safe while the service runs:
  a few hundred entries per transaction (docs/operations.md, "Bounded growth").`;

export async function pruneCommand(args: string[]): Promise<number> {
  let olderThanMs: number;
  try {
    const { values } = parseArgs({ args, options: { 'older-than': { type: 'string' } } });
    if (!values['older-than']) throw new ConfigError('--older-than is required');
    olderThanMs = parseDuration(values['older-than'], '--older-than');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const olderThan = new Date(Date.now() - olderThanMs);
    // Its own connection: on SQLite a second writer beside the service's, taking turns
    // through SQLite's lock (busy_timeout) one short transaction at a time.
    const report = await pruneJournal({ maintain: (job) => runMaintenance(db, job) }, olderThan, { pauseMs: 10 });
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`Pruned the bodies of ${report.rows} journal entries received before ${olderThan.toISOString()}: ${report.bytes} bytes as stored.`);
    for (const [status, t] of Object.entries(report.byStatus))
      out(`  ${status.padEnd(10)} ${String(t.rows).padStart(8)} entries ${String(t.bytes).padStart(12)} bytes`);
    return 0;
  });
}
