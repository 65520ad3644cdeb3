import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { webhookPath } from '../src/domain/kinds.js';
import { clientBody, incomingInvoiceBody, makePositions, outgoingInvoiceBody } from '../src/emulator/payload-builder.js';
import { allPages } from './helpers/all-pages.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const INCOMING = webhookPath('incoming');
const OUTGOING = webhookPath('outgoing');
const CLIENTS = webhookPath('client');

const receipt = (n: number) => receiptSpec(`ЖФ-${n}`, { date: `2025-04-0${1 + (n % 9)}T10:00:00`, positions: makePositions(2, n + 1) });

interface JournalEntry {
  id: string;
  receivedAt: string;
  status: string;
  endpoint: string;
  sourceId: string | null;
}

for (const dialect of selectedDialects()) {
  describe(`the journal's filters, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let journal: JournalEntry[];
    before(async () => {
      t = await startTestService(dialect);
      // Interleaved, so that no filter's rows sit together at one end of the journal.
      for (let n = 0; n < 6; n++) {
        assert.equal((await t.post(INCOMING, oneCBytes(incomingInvoiceBody(receipt(n))))).status, 200);
        if (n % 2 === 0) assert.equal((await t.post(OUTGOING, oneCBytes(outgoingInvoiceBody({ ...receipt(n + 10), clientCode: `К${n}` })))).status, 200);
        if (n % 3 === 0)
          assert.equal((await t.post(CLIENTS, oneCBytes(clientBody({ code: `К${n}`, name: `ТОВ «Клієнт ${n}»`, edrpou: '32855961' })))).status, 200);
        if (n % 2 === 1) assert.equal((await t.post(INCOMING, Buffer.from('{"Номер": '))).status, 400);
        if (n % 3 === 1) assert.equal((await t.post(INCOMING, oneCBytes(incomingInvoiceBody(receipt(n))))).json.result, 'unchanged');
      }
      journal = (await t.get('/api/v1/events?limit=200')).json.items;
    });
    after(() => t?.close());

    it('pages each filter alone and each pair exactly as filtering the whole journal would', async () => {
      assert.equal(journal.length, 16, '6 incoming, 3 outgoing, 2 clients, 3 refused, 2 unchanged');
      const endpoints = [...new Set(journal.map((e) => e.endpoint))];
      assert.equal(endpoints.length, 3, endpoints.join());
      const filters: [string, (e: JournalEntry) => boolean][] = [];
      for (const status of ['applied', 'rejected', 'unchanged']) filters.push([`status=${status}`, (e) => e.status === status]);
      for (const endpoint of endpoints) {
        filters.push([`endpoint=${endpoint}`, (e) => e.endpoint === endpoint]);
        filters.push([`endpoint=${endpoint}&status=rejected`, (e) => e.endpoint === endpoint && e.status === 'rejected']);
        filters.push([`endpoint=${endpoint}&status=applied`, (e) => e.endpoint === endpoint && e.status === 'applied']);
        filters.push([`endpoint=${endpoint}&source=default`, (e) => e.endpoint === endpoint && e.sourceId === 'default']);
        filters.push([
          `endpoint=${endpoint}&status=unchanged&source=default`,
          (e) => e.endpoint === endpoint && e.status === 'unchanged' && e.sourceId === 'default',
        ]);
      }
      filters.push(['status=rejected&source=default', (e) => e.status === 'rejected' && e.sourceId === 'default']);
      filters.push(['status=applied&source=default', (e) => e.status === 'applied' && e.sourceId === 'default']);
      filters.push(['source=default', (e) => e.sourceId === 'default']);
      filters.push(['source=src_nobody', () => false]);
      for (const [query, keep] of filters) {
        const expected = journal.filter(keep).map((e) => e.id);
        assert.deepEqual(await allPages(t, '/api/v1/events', query, (e: JournalEntry) => e.id), expected, query);
      }
    });

    it('keeps a time window exact with a filter, and the cursor inside it', async () => {
      // Entries of the same millisecond make an instant ambiguous: bound the window by the
      // first entry after a change of instant.
      const instants = [...new Set(journal.map((e) => e.receivedAt))];
      assert.ok(instants.length >= 6, 'the entries were received at distinct instants');
      const upper = instants[2]!;
      const lower = instants[instants.length - 3]!;
      const window = `receivedAfter=${encodeURIComponent(lower)}&receivedBefore=${encodeURIComponent(upper)}`;
      const inWindow = (e: JournalEntry) => e.receivedAt >= lower && e.receivedAt < upper;
      const incoming = journal.find((e) => e.status === 'rejected')!.endpoint;
      for (const [query, keep] of [
        [window, inWindow],
        [`${window}&endpoint=${incoming}`, (e: JournalEntry) => inWindow(e) && e.endpoint === incoming],
        [`${window}&status=applied`, (e: JournalEntry) => inWindow(e) && e.status === 'applied'],
        [`${window}&status=applied&endpoint=${incoming}`, (e: JournalEntry) => inWindow(e) && e.status === 'applied' && e.endpoint === incoming],
        [`receivedAfter=${encodeURIComponent(lower)}&status=rejected`, (e: JournalEntry) => e.receivedAt >= lower && e.status === 'rejected'],
        [`receivedBefore=${encodeURIComponent(upper)}&endpoint=${incoming}`, (e: JournalEntry) => e.receivedAt < upper && e.endpoint === incoming],
      ] as const) {
        const expected = journal.filter(keep).map((e) => e.id);
        assert.ok(expected.length > 0, `${query} selects something`);
        assert.ok(expected.length < journal.length, `${query} leaves something out`);
        assert.deepEqual(await allPages(t, '/api/v1/events', query, (e: JournalEntry) => e.id), expected, query);
      }
    });
  });
}
