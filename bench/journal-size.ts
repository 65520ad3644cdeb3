/**
 * Bytes per journaled request on SQLite, with and without compressed bodies at rest, and
 * the writer's CPU per body for compressing (docs/operations.md, "Bounded growth").
 *
 *   node --import tsx bench/journal-size.ts [changes=10000] [reposts=2000] [rejected=2000]
 *
 * For each variant, a fresh SQLite file and the service in this process (writer `inline`,
 * so the variant's switch below reaches it; the bytes written are the same on the writer
 * thread), fed through Fastify's inject in groups of 64 (group commits as under load):
 * 1. `changes` new 20-position incoming invoices (the payload builder's 1C bytes: BOM, CR LF,
 *    tabs; each invoice its own positions), each a created change;
 * 2. `reposts` re-posts of the same bytes (`unchanged`, journaled as a pointer to the body);
 * 3. `rejected` requests refused for an impossible date (journaled with their whole body);
 * 4. `reposts` re-posts of created invoices' content in other bytes (no BOM): `unchanged`,
 *    each with a body of its own — then prune (everything older than now) removes those.
 * After each phase the WAL is checkpointed and the file measured; the table shows bytes per
 * request of each phase, and the process's CPU (user + system, every thread) per change
 * request of phase 1 — the whole pipeline through inject, so the codec's share is the
 * difference. "uncompressed" switches compression off in the SQLite dialect object
 * for that run only — what the journal stored before migration 013.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { loadConfig } from '../src/config/load-config.js';
import { createService } from '../src/create-service.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody } from '../src/emulator/payload-builder.js';
import { convertOldBodies, pruneJournal } from '../src/ingest/journal-maintenance-scheduler.js';
import { compressBody } from '../src/storage/body-codec.js';
import { sqliteSupport } from '../src/storage/dialects/sqlite-dialect.js';
import { invoiceSpec } from './scenarios.js';

const [changes = 10_000, reposts = 2_000, rejected = 2_000] = process.argv.slice(2).map(Number);
const PATH = webhookPath('incoming');
const body = (i: number, date?: string) =>
  writeOneCJson(incomingInvoiceBody(invoiceSpec(`ПТ-${String(i).padStart(8, '0')}`, 20, String(30_000_000 + (i % 997)), date, i + 1), 'classic'), {
    bom: true,
  });

async function run(compress: boolean) {
  (sqliteSupport as { compressesBodies: boolean }).compressesBodies = compress;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-size-'));
  const file = path.join(dir, 'size.db');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${file}`,
    ONEC_SYNC_ALLOW_UNSIGNED: 'true',
    ONEC_SYNC_SQLITE_WRITER: 'inline',
    ONEC_SYNC_RATE_LIMIT: '0',
    LOG_LEVEL: 'silent',
  });
  const service = await createService(config);
  const size = async () => {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(service.storage.db);
    return fs.statSync(file).size;
  };
  const send = async (count: number, make: (i: number) => Buffer, expect: number) => {
    for (let start = 0; start < count; start += 64) {
      const group = Array.from({ length: Math.min(64, count - start) }, (_, k) =>
        service.app.inject({ method: 'POST', url: PATH, payload: make(start + k), headers: { 'content-type': 'application/json' } }),
      );
      for (const res of await Promise.all(group)) if (res.statusCode !== expect) throw new Error(`${res.statusCode}: ${res.body}`);
    }
  };
  const empty = await size();
  const bodies = Array.from({ length: changes }, (_, i) => body(i));
  const cpu0 = process.cpuUsage();
  await send(changes, (i) => bodies[i]!, 200);
  const cpu = process.cpuUsage(cpu0);
  const afterChanges = await size();
  const same = body(0);
  await send(reposts, () => same, 200);
  const afterReposts = await size();
  await send(rejected, (i) => body(changes + i, '2024-02-30T10:00:00'), 400);
  const afterRejected = await size();
  // Re-posts of the same content in other bytes (no BOM): `unchanged`, each with its own body — what prune removes.
  const other = (i: number) =>
    writeOneCJson(incomingInvoiceBody(invoiceSpec(`ПТ-${String(i).padStart(8, '0')}`, 20, String(30_000_000 + (i % 997)), undefined, i + 1), 'classic'), {
      bom: false,
    });
  await send(reposts, (i) => other(i % changes), 200);
  const afterOtherBytes = await size();
  const pruneStarted = Date.now();
  const pruned = await pruneJournal(service.writer, new Date(Date.now() + 1000));
  const pruneMs = Date.now() - pruneStarted;
  let conversion: { steps: number; converted: number; msPerStep: number; cpuMsPerStep: number } | undefined;
  if (!compress) {
    // The journal as an older version left it, converted as the service does after migration 013.
    (sqliteSupport as { compressesBodies: boolean }).compressesBodies = true;
    const until = (await sql<{ id: string }>`select max(id) as id from events`.execute(service.storage.db)).rows[0]!.id;
    await service.storage.db
      .insertInto('maintenance_tasks')
      .values({ name: 'compress-bodies', cursor: '', until_id: until, updated_at: new Date().toISOString(), done_at: null })
      .execute();
    const started = Date.now();
    const cpu1 = process.cpuUsage();
    const total = await convertOldBodies(service.writer, { info() {}, warn() {} }, { pauseMs: 0 });
    const used = process.cpuUsage(cpu1);
    conversion = {
      steps: total.steps,
      converted: total.converted,
      msPerStep: (Date.now() - started) / total.steps,
      cpuMsPerStep: (used.user + used.system) / 1000 / total.steps,
    };
  }
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    change: (afterChanges - empty) / changes,
    repost: (afterReposts - afterChanges) / reposts,
    rejected: (afterRejected - afterReposts) / rejected,
    otherBytes: (afterOtherBytes - afterRejected) / reposts,
    pruned: { ...pruned, ms: pruneMs },
    total: afterRejected,
    cpuPerChange: (cpu.user + cpu.system) / changes,
    conversion,
  };
}

const sample = Array.from({ length: 2000 }, (_, i) => body(i));
for (const b of sample.slice(0, 200)) compressBody(b);
// CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
const t0 = process.cpuUsage();
let packed = 0;
for (const b of sample) packed += compressBody(b)!.body.length;
const cpu = process.cpuUsage(t0);
const usPerBody = (cpu.user + cpu.system) / sample.length;
const raw = sample.reduce((n, b) => n + b.length, 0) / sample.length;
console.log(
  `body: ${raw.toFixed(0)} B raw → ${(packed / sample.length).toFixed(0)} B stored; compress ${usPerBody.toFixed(1)} µs per body (writer CPU added per request)`,
);

const before = await run(false);
const after = await run(true);
console.log(`${changes} changes, ${reposts} re-posts, ${rejected} rejected; bytes of database file per request:`);
console.log('variant       | per change | per re-post | per rejected | file      | CPU µs per change request');
for (const [name, r] of [
  ['uncompressed', before],
  ['compressed', after],
] as const) {
  console.log(
    `${name.padEnd(13)} | ${r.change.toFixed(0).padStart(10)} | ${r.repost.toFixed(0).padStart(11)} | ${r.rejected.toFixed(0).padStart(12)} | ${(r.total / 1048576).toFixed(1).padStart(5)} MiB | ${r.cpuPerChange.toFixed(0)}`,
  );
}
console.log(`per change: ${((after.change / before.change) * 100).toFixed(0)} % of before`);
for (const [name, r] of [
  ['uncompressed', before],
  ['compressed', after],
] as const) {
  console.log(
    `${name}: a re-post in other bytes ${r.otherBytes.toFixed(0)} B; prune removed ${r.pruned.rows} bodies, ${r.pruned.bytes} B as stored, in ${r.pruned.ms} ms`,
  );
}
const c = before.conversion!;
console.log(
  `background conversion of the uncompressed journal: ${c.converted} bodies in ${c.steps} steps of 500 rows, ${c.msPerStep.toFixed(0)} ms (${c.cpuMsPerStep.toFixed(0)} ms CPU) per step`,
);
