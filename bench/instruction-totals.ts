/**
 * Millions of instructions per request, per thread, from the dumps `ingest-instructions.ts`
 * leaves under callgrind with `--separate-threads=yes`:
 *
 *   node --import tsx bench/instruction-totals.ts /tmp/ingest.<pid>.out [requests=300]
 *
 * Each phase's dump is one file per thread (`<out>.<n>-<thread>`). Thread 01 is the main
 * thread (HTTP, decoding, the in-process client); the one whose dump names `sqlite3_step`
 * besides it is the SQLite writer thread; the rest are V8's helpers — the optimising
 * compiler and the garbage collector's. Those are real CPU, but at a few hundred requests
 * mostly the JIT warming up: they vary by half between identical runs, where the main
 * and writer threads' counts stay within a few per cent — compare changes on those.
 */
import fs from 'node:fs';
import path from 'node:path';

const [prefix, requestsArg] = process.argv.slice(2);
if (!prefix) throw new Error('usage: instruction-totals.ts <callgrind-out-file prefix> [requests]');
const requests = Number(requestsArg ?? 300);
const dir = path.dirname(prefix);
const base = path.basename(prefix);

const phases = new Map<string, { main: number; writer: number; helpers: number }>();
for (const file of fs.readdirSync(dir).filter((f) => f.startsWith(`${base}.`) && /-\d+$/.test(f))) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const phase = /^desc: Trigger: dump (\S+)/m.exec(text)?.[1];
  if (!phase) continue;
  const total = Number((/^totals: (\d+)/m.exec(text) ?? /^summary: (\d+)/m.exec(text))?.[1] ?? 0);
  const sums = phases.get(phase) ?? { main: 0, writer: 0, helpers: 0 };
  if (file.endsWith('-01')) sums.main += total;
  else if (text.includes('sqlite3_step')) sums.writer += total;
  else sums.helpers += total;
  phases.set(phase, sums);
}
const m = (n: number) => (n / requests / 1e6).toFixed(3);
for (const [phase, { main, writer, helpers }] of phases) {
  process.stdout.write(
    `${phase.padEnd(7)} main ${m(main)}  writer ${m(writer)}  main+writer ${m(main + writer)}  helpers ${m(helpers)}  total ${m(main + writer + helpers)} M/request\n`,
  );
}
