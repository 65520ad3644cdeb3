import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody, type InvoiceSpec, incomingInvoiceBody, makePositions, outgoingInvoiceBody, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * The overview's counts are maintained by the write batches (migration 012), not counted
 * on read: after a mixed workload — creates, updates, deletes and revivals, requests
 * that are stale, duplicate, unchanged or rejected, a replay, many at once so batches
 * hold several jobs on one object — every maintained count equals count(*) of the rows.
 */
const INVOICES = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const CLIENTS = webhookPath('client');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

const spec = (number: string, seed: number, extra: Partial<InvoiceSpec> = {}): InvoiceSpec => {
  const positions = makePositions(2, seed);
  return { number, date: '2024-05-02T10:00:00', counterparty: 'ТОВ «Лічильник»', edrpou: '32855961', total: totalOf(positions), positions, ...extra };
};
const incoming = (s: InvoiceSpec, protocol: 'classic' | 'v2' = 'classic') => writeOneCJson(incomingInvoiceBody(s, protocol), { bom: true });
const outgoing = (s: InvoiceSpec) => writeOneCJson(outgoingInvoiceBody(s), { bom: true });
const client = (code: string, name: string, action?: 'delete', comment?: string) => writeOneCJson(clientBody({ code, name, action, comment }), { bom: true });

