import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { KINDS } from '../../domain/kinds.js';
import { zoneOffset } from '../../domain/local-date.js';
import type { NatsStatus } from '../../feed/nats-publisher.js';
import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { Reads } from '../../storage/reads/reads.js';
import { readFeedHead } from '../../storage/repositories/changes-repository.js';
import { objectCounts } from '../../storage/repositories/counts-repository.js';

/** The stats' own key of each kind (`clients`, plural), in the table's order. */
const STATS_KINDS = [KINDS.incoming.stats, KINDS.outgoing.stats, KINDS.client.stats] as const;

const Count = Type.Integer({ minimum: 0 });

export const StatsSchema = Type.Object({
  timezone: Type.String({ description: 'The 1C zone the day and week are counted in' }),
  today: Type.String({ description: 'Local date, YYYY-MM-DD' }),
  weekStart: Type.String({ description: "Local date of this week's Monday" }),
  kinds: Type.Array(
    Type.Object({
      kind: Type.String({ description: `${STATS_KINDS.join(', ')}, or a declared kind` }),
      endpoint: Type.String(),
      today: Type.Integer({ minimum: 0, description: 'Applied changes (created, updated, deleted) since local midnight' }),
      week: Type.Integer({ minimum: 0, description: "Applied changes since this week's Monday" }),
      live: Type.Integer({ minimum: 0, description: 'Objects stored and not deleted in 1C (marked for deletion included)' }),
      deleted: Type.Integer({ minimum: 0, description: 'Objects deleted in 1C (kept, with their history)' }),
    }),
    { description: 'Objects and applied changes per kind, from maintained counts' },
  ),
  rejected: Type.Object({
    total: Count,
    waiting: Type.Integer({ minimum: 0, description: 'Rejected in the last 7 days and not yet repaired by a replay' }),
  }),
  hourly: Type.Object({
    hours: Type.Array(Type.String(), { description: 'The last 24 UTC hours, oldest first, as ISO instants' }),
    sources: Type.Array(Type.Object({ sourceId: Type.Union([Type.String(), Type.Null()]), counts: Type.Array(Count) })),
  }),
  feed: Type.Object({
    head: Type.Integer({ minimum: 0, description: 'Cursor of the last committed change' }),
    nats: Type.Union(
      [
        Type.Object({
          connected: Type.Boolean(),
          cursor: Count,
          lag: Type.Integer({ minimum: 0, description: 'Changes not yet published to JetStream' }),
          lastError: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ],
      { description: 'null when ONEC_SYNC_NATS_URL is not set' },
    ),
  }),
});

const HOUR_MS = 3_600_000;

/** The local wall date of `instant` in `timezone`, as "YYYY-MM-DD". */
function localDay(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The UTC instant of local midnight of `day` in `timezone`. */
function midnightUtc(day: string, timezone: string): string {
  const local = `${day}T00:00:00`;
  return new Date(`${local}${zoneOffset(local, timezone)}`).toISOString();
}

/** The day and week boundaries in the 1C zone (weeks start on Monday, as in Ukraine). */
export function periodStarts(now: Date, timezone: string) {
  const today = localDay(now, timezone);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const weekStart = new Date(Date.parse(`${today}T00:00:00Z`) - weekday * 24 * HOUR_MS).toISOString().slice(0, 10);
  return { today, weekStart, dayStartUtc: midnightUtc(today, timezone), weekStartUtc: midnightUtc(weekStart, timezone) };
}

/** GET /api/v1/stats: the overview's aggregates; every read is of maintained counts or bounded by a window and a limit. */
export async function statsRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; reads: Reads; timezone: string; now: () => Date; nats?: { status(): Promise<NatsStatus> }; decoder: WebhookDecoder },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  app.get('/api/v1/stats', { schema: { tags: ['stats'], response: { 200: StatsSchema } } }, async (request) => {
    const now = deps.now();
    const p = periodStarts(now, deps.timezone);
    const firstHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
    const hours = Array.from({ length: 24 }, (_, i) => new Date(firstHour + i * HOUR_MS).toISOString());
    const weekAgo = new Date(now.getTime() - 7 * 24 * HOUR_MS).toISOString();
    const [counts, head, nats, objects] = await Promise.all([
      // Maintained counts, and the rejections still waiting (a bounded read): in the reader pool,
      // with a budget, like every read whose cost could grow (read-registry.ts).
      deps.reads.run('overviewCounts', { dayStart: p.dayStartUtc, weekStart: p.weekStartUtc, waitingSince: weekAgo, hourlySince: hours[0]! }, request.signal),
      readFeedHead(db),
      deps.nats?.status() ?? null,
      objectCounts(db),
    ]);
    const { perEndpoint, rejectedTotal: total, rejectedWaiting: waiting, hourly } = counts;
    const bySource = new Map<string | null, number[]>();
    const index = new Map(hours.map((h, i) => [h.slice(0, 13), i]));
    for (const row of hourly) {
      const i = index.get(row.hour);
      if (i === undefined) continue;
      let counts = bySource.get(row.sourceId);
      if (!counts) {
        counts = new Array<number>(24).fill(0);
        bySource.set(row.sourceId, counts);
      }
      counts[i] = (counts[i] ?? 0) + row.count;
    }
    return {
      timezone: deps.timezone,
      today: p.today,
      weekStart: p.weekStart,
      kinds: deps.decoder.kinds.list.map((k) => {
        const found = perEndpoint.find((r) => r.endpoint === k.endpoint);
        const counted = objects.filter((o) => o.kind === k.countedAs);
        const sum = (f: (o: (typeof counted)[number]) => number) => counted.reduce((n, o) => n + f(o), 0);
        return {
          kind: k.countedAs,
          endpoint: k.endpoint,
          today: found?.today ?? 0,
          week: found?.week ?? 0,
          live: sum((o) => o.live),
          deleted: sum((o) => o.deleted),
        };
      }),
      rejected: { total, waiting },
      hourly: { hours, sources: [...bySource].map(([sourceId, counts]) => ({ sourceId, counts })) },
      feed: { head, nats },
    };
  });
}
