import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { type ClientFilter, listClients } from '../repositories/clients-repository.js';
import { type EventFilter, listEvents } from '../repositories/events-repository.js';
import { type InvoiceFilter, listInvoices } from '../repositories/invoices-repository.js';
import { type DeclaredObjectFilter, listDeclaredObjects } from '../repositories/objects-repository.js';
import { changesPerEndpoint, countRejected, hourlyChanges, rejectedWaiting } from '../repositories/stats-repository.js';

export interface ReadContext {
  db: Kysely<Database>;
  support: DialectSupport;
}

interface ReadDefinition<A, R> {
  /** The repository call itself; arguments and result are plain data (they cross to a reader process). */
  run(context: ReadContext, args: A): Promise<R>;
  /**
   * Whether this call may cost in proportion to the data (a scan, a count, a filter no
   * index serves): then it runs in the reader pool with a budget. An index walk bounded
   * by its page stays on the main connection at its own speed.
   */
  slow(args: A): boolean;
}

const define = <A, R>(d: ReadDefinition<A, R>) => d;

/**
 * The reads that may run in the reader pool, by name: the main process and the reader
 * processes import this same table, so a name and plain arguments are all that crosses
 * between them, and the code path is the repository's own on either side.
 */
const DEFINITIONS = {
  // Indexes: (kind, deleted, date|total_value, id), (deleted, date|total_value, id) for both
  // kinds, number, (edrpou|code, kind, deleted, date, id): every list order is an index walk
  // bounded by its page. A substring, the warnings flag, `posted` or the source filter rows
  // the walk only visits, so those may read far more than a page.
  listInvoices: define({
    run: (c, f: InvoiceFilter) => listInvoices(c.db, c.support, f),
    slow: (f) => Boolean(f.q || f.withWarnings || f.posted !== undefined || f.sourceId),
  }),
  // (deleted, name, id), edrpou, code: a substring or a source is a filter over the walk.
  listClients: define({
    run: (c, f: ClientFilter) => listClients(c.db, c.support, f),
    slow: (f) => Boolean(f.q || f.sourceId),
  }),
  // (kind, deleted, <role>, id) per sort role, (kind, counterparty_uuid, deleted, date|amount_value, id),
  // (kind, posted, deleted, date, id): a walk bounded by its page. A substring (bounded as the
  // invoices' is) or a source only narrows the walk, and so do a counterparty under an order
  // other than date or amount, and posted under any but date.
  listDeclaredObjects: define({
    run: (c, f: DeclaredObjectFilter) => listDeclaredObjects(c.db, c.support, f),
    slow: (f) =>
      Boolean(f.q || f.sourceId || (f.counterparty !== undefined && f.sort !== 'date' && f.sort !== 'amount') || (f.posted !== undefined && f.sort !== 'date')),
  }),
  // (status|endpoint|source_id|object_id, id): one of them is an index walk newest first;
  // with two, the rarer one's walk is filtered by the other, and a pair that matches few of
  // its rows walks all of them.
  listEvents: define({
    run: (c, f: EventFilter) => listEvents(c.db, c.support, f),
    slow: (f) => !f.objectId && [f.status, f.endpoint, f.sourceId].filter(Boolean).length > 1,
  }),
  // The overview's counts grow with the traffic of their window (or, for rejections, with
  // all of them). One read, one slot: an overview never queues behind its own parts.
  overviewCounts: define({
    run: async (c, a: OverviewWindow) => ({
      perEndpoint: await changesPerEndpoint(c.db, { dayStart: a.dayStart, weekStart: a.weekStart }),
      rejectedTotal: await countRejected(c.db),
      rejectedWaiting: await rejectedWaiting(c.db, a.waitingSince),
      hourly: await hourlyChanges(c.db, a.hourlySince),
    }),
    // Maintained counts (migration 012) and the waiting rejections, bounded by a 7-day id range
    // and 1,000 rows: a few index reads. Sent to a reader process they cost more (its start, a
    // hop) than they save, so they stay on the main connection like the other bounded reads.
    slow: () => false,
  }),
};

/** ISO instants bounding the overview's counts. */
export interface OverviewWindow {
  dayStart: string;
  weekStart: string;
  waitingSince: string;
  hourlySince: string;
}

export type ReadName = keyof typeof DEFINITIONS;
export type ReadArgs<N extends ReadName> = Parameters<(typeof DEFINITIONS)[N]['run']>[1];
export type ReadResult<N extends ReadName> = Awaited<ReturnType<(typeof DEFINITIONS)[N]['run']>>;

/**
 * The same table typed as a map from each name to its definition, so `READS[name]` keeps
 * the name's own argument and result types for a generic `name` (a mapped type indexed by
 * its key; the literal object's type would give a union of every definition).
 */
export const READS: { [N in ReadName]: ReadDefinition<ReadArgs<N>, ReadResult<N>> } = DEFINITIONS;

/** A read as it crosses to a reader process: a name and that read's arguments. */
export type ReadRequest<N extends ReadName = ReadName> = { [K in N]: { name: K; args: ReadArgs<K> } }[N];

/** Runs a read by name (one place that looks the name up, with types for every caller). */
export function runRead<N extends ReadName>(context: ReadContext, name: N, args: ReadArgs<N>): Promise<ReadResult<N>> {
  const read: ReadDefinition<ReadArgs<N>, ReadResult<N>> | undefined = READS[name];
  if (!read) return Promise.reject(new Error(`no read named ${String(name)}`));
  return read.run(context, args);
}

/** Runs a read request (from another process: its name was checked by `runRead`). */
export function runReadRequest<N extends ReadName>(context: ReadContext, request: ReadRequest<N>): Promise<ReadResult<N>> {
  return runRead(context, request.name, request.args);
}

export function isSlowRead<N extends ReadName>(name: N, args: ReadArgs<N>): boolean {
  const read: ReadDefinition<ReadArgs<N>, ReadResult<N>> = READS[name];
  return read.slow(args);
}
