import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { SERVICE_ADMIN_TOKEN, type ServiceProcess, startServiceProcess } from './helpers/service-process.js';

/**
 * `npm start` runs the compiled build (dist/), not the TypeScript sources through tsx: no
 * loader threads, ~80 MB less memory (docs/decisions/storage-and-reads.md, "Compiled for production").
 * What differs between the two is where files are found — the writer thread's entry and
 * the dashboard's static files — so this starts the build on a SQLite file and goes
 * through both.
 */
describe('the compiled service (npm start)', () => {
  let dir: string;
  let service: ServiceProcess;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dist-'));
    service = await startServiceProcess(`sqlite:${path.join(dir, 'dist.db')}`);
  });
  after(async () => {
    await service?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores a 1C webhook through its writer thread and shows it', async () => {
    const positions = makePositions(3, 7);
    const bytes = writeOneCJson(
      incomingInvoiceBody({
        number: 'ПТ-DIST-1',
        date: '2024-04-01T09:00:00',
        counterparty: 'ТОВ «Збірка»',
        edrpou: '32855961',
        total: totalOf(positions),
        positions,
      }),
      { bom: true },
    );
    const posted = await fetch(`${service.baseUrl}${webhookPath('incoming')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    const answer = (await posted.json()) as { result?: string; id?: string };
    assert.equal(posted.status, 200, JSON.stringify(answer));
    assert.equal(answer.result, 'created');
    const shown = await fetch(`${service.baseUrl}/api/v1/invoices/${answer.id}`, { headers: { authorization: `Bearer ${SERVICE_ADMIN_TOKEN}` } });
    const invoice = (await shown.json()) as { number?: string; positions?: unknown[] };
    assert.equal(invoice.number, 'ПТ-DIST-1');
    assert.equal(invoice.positions?.length, 3);
  });

  it('serves the dashboard', async () => {
    const index = await fetch(`${service.baseUrl}/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<script type="module" src="\/assets\/app\.js"/);
    const script = await fetch(`${service.baseUrl}/assets/app.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    assert.equal(await service.stop(), 0, service.stderr());
  });
});
