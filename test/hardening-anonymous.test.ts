import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { referenceSign } from './helpers/reference-sign.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

/**
 * An anonymous client must not fill the disk: a request from no known source keeps its
 * metadata, size, SHA-256 and first bytes only; its address is limited; what such requests
 * add to the journal is capped per hour; open mode's anonymous traffic has its own bucket.
 */
const INVOICES = webhookPath('incoming');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const MiB = 1024 * 1024;

function invoice(number: string, positions = 30): Buffer {
  const list = makePositions(positions);
  return writeOneCJson(
    incomingInvoiceBody({ number, date: '2025-05-06T11:00:00', counterparty: 'ТОВ Анонім', edrpou: '32855961', total: totalOf(list), positions: list }),
    { bom: true },
  );
}

/** A 16 MiB post as an attacker sends it: a JSON-looking start, then padding. */
function sixteenMiB(seed: number): Buffer {
  const body = Buffer.alloc(16 * MiB, 0x20);
  body.write(`{"action":"update","invoiceData":{"НомерДокумента":"${seed}","pad":"`, 'utf8');
  body.write('"}}', body.length - 3, 'utf8');
  return body;
}

/** Bytes the database holds: the SQLite file and its WAL, or PostgreSQL's relation sizes. */
async function databaseBytes(t: TestService): Promise<number> {
  if (t.databaseUrl.startsWith('sqlite:')) {
    const file = t.databaseUrl.slice('sqlite:'.length);
    return [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  }
  const { rows } = await sql<{
    bytes: string;
  }>`select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'm')`.execute(
    t.service.storage.db,
  );
  return Number(rows[0]!.bytes);
}

for (const dialect of selectedDialects()) {
  describe(`requests from no known source on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let clock = Date.parse('2026-04-01T08:00:00Z');
    let source: { sourceId: string; secret: string; token: string };
    const signed = (body: Buffer, id: string, timestamp = Math.floor(clock / 1000)) => ({
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': referenceSign(source.secret, id, timestamp, body),
    });

    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false' }, { now: () => new Date(clock) });
      const created = await fetch(`${t.baseUrl}/api/v1/sources`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'ТОВ Відома' }) });
      source = (await created.json()) as typeof source;
    });
    after(() => t?.close());

    it('journals ten anonymous 16 MiB posts in a few kilobytes, and limits the eleventh from the same address unread', async (ctx) => {
      const before = await databaseBytes(t);
      const ids: string[] = [];
      const first = sixteenMiB(0);
      for (let i = 0; i < 10; i++) {
        const body = i === 0 ? first : sixteenMiB(i);
        const res = await t.post(INVOICES, body, { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' });
        assert.equal(res.status, 401, JSON.stringify(res.json));
        assert.equal(res.json.error.code, 'AUTH_MISSING');
        assert.equal(res.json.error.retry, false);
        ids.push(res.json.eventId);
      }
      const grown = (await databaseBytes(t)) - before;
      ctx.diagnostic(`ten 16 MiB anonymous posts grew the database by ${grown} bytes`);
      assert.ok(grown < 3 * MiB, `ten 16 MiB anonymous posts grew the database by ${grown} bytes`);

      const event = (await t.get(`/api/v1/events/${ids[0]}`)).json;
      assert.equal(event.status, 'rejected');
      assert.equal(event.sourceId, null);
      assert.equal(event.remoteAddr, '127.0.0.1');
      assert.equal(event.headers['user-agent'], 'curl/8.5.0');
      assert.equal(event.bodySize, 16 * MiB, 'the size is kept');
      assert.equal(event.bodyStored, 'prefix');
      assert.equal(event.bodyTruncated, true);
      assert.equal(event.bodySha256, createHash('sha256').update(first).digest('hex'), 'the hash of every byte is kept');
      assert.deepEqual(Buffer.from(event.bodyBase64, 'base64'), first.subarray(0, 1024), 'the first bytes are kept');
      assert.equal(event.bodyUrl, null);

      const eleventh = await t.post(INVOICES, sixteenMiB(11), { 'content-type': 'application/json' });
      assert.equal(eleventh.status, 429);
      assert.equal(eleventh.json.error.code, 'RATE_LIMITED');
      assert.equal(eleventh.json.error.retry, true);
      assert.ok(Number(eleventh.headers.get('retry-after')) >= 1);
      assert.equal(eleventh.json.eventId, undefined, 'a limited request is not journaled');
      // The address is refused before anything is read: even valid credentials wait.
      const body = invoice('AN-1');
      assert.equal((await t.post(INVOICES, body, signed(body, 'msg_an1'))).status, 429);

      clock += 61_000;
      const refilled = await t.post(INVOICES, body, signed(body, 'msg_an1'));
      assert.equal(refilled.status, 200, 'the address may send again once its rate refills');
      assert.equal(refilled.json.result, 'created');
    });

    it("keeps only a digest of a wrong signature or token, and the whole body of a known source's refusal (replayable)", async () => {
      clock += 61_000;
      const body = invoice('AN-2');
      assert.ok(body.length > 4096);
      const forged = await t.post(INVOICES, body, {
        ...signed(body, 'msg_an2'),
        'webhook-signature': referenceSign(`whsec_${Buffer.alloc(32, 3).toString('base64')}`, 'msg_an2', Math.floor(clock / 1000), body),
      });
      assert.equal(forged.json.error.code, 'AUTH_BAD_SIGNATURE');
      const forgedEvent = (await t.get(`/api/v1/events/${forged.json.eventId}`)).json;
      assert.equal(forgedEvent.bodyStored, 'prefix');
      assert.equal(forgedEvent.webhookId, 'msg_an2', 'the webhook-id is kept');
      assert.equal(forgedEvent.bodySha256, createHash('sha256').update(body).digest('hex'));

      const late = await t.post(INVOICES, body, signed(body, 'msg_an3', Math.floor(clock / 1000) - 3600));
      assert.equal(late.json.error.code, 'AUTH_TIMESTAMP_OUT_OF_WINDOW');
      const lateEvent = (await t.get(`/api/v1/events/${late.json.eventId}`)).json;
      assert.equal(lateEvent.sourceId, source.sourceId);
      assert.equal(lateEvent.bodyStored, 'full');
      assert.deepEqual(Buffer.from(lateEvent.bodyBase64, 'base64'), body);
      const replay = await fetch(`${t.baseUrl}/api/v1/events/${late.json.eventId}/replay`, { method: 'POST', headers: ADMIN, body: '{}' });
      assert.equal(((await replay.json()) as any).body.result, 'created');
    });
  });

  describe(`the hourly journal budget and the body limit for unknown senders on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let clock = Date.parse('2026-04-01T08:10:00Z');
    before(async () => {
      t = await startTestService(
        dialect,
        { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_ANON_RATE_LIMIT: '0', ONEC_SYNC_ANON_JOURNAL_BYTES_PER_HOUR: '6000', ONEC_SYNC_BODY_LIMIT: '65536' },
        { now: () => new Date(clock) },
      );
    });
    after(() => t?.close());

    const rejectedCount = async () => (await t.get('/api/v1/events?status=rejected&limit=500')).json.items.length;

    it("journals anonymous refusals until the hour's budget is used, then only answers them; the next hour journals again", async () => {
      const outcomes: Array<string | undefined> = [];
      for (let i = 0; i < 8; i++) {
        const res = await t.post(INVOICES, invoice(`BU-${i}`));
        assert.equal(res.status, 401);
        outcomes.push(res.json.eventId);
      }
      const journaled = outcomes.filter(Boolean).length;
      assert.ok(journaled >= 1 && journaled < 8, `journaled ${journaled} of 8 within a 6,000-byte budget`);
      assert.equal(outcomes.slice(journaled).filter(Boolean).length, 0, 'once over, nothing more this hour');
      assert.equal(await rejectedCount(), journaled);
      clock += 3600_000;
      const next = await t.post(INVOICES, invoice('BU-next'));
      assert.ok(next.json.eventId, 'a new hour, a new budget');
    });

    it('refuses an anonymous body over the limit with 413 without keeping it', async () => {
      clock += 3600_000;
      const big = Buffer.alloc(100_000, 0x20);
      const res = await t.post(INVOICES, big, { 'content-type': 'application/json' });
      assert.equal(res.status, 413);
      const event = (await t.get(`/api/v1/events/${res.json.eventId}`)).json;
      assert.equal(event.bodyStored, 'none');
      assert.equal(event.bodySize, 100_000);
    });
  });

  describe(`open mode's anonymous traffic on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'true', ONEC_SYNC_RATE_LIMIT: '3', ONEC_SYNC_TOKEN: 'ost_default-source-token' });
    });
    after(() => t?.close());

    it("has a rate bucket of its own: it cannot starve the default source's real token", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.post(INVOICES, invoice(`OP-${i}`, 1))).status);
      // ONEC_SYNC_RATE_LIMIT=3: three a minute, then refused.
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      const real = await t.post(INVOICES, invoice('OP-real', 1), { 'content-type': 'application/json', authorization: 'Bearer ost_default-source-token' });
      assert.equal(real.status, 200, JSON.stringify(real.json));
      assert.equal((await t.get(`/api/v1/events/${real.json.eventId}`)).json.sourceId, 'default');
    });
  });
}
