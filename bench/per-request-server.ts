/**
 * A peer, not a target: what a hand-written handler does per request with no group commit —
 * `node:http`, read the body, strip the BOM, `JSON.parse`, then ONE durable SQLite
 * transaction per request (WAL, `synchronous=FULL`, like the service): a journal row with the
 * raw bytes and an upsert of the document by its number. The service's unique-invoice rate
 * is compared with it in the same run (target: at least twice its rate).
 * Run: `PORT=… DATABASE_FILE=… node --import tsx bench/per-request-server.ts`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

const file = process.env.DATABASE_FILE ?? path.join(os.tmpdir(), `per-request-${process.pid}.db`);
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`create table if not exists journal (id text primary key, received_at text not null, body blob not null);
  create table if not exists documents (number text primary key, body_id text not null, total text, updated_at text not null);`);
const journal = db.prepare('insert into journal (id, received_at, body) values (?, ?, ?)');
const upsert = db.prepare(
  'insert into documents (number, body_id, total, updated_at) values (?, ?, ?, ?) on conflict (number) do update set body_id = excluded.body_id, total = excluded.total, updated_at = excluded.updated_at',
);
const store = db.transaction((id: string, now: string, body: Buffer, number: string, total: string) => {
  journal.run(id, now, body);
  upsert.run(number, id, total, now);
});

const server = http.createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let data: { invoiceData?: { НомерДокумента?: string; СуммаДокумента?: unknown } };
    try {
      data = JSON.parse(text);
    } catch {
      return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"bad json"}');
    }
    const id = randomUUID();
    store(id, new Date().toISOString(), body, String(data.invoiceData?.НомерДокумента ?? ''), String(data.invoiceData?.СуммаДокумента ?? ''));
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"status":"ok","id":"${id}"}`);
  });
});
server.listen(Number(process.env.PORT ?? 8092), process.env.HOST ?? '127.0.0.1', () => process.stdout.write('per-request peer listening\n'));
process.on('SIGTERM', () =>
  server.close(() => {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    process.exit(0);
  }),
);
