import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ChangePageSchema, ChangeSchema } from '../../api/change-schemas.js';
import { AppError } from '../../errors/app-error.js';
import type { ChangeHub } from '../../feed/change-hub.js';
import { presentChanges } from '../../feed/present-changes.js';
import type { WebhookDecoder } from '../../ingest/webhook-decoder.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { type ChangeKind, type ChangePage, readChanges } from '../../storage/repositories/changes-repository.js';

const Cursor = Type.String({ pattern: '^[0-9]{1,15}$', description: 'A `cursor` / `nextCursor` from the feed; 0 (the default) is the beginning' });
const Kinds = Type.String({ description: 'Comma-separated kinds: incoming, outgoing, client, or declared ones (GET /api/v1/kinds); default: all' });

export const ChangesQuery = Type.Object({
  after: Type.Optional(Cursor),
  kinds: Type.Optional(Kinds),
  source: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'Seconds to wait for a change when there is none yet (long-poll)' })),
});

export const StreamQuery = Type.Object({ after: Type.Optional(Cursor), kinds: Type.Optional(Kinds), source: Type.Optional(Type.String()) });

/** SSE: a comment this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;
const STREAM_PAGE = 200;

function parseKinds(raw: string | undefined, known: readonly string[]): ChangeKind[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const kinds = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = kinds.find((k) => !known.includes(k));
  if (unknown) throw new AppError('INVALID_QUERY', { message: `Unknown kind "${unknown}": use ${known.join(', ')}`, path: 'querystring.kinds' });
  return kinds;
}

/**
 * This database did not hand out a cursor past its head: the numbers only grow, and
 * every replica reads the same committed head. The database was restored from a backup, or
 * the cursor belongs to another installation — say so instead of waiting forever.
 */
function checkNotAhead(after: number, head: number): void {
  if (after > head)
    throw new AppError('INVALID_CURSOR', {
      message: `The cursor ${after} is ahead of this feed (last change ${head}): was the database restored, or is this another installation?`,
    });
}

/** An AbortSignal that fires when the client goes away before the answer is sent. */
function closedSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}

/**
 * The changes feed over HTTP (docs/decisions/changes-feed.md, "The changes feed"): a page after a
 * cursor, optionally long-polled, and a Server-Sent Events stream resumable by
 * Last-Event-ID. Every entry's `cursor` is its commit-order number.
 */
export async function changesRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; timezone: string; hub: ChangeHub; decoder: WebhookDecoder },
): Promise<void> {
  const known = deps.decoder.kinds.list.map((k) => k.kind);
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  const tags = ['changes'];

  app.get(
    '/api/v1/changes',
    {
      schema: {
        tags,
        summary: 'Applied changes in commit order, after a cursor',
        description:
          'Follow `nextCursor` (always set; an empty page means caught up). With `wait`, an empty answer waits up to that many seconds for the next commit.',
        querystring: ChangesQuery,
        response: { 200: ChangePageSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter = { kinds: parseKinds(q.kinds, known), sourceId: q.source, limit: q.limit ?? 100 };
      let after = Number(q.after ?? 0);
      const deadline = Date.now() + (q.wait ?? 0) * 1000;
      const signal = q.wait ? closedSignal(reply) : undefined;
      // A long-poll is silent on its socket for up to `wait` seconds: give it that much
      // past the server's idle timeout (ONEC_SYNC_IDLE_TIMEOUT), which would otherwise cut
      // a 60-second wait at 60 seconds.
      if (q.wait) request.raw.setTimeout(Math.max(request.raw.socket?.timeout ?? 0, q.wait * 1000 + 15_000));
      let page: ChangePage;
      for (;;) {
        const generation = deps.hub.generation;
        page = await readChanges(db, { ...filter, after });
        checkNotAhead(after, page.head);
        after = page.nextCursor;
        const remaining = deadline - Date.now();
        if (page.changes.length > 0 || remaining <= 0 || signal?.aborted || deps.hub.isClosed) break;
        await deps.hub.wait(page.nextCursor, generation, remaining, signal);
      }
      return { items: await presentChanges(db, page.changes, deps.timezone, deps.decoder), nextCursor: String(page.nextCursor) };
    },
  );

  app.get(
    '/api/v1/changes/stream',
    {
      schema: {
        tags,
        summary: 'Server-Sent Events: every change as it commits',
        description: 'Each event is `event: change`, `id: <cursor>`, `data: <Change JSON>`. Reconnect with Last-Event-ID (or `after`) to resume.',
        querystring: StreamQuery,
        response: { 200: { description: 'text/event-stream of Change', content: { 'text/event-stream': { schema: ChangeSchema } } } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lastEventId = request.headers['last-event-id'];
      const resume = typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : q.after;
      if (resume !== undefined && !/^[0-9]{1,15}$/.test(resume))
        throw new AppError('INVALID_CURSOR', { message: 'Last-Event-ID must be a cursor from this feed' });
      const filter = { kinds: parseKinds(q.kinds, known), sourceId: q.source, limit: STREAM_PAGE };
      let after = Number(resume ?? 0);
      checkNotAhead(after, (await readChanges(db, { ...filter, after, limit: 1 })).head);
      const signal = closedSignal(reply);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = async (text: string) => {
        if (!raw.write(text))
          await new Promise<void>((resolve) => {
            raw.once('drain', resolve);
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
      };
      await send('retry: 2000\n\n');
      try {
        while (!signal.aborted && !deps.hub.isClosed) {
          const generation = deps.hub.generation;
          const page = await readChanges(db, { ...filter, after });
          after = page.nextCursor;
          if (page.changes.length > 0) {
            for (const change of await presentChanges(db, page.changes, deps.timezone, deps.decoder)) {
              await send(`event: change\nid: ${change.cursor}\ndata: ${JSON.stringify(change)}\n\n`);
            }
            continue;
          }
          await deps.hub.wait(page.nextCursor, generation, KEEP_ALIVE_MS, signal);
          if (deps.hub.generation === generation && !signal.aborted) await send(': keep-alive\n\n');
        }
      } catch (error) {
        request.log.warn({ err: error }, 'changes stream ended by an error');
      } finally {
        raw.end();
      }
    },
  );
}