for (const dialect of selectedDialects()) {
  describe(`maintained counts on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let source: { sourceId: string; token: string };
    const as = (token: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra });
    const send = async (path: string, body: Buffer, extra: Record<string, string> = {}) => (await t.post(path, body, as(source.token, extra))).json;

    // A fixed week, not the wall clock's (a run across a Monday midnight would split it):
    // Wednesday 4 March 2026, noon in Kyiv; the week began Monday 2 March, 00:00 Kyiv (UTC+2).
    // Each reading of the clock moves it on a millisecond, so arrivals keep their order.
    let clock = Date.parse('2026-03-04T10:00:00Z');
    const WEEK_START_UTC = '2026-03-01T22:00:00.000Z';

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock++) });
      source = (await t.post('/api/v1/sources', JSON.stringify({ name: 'ТОВ Лічильник' }), ADMIN)).json;
    });
    after(() => t?.close());

    /** The maintained counts against a count of the rows themselves. */
    async function assertCountsMatchRows(): Promise<void> {
      const db = t.service.storage.db;
      const norm = (rows: Record<string, unknown>[]) =>
        rows
          .map((r) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || k === 'n' || k === 'live' || k === 'deleted' ? Number(v) : v])),
          )
          .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      const objects = await sql<Record<string, unknown>>`
        select kind, source_id, sum(case when deleted = 0 then 1 else 0 end) as live, sum(case when deleted = 0 then 0 else 1 end) as deleted from invoices group by kind, source_id
        union all
        select 'clients', source_id, sum(case when deleted = 0 then 1 else 0 end), sum(case when deleted = 0 then 0 else 1 end) from clients group by source_id`.execute(
        db,
      );
      const maintained = await sql<Record<string, unknown>>`select kind, source_id, live, deleted from object_counts where live <> 0 or deleted <> 0`.execute(
        db,
      );
      assert.deepEqual(norm(maintained.rows), norm(objects.rows), 'objects per kind and source');
      const events = await sql<Record<string, unknown>>`
        select substr(received_at, 1, 13) as period, endpoint, status, coalesce(source_id, '') as source_id, count(*) as n from events
        group by substr(received_at, 1, 13), endpoint, status, coalesce(source_id, '')
        union all
        select 'all', endpoint, status, coalesce(source_id, ''), count(*) from events group by endpoint, status, coalesce(source_id, '')`.execute(db);
      const counted = await sql<Record<string, unknown>>`select period, endpoint, status, source_id, n from event_counts`.execute(db);
      assert.deepEqual(norm(counted.rows), norm(events.rows), 'journal rows per hour, endpoint, status and source');

      const stats = (await t.get('/api/v1/stats')).json;
      const live = async (table: string, kind?: string) =>
        Number(
          (await sql<{ n: unknown }>`select count(*) as n from ${sql.table(table)} where deleted = 0 ${kind ? sql`and kind = ${kind}` : sql``}`.execute(db))
            .rows[0]!.n,
        );
      assert.deepEqual(
        // The classic kinds come first; the declared ones follow (test/kinds covers them).
        stats.kinds.slice(0, 3).map((k: any) => [k.kind, k.live]),
        [
          ['incoming', await live('invoices', 'incoming')],
          ['outgoing', await live('invoices', 'outgoing')],
          ['clients', await live('clients')],
        ],
      );
      const rejected = Number((await sql<{ n: unknown }>`select count(*) as n from events where status = 'rejected'`.execute(db)).rows[0]!.n);
      assert.equal(stats.rejected.total, rejected);
      const applied = Number(
        (
          await sql<{
            n: unknown;
          }>`select count(*) as n from events where status = 'applied' and endpoint = 'invoices' and received_at >= ${WEEK_START_UTC}`.execute(db)
        ).rows[0]!.n,
      );
      assert.equal(stats.weekStart, '2026-03-02');
      assert.equal(stats.kinds[0].week, applied, "the applied changes since this week's Monday, not the one of the week before");
    }

    it('equal count(*) after creates, updates, deletes, revivals, stale, duplicate and unchanged requests, some in one batch', async () => {
      // One change of the week before: counted live, not in this week.
      const thisWeek = clock;
      clock = Date.parse('2026-03-01T21:59:00Z');
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-0', 10)))).result, 'created');
      clock = thisWeek;
      // One turn of the event loop: the writer takes these as one batch (or a few).
      const results = await Promise.all([
        send(INVOICES, incoming(spec('ЛЧ-1', 1))),
        send(INVOICES, incoming(spec('ЛЧ-2', 2))),
        send(INVOICES, incoming(spec('ЛЧ-3', 3))),
        send(INVOICES, incoming(spec('ЛЧ-3', 3, { action: 'delete' }))),
        send(INVOICES, incoming(spec('ЛЧ-3', 4))),
        send(OUTGOING, outgoing(spec('ВР-1', 5))),
        send(CLIENTS, client('К-1', 'ТОВ «Перший»')),
        send(CLIENTS, client('К-2', 'ТОВ «Другий»')),
        send(CLIENTS, client('К-2', 'ТОВ «Другий»', 'delete')),
      ]);
      // The three requests for ЛЧ-3 (and the two for К-2) may reach the writer in any order.
      const [one, two, three, four, five, outgoingResult, k1, ...k2] = results.map((r) => r.result);
      assert.deepEqual([one, two, outgoingResult, k1], ['created', 'created', 'created', 'created']);
      for (const result of [three, four, five, ...k2]) assert.ok(['created', 'updated', 'deleted', 'unchanged'].includes(result), result);
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-1', 9)))).result, 'updated');
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-2', 2)))).result, 'unchanged');
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-2', 2, { action: 'delete' })))).result, 'deleted');
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-2', 2, { action: 'delete' })))).result, 'unchanged');
      const v2 = (n: string, extra: Partial<InvoiceSpec>) =>
        incoming(spec('ЛЧ-4', 6, { uuid: '7d1c6a52-1111-4b6e-9a7c-0c1d2e3f4a5b', eventNumber: n, ...extra }), 'v2');
      assert.equal((await send(INVOICES, v2('5', {}))).result, 'created');
      assert.equal((await send(INVOICES, v2('3', { action: 'delete' }))).result, 'stale');
      const once = { 'webhook-id': 'msg_counts_1' };
      const [a, b] = await Promise.all([send(INVOICES, incoming(spec('ЛЧ-5', 7)), once), send(INVOICES, incoming(spec('ЛЧ-5', 7)), once)]);
      assert.deepEqual([a.result, b.result].sort(), ['created', 'duplicate']);
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-5', 7)), once)).result, 'duplicate');
      assert.equal((await send(CLIENTS, client('К-2', 'ТОВ «Другий»', undefined, 'знову'))).result, 'updated');
      assert.equal((await send(CLIENTS, client('К-1', 'ТОВ «Перший»', 'delete'))).result, 'deleted');
      assert.equal((await send(CLIENTS, client('К-1', 'ТОВ «Перший»', undefined, 'знову'))).result, 'updated', 'a deleted client brought back');
      assert.equal((await send(INVOICES, incoming(spec('ЛЧ-2', 2)))).result, 'updated', 'a deleted invoice brought back');
      await assertCountsMatchRows();
    });

    it('equal count(*) after rejected requests and their replay', async () => {
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/disable`, '{}', ADMIN)).status, 200);
      const refused = await t.post(INVOICES, incoming(spec('ЛЧ-6', 8)), as(source.token));
      const refusedDelete = await t.post(INVOICES, incoming(spec('ЛЧ-1', 9, { action: 'delete' })), as(source.token));
      assert.deepEqual([refused.status, refusedDelete.status], [403, 403]);
      const broken = await t.post(INVOICES, '{"action": "update", "invoiceData": {', as(source.token));
      assert.equal(broken.status, 403);
      assert.equal((await t.post(`/api/v1/sources/${source.sourceId}/enable`, '{}', ADMIN)).status, 200);
      await assertCountsMatchRows();
      for (const r of [refused, refusedDelete]) {
        const replayed = await t.post(`/api/v1/events/${r.json.eventId}/replay`, '{}', ADMIN);
        assert.equal(replayed.status, 200, JSON.stringify(replayed.json));
      }
      const stats = (await t.get('/api/v1/stats')).json;
      assert.ok(stats.rejected.total >= 3);
      await assertCountsMatchRows();
    });
  });
}
