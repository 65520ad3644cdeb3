import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { counterparties, guid, planInvoice } from '../bench/years/data.js';
import { type GenerationFigures, generate } from '../bench/years/generate.js';
import { planSale, salePosted, saleTotalKop } from '../bench/years/sale-data.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/**
 * The "years" benchmark's data set (bench/years/): built through the ingestor and the
 * writer, the database must hold exactly what the plan says — every document once, its
 * later versions as updates, re-posts as `unchanged`, deletions, the refused bodies
 * journaled — or the benchmark measures something other than what it reports.
 */
const N = 1_200;
const PARTIES = 40;

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(text).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

for (const dialect of selectedDialects()) {
  describe(`years data set (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let db: { url: string; cleanup(): Promise<void> };
    let figures: GenerationFigures;
    let dir: string;
    const parties = counterparties(PARTIES);
    const plans = Array.from({ length: N }, (_, i) => planInvoice(i, N, parties));

    before(async () => {
      db = await freshDatabaseUrl(dialect);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'years-'));
      figures = await generate(
        db.url,
        N,
        () => {},
        () => 0,
        path.join(dir, 'progress'),
        PARTIES,
      );
    });
    after(async () => {
      await db?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('answers every post as the plan says', () => {
      const sum = (f: (p: (typeof plans)[number]) => number) => plans.reduce((s, p) => s + f(p), 0);
      const refused = plans.filter((p) => p.index % 500 === 250).length;
      assert.deepEqual(figures.results, {
        created: N + PARTIES,
        updated: sum((p) => p.versions - 1) + PARTIES / 10,
        unchanged: sum((p) => p.reposts),
        deleted: sum((p) => (p.deleted ? 1 : 0)),
        'http 400': refused,
      });
      assert.equal(figures.posts, N + PARTIES + sum((p) => p.versions - 1 + p.reposts + (p.deleted ? 1 : 0)) + refused + PARTIES / 10);
    });

    it('stores every invoice once, of its kind, at its last version, deleted when deleted', async () => {
      const rows = await query(db.url, 'select number, kind, version, deleted, position_count from invoices');
      assert.equal(rows.length, N);
      const byNumber = new Map(rows.map((r) => [r.number as string, r]));
      for (const plan of plans) {
        const row = byNumber.get(plan.number);
        assert.ok(row, plan.number);
        assert.equal(row.kind, plan.kind);
        assert.equal(Number(row.deleted) === 1 || row.deleted === true, plan.deleted, `${plan.number} deleted`);
        // A later version drops a position (the accountant's edit).
        assert.equal(Number(row.position_count), Math.max(1, plan.positionCount - (plan.versions - 1)), `${plan.number} positions`);
      }
      const incoming = plans.filter((p) => p.kind === 'incoming').length / N;
      assert.ok(incoming > 0.62 && incoming < 0.78, `incoming share ${incoming}`);
      assert.equal((await query(db.url, 'select id from clients')).length, PARTIES);
    });

    it('journals the refused bodies with their bytes, and a feed entry per applied change', async () => {
      const rejected = await query(db.url, "select count(*) as n from events where status = 'rejected' and body is not null");
      assert.equal(Number(rejected[0]!.n), figures.results['http 400']);
      const changes = await query(db.url, 'select count(*) as n from changes');
      const r = figures.results;
      assert.equal(Number(changes[0]!.n), r.created! + r.updated! + r.deleted!);
    });

    it("mints each journal id at its post's time, so the journal's time filters find the years", async () => {
      const events = await query(db.url, 'select id, received_at from events');
      assert.equal(events.length, figures.posts);
      for (const e of events) {
        const idTime = parseInt(String(e.id).replace(/-/g, '').slice(0, 12), 16);
        assert.equal(new Date(idTime).toISOString(), String(e.received_at), String(e.id));
      }
    });
  });
}

/**
 * The declared kind beside the invoices: sales written through the same path into the same
 * database, each stored once in `objects` at its last version, its counterparty a client's
 * GUID that resolves, its total the sum of its lines — or the sale list's figures are of
 * some other data.
 */
const SALES = 700;
const WITH_INVOICES = 150;

for (const dialect of selectedDialects()) {
  describe(`years data set with sales (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let db: { url: string; cleanup(): Promise<void> };
    let figures: GenerationFigures;
    let dir: string;
    const parties = counterparties(PARTIES);
    const invoices = Array.from({ length: WITH_INVOICES }, (_, i) => planInvoice(i, WITH_INVOICES, parties));
    const sales = Array.from({ length: SALES }, (_, i) => planSale(i, SALES, parties));

    before(async () => {
      db = await freshDatabaseUrl(dialect);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'years-sales-'));
      figures = await generate(
        db.url,
        WITH_INVOICES,
        () => {},
        () => 0,
        path.join(dir, 'progress'),
        PARTIES,
        SALES,
      );
    });
    after(async () => {
      await db?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('answers every invoice and sale post as the plans say', () => {
      const sum = <P>(list: P[], f: (p: P) => number) => list.reduce((s, p) => s + f(p), 0);
      assert.deepEqual(figures.results, {
        created: WITH_INVOICES + SALES + PARTIES,
        updated: sum(invoices, (p) => p.versions - 1) + sum(sales, (p) => p.versions - 1) + PARTIES / 10,
        unchanged: sum(invoices, (p) => p.reposts) + sum(sales, (p) => p.reposts),
        deleted: sum(invoices, (p) => (p.deleted ? 1 : 0)) + sum(sales, (p) => (p.deleted ? 1 : 0)),
        // A hundred and fifty invoices hold no refused body (one per 500).
      });
      assert.equal(figures.sales, SALES);
    });

    it('stores every sale once, at its last version: total, posting, deletion, its counterparty by GUID', async () => {
      const rows = await query(db.url, "select number, uuid, amount, posted, deleted, counterparty_uuid, date from objects where kind = 'sale'");
      assert.equal(rows.length, SALES);
      const byNumber = new Map(rows.map((r) => [r.number as string, r]));
      for (const plan of sales) {
        const row = byNumber.get(plan.number);
        assert.ok(row, plan.number);
        assert.equal(row.uuid, plan.uuid);
        assert.equal(Number(row.deleted) === 1 || row.deleted === true, plan.deleted, `${plan.number} deleted`);
        assert.equal(Math.round(Number(row.amount) * 100), saleTotalKop(plan, plan.versions), `${plan.number} total`);
        assert.equal(Number(row.posted), salePosted(plan, plan.versions) ? 1 : 0, `${plan.number} posted`);
        assert.equal(row.counterparty_uuid, guid(`client:${plan.counterparty.index}`));
        assert.ok(plan.lines.length >= 1 && plan.lines.length <= 20, `${plan.number} lines`);
      }
      // Every counterparty a sale names is a client of the base (its GUID resolves).
      const clients = new Set((await query(db.url, 'select uuid from clients')).map((r) => r.uuid as string));
      assert.ok(
        rows.every((r) => clients.has(r.counterparty_uuid as string)),
        'every counterparty is a stored client',
      );
      assert.ok(new Set(rows.map((r) => r.counterparty_uuid)).size > PARTIES / 2, 'many counterparties');
      const dates = rows.map((r) => String(r.date)).sort();
      assert.ok(dates[0]! < '2023-02-01' && dates.at(-1)! > '2025-11-01', `dates over three years: ${dates[0]} … ${dates.at(-1)}`);
      // The invoices are there too, beside them.
      assert.equal((await query(db.url, 'select id from invoices')).length, WITH_INVOICES);
    });
  });
}
