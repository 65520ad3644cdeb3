import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, outgoingInvoiceBody } from '../src/emulator/payload-builder.js';
import { allPages } from './helpers/all-pages.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, type TestService } from './helpers/test-service.js';

const invoice = (number: string, date: string, edrpou: string, n: number) =>
  receiptSpec(number, { date, edrpou, counterparty: `ТОВ «${edrpou}»`, positions: makePositions(1 + (n % 3), n) });

interface Summary {
  id: string;
  number: string;
  kind: string;
  date: string | null;
  counterparty: { edrpou: string; code: string | null };
}

for (const dialect of selectedDialects()) {
  describe(`one counterparty's invoices of both kinds, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect);
      // Two counterparties' invoices of both kinds, their dates interleaved across the kinds,
      // two on one date, and one with 1C's empty date.
      const dates = ['2025-02-03T09:00:00', '2025-01-20T12:00:00', '2025-02-03T09:00:00', '2024-12-31T23:59:59', '0001-01-01T00:00:00', '2025-03-01T08:00:00'];
      let n = 0;
      for (const edrpou of ['32855961', '14360570']) {
        for (const [i, date] of dates.entries()) {
          n++;
          const incoming = oneCBytes(incomingInvoiceBody(invoice(`В-${edrpou}-${i}`, date, edrpou, n)));
          assert.equal((await t.post(webhookPath('incoming'), incoming)).status, 200);
          const outgoing = oneCBytes(
            outgoingInvoiceBody({ ...invoice(`Р-${edrpou}-${i}`, dates[(i + 3) % dates.length]!, edrpou, n), clientCode: `К-${edrpou}` }),
          );
          assert.equal((await t.post(webhookPath('outgoing'), outgoing)).status, 200);
        }
      }
    });
    after(() => t?.close());

    it('lists them by ЄДРПОУ and by client code in the order of the whole list, page by page', async () => {
      const all: Summary[] = (await t.get('/api/v1/invoices?limit=200')).json.items;
      assert.equal(all.length, 24);
      assert.ok(
        all.some((i) => i.date === null),
        'an invoice with the empty date is in the list',
      );
      const expected = all.filter((i) => i.counterparty.edrpou === '32855961').map((i) => i.number);
      assert.equal(expected.length, 12);
      assert.deepEqual(new Set(expected.map((n) => n[0])), new Set(['В', 'Р']), 'both kinds');
      assert.deepEqual(await allPages(t, '/api/v1/invoices', 'edrpou=32855961', (e: Summary) => e.number), expected);
      const outgoing = all.filter((i) => i.kind === 'outgoing' && i.counterparty.code === 'К-14360570').map((i) => i.number);
      assert.equal(outgoing.length, 6);
      assert.deepEqual(await allPages(t, '/api/v1/invoices', `counterpartyCode=${encodeURIComponent('К-14360570')}`, (e: Summary) => e.number), outgoing);
      // The same counterparty with a kind, and by total: the paths that were one query already.
      assert.deepEqual(
        await allPages(t, '/api/v1/invoices', 'edrpou=32855961&kind=incoming', (e: Summary) => e.number),
        expected.filter((n) => n.startsWith('В')),
      );
      const byTotal: Summary[] = (await t.get('/api/v1/invoices?limit=200&sort=total')).json.items;
      assert.deepEqual(
        await allPages(t, '/api/v1/invoices', 'edrpou=32855961&sort=total', (e: Summary) => e.number),
        byTotal.filter((i) => i.counterparty.edrpou === '32855961').map((i) => i.number),
      );
    });
  });
}
