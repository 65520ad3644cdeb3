import os from 'node:os';
import { freshDatabaseUrl } from '../test/helpers/test-service.js';
import type { Measured, RunFigures } from './figures.js';
import { isReference, startTarget, type Target, type TargetKind } from './targets.js';

/**
 * A variant: fresh database (for the service), fresh process, the body, then teardown.
 * The database check runs after the process has stopped (SIGTERM: it finishes its
 * in-flight commits first), so requests still queued when the load ended cannot land
 * between two of the check's queries.
 */
export async function withTarget(kind: TargetKind, body: (t: Target) => Promise<Measured>, keptDatabaseUrl?: string): Promise<RunFigures> {
  const db = isReference(kind) || keptDatabaseUrl ? null : await freshDatabaseUrl(kind as 'sqlite' | 'postgres');
  const target = await startTarget(kind, keptDatabaseUrl ?? db?.url ?? null);
  try {
    const { figures, verify } = await body(target);
    figures.loadAverage = Number(os.loadavg()[0]!.toFixed(2));
    await target.stop();
    if (verify && target.databaseUrl) figures.check = await verify(target.databaseUrl);
    return figures;
  } finally {
    await target.stop();
    await db?.cleanup();
  }
}
