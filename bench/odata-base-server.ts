/**
 * The 1C side of the `odata-load` scenario, in a process of its own (1C runs apart from the
 * service): the test OData server holding N sales with their goods lines and
 * counterparties. Prints its URL on the first line of stdout once it listens (with the number of goods lines); stops on SIGTERM.
 *
 * `node --import tsx bench/odata-base-server.ts <sales> <user> <password>`
 */
import { fillSalesBase } from '../test/helpers/odata-sales-base.js';
import { FakeOData } from '../test/helpers/odata-server.js';

const [count = '20000', user = 'odata', password = ''] = process.argv.slice(2);
const fake = new FakeOData({ user, password });
const sales = fillSalesBase(fake, Number(count));
const url = await fake.start();
process.stdout.write(`${url} ${sales.reduce((n, s) => n + s.lines.length, 0)}\n`);
process.on('SIGTERM', () => {
  void fake.close().then(() => process.exit(0));
});
