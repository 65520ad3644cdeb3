/** Correctness under load: the database holds exactly what was acknowledged. */
import type { LoadResult } from './load.js';
import { openCheck } from './targets.js';

// ---------------------------------------------------------------- correctness checks

export interface Check {
  pass: boolean;
  detail: string;
}

/** Unique documents: every acknowledged number stored, once, version 1, one applied event each. */
export async function checkUnique(databaseUrl: string, load: LoadResult, sent: Set<string>, connections: number): Promise<Check> {
  const db = await openCheck(databaseUrl);
  try {
    const rows = await db.query<{ number: string; version: number | string }>('select number, version from invoices');
    const stored = new Set(rows.map((r) => r.number));
    const missing = load.ackedTags.filter((n) => !stored.has(n)).length;
    const foreign = rows.filter((r) => !sent.has(r.number)).length;
    const notV1 = rows.filter((r) => Number(r.version) !== 1).length;
    const events = await db.query<{ status: string; n: number | string }>('select status, count(*) as n from events group by status');
    const byStatus = Object.fromEntries(events.map((e) => [e.status, Number(e.n)]));
    const applied = byStatus.applied ?? 0;
    const others = Object.entries(byStatus)
      .filter(([s]) => s !== 'applied')
      .reduce((s, [, n]) => s + n, 0);
    // A request in flight when the load generator stops is committed by the service but its
    // answer is discarded by autocannon: at most one per connection.
    const inFlight = stored.size - load.ackedTags.length;
    const pass =
      missing === 0 &&
      foreign === 0 &&
      notV1 === 0 &&
      applied === stored.size &&
      others === 0 &&
      inFlight >= 0 &&
      inFlight <= connections &&
      load.ackedTags.length === load.ok;
    return {
      pass,
      detail: `acked ${load.ackedTags.length} (2xx ${load.ok}), stored ${stored.size} (+${inFlight} in flight at stop), missing ${missing}, unsent ${foreign}, version≠1 ${notV1}, events applied ${applied}, other ${others}`,
    };
  } finally {
    await db.close();
  }
}

/** The storm: one invoice at version 1, one applied event and one `unchanged` event per repost. */
export async function checkStorm(databaseUrl: string, load: LoadResult, connections: number): Promise<Check> {
  const db = await openCheck(databaseUrl);
  try {
    const invoices = await db.query<{ version: number | string }>('select version from invoices');
    const versions = Number((await db.query<{ n: number | string }>('select count(*) as n from versions'))[0]?.n ?? 0);
    const events = await db.query<{ status: string; n: number | string }>('select status, count(*) as n from events group by status');
    const byStatus = Object.fromEntries(events.map((e) => [e.status, Number(e.n)]));
    const unchanged = byStatus.unchanged ?? 0;
    const others = Object.entries(byStatus)
      .filter(([s]) => s !== 'applied' && s !== 'unchanged')
      .reduce((s, [, n]) => s + n, 0);
    const inFlight = unchanged - load.ok;
    const pass =
      invoices.length === 1 &&
      Number(invoices[0]?.version) === 1 &&
      versions === 1 &&
      byStatus.applied === 1 &&
      others === 0 &&
      inFlight >= 0 &&
      inFlight <= connections;
    return {
      pass,
      detail: `invoices ${invoices.length} (version ${invoices[0]?.version}), versions ${versions}, events applied ${byStatus.applied ?? 0}, unchanged ${unchanged} = 2xx ${load.ok} + ${inFlight} in flight at stop, other ${others}`,
    };
  } finally {
    await db.close();
  }
}
