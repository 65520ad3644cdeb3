/**
 * The initial upload through the interpreted 1C sender: a base of N receipts (loaded as a data
 * exchange would, so nothing is queued while loading), then the generated common module's
 * ЗапланироватьВыгрузку("receipt") queues them all and the scheduled job ОтправитьОчередь runs
 * until the outbox is empty — every request built, signed (HMAC in BSL) and sent by the BSL
 * runtime into the service over HTTP. Prints the time to queue, the time to send and the rate.
 *
 * Run alone: BENCH_ONLY=backfill BENCH_BACKFILL_DOCS=10000 npm run bench
 */
import type { Clock } from '../src/bsl/runtime/host-api.js';
import { BslDate, num } from '../src/bsl/runtime/values.js';
import { InstalledBase } from '../src/emulator/installed-base.js';

export interface BackfillFigures {
  documents: number;
  loadSeconds: number;
  queueSeconds: number;
  sendSeconds: number;
  documentsPerSecond: number;
  jobRuns: number;
  left: number;
}

const realClock: Clock = { nowUtcMs: () => Date.now(), offsetMinutes: () => 120 };

export async function runtimeBackfill(baseUrl: string, adminToken: string, documents: number, log: (line: string) => void): Promise<BackfillFigures> {
  const created = await fetch(`${baseUrl}/api/v1/sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name: 'backfill bench' }),
  });
  if (created.status !== 201) throw new Error(`creating a source: HTTP ${created.status} ${await created.text()}`);
  const { sourceId, secret } = (await created.json()) as { sourceId: string; secret: string };
  // The signature's timestamp must be the service's time: the base runs on the real clock.
  const ib = await InstalledBase.create({
    bsl: { url: baseUrl, sourceId, auth: { kind: 'secret', secret } },
    style: 'extension',
    platformVersion: '8.3.24.1500',
    clock: realClock,
  });

  const loadStarted = Date.now();
  const ctx = ib.base.context();
  const catalog = async (table: string, name: string, code?: string) => {
    const o = ib.create(table);
    o.dataExchange.load = true;
    o.setProperty('Наименование', name);
    if (code) o.setProperty('Код', code);
    await o.write(ctx);
    return o.ref;
  };
  const uah = await catalog('Справочник.Валюты', 'грн', '980');
  const item = await catalog('Справочник.Номенклатура', 'Папір А4');
  const clients = [];
  for (let k = 0; k < 50; k++) clients.push(await catalog(ib.clientTable, `ТОВ "Постачальник ${k + 1}"`));
  for (let k = 0; k < documents; k++) {
    const o = ib.create(ib.tableOf('receipt'));
    o.dataExchange.load = true;
    o.setProperty('Дата', BslDate.of(2024, 1 + (k % 12), 1 + (k % 28), 9, k % 60));
    o.setProperty(ib.names.counterparty, clients[k % clients.length]!);
    o.setProperty('ВалютаДокумента', uah);
    const quantity = num(1 + (k % 17));
    o.section(ib.names.goodsTable).add({ Номенклатура: item, Количество: quantity, Цена: num('12.50'), Сумма: quantity.times('12.50') });
    o.setProperty('СуммаДокумента', quantity.times('12.50'));
    await o.write(ctx);
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  log(`  loaded ${documents} receipts (ОбменДанными.Загрузка, nothing queued) in ${loadSeconds.toFixed(1)} s`);

  const queueStarted = Date.now();
  const queued = await ib.backfill('receipt');
  const queueSeconds = (Date.now() - queueStarted) / 1000;
  log(`  ЗапланироватьВыгрузку("receipt") queued ${queued} in ${queueSeconds.toFixed(1)} s`);

  const sendStarted = Date.now();
  let jobRuns = 0;
  while (ib.queue().length > 0 && jobRuns < 10_000) {
    const before = ib.queue().length;
    await ib.runJob();
    jobRuns++;
    const after = ib.queue().length;
    log(`  job run ${jobRuns}: sent ${before - after}, left ${after} (${((Date.now() - sendStarted) / 1000).toFixed(1)} s)`);
    if (after === before) break;
  }
  const sendSeconds = (Date.now() - sendStarted) / 1000;
  const left = ib.queue().length;
  const figures = { documents, loadSeconds, queueSeconds, sendSeconds, documentsPerSecond: (documents - left) / sendSeconds, jobRuns, left };
  log(
    `  sent ${documents - left} receipts in ${sendSeconds.toFixed(1)} s: ${figures.documentsPerSecond.toFixed(1)} documents/s through the interpreted sender (${jobRuns} job runs; left ${left})`,
  );
  return figures;
}
