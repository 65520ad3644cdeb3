/**
 * Which codec for raw bodies at rest on SQLite: CPU per body (compress and decompress) vs
 * bytes, on 20-position incoming invoices written by the project's 1C payload builder
 * (BOM, CR LF, tabs, Cyrillic), each with its own positions. node:zlib only. CPU time of
 * this process (user + system), so other load on the machine does not count.
 *
 *   node --import tsx bench/body-codec.ts [bodies=2000]
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { incomingInvoiceBody } from '../src/emulator/payload-builder.js';
import { invoiceSpec, seedInvoiceBytes } from './scenarios.js';

const count = Number(process.argv[2] ?? 2000);
const bodies = Array.from({ length: count }, (_, i) =>
  writeOneCJson(incomingInvoiceBody(invoiceSpec(`ПТ-${String(i).padStart(6, '0')}`, 20, String(30000000 + (i % 97)), undefined, i + 1), 'classic'), {
    bom: true,
  }),
);
void seedInvoiceBytes;

type Codec = { name: string; pack(b: Buffer): Buffer; unpack(b: Buffer): Buffer };
const codecs: Codec[] = [
  ...[1, 3, 6].map((level) => ({ name: `deflateRaw ${level}`, pack: (b: Buffer) => deflateRawSync(b, { level }), unpack: (b: Buffer) => inflateRawSync(b) })),
  ...[1, 3, 4].map((q) => ({
    name: `brotli ${q}`,
    pack: (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: q, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }),
    unpack: (b: Buffer) => brotliDecompressSync(b),
  })),
];

/** CPU time (user + system), not wall time: on a shared machine the wall clock counts other processes' turns. */
const cpuUs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

const raw = bodies.reduce((n, b) => n + b.length, 0) / count;
console.log(`${count} bodies, ${raw.toFixed(0)} B each on average`);
console.log('codec          | bytes | ratio | compress µs | decompress µs');
for (const codec of codecs) {
  for (const b of bodies.slice(0, 200)) codec.unpack(codec.pack(b)); // warm up
  const packed: Buffer[] = [];
  let t = process.cpuUsage();
  for (const b of bodies) packed.push(codec.pack(b));
  const packUs = cpuUs(t) / count;
  t = process.cpuUsage();
  for (const p of packed) codec.unpack(p);
  const unpackUs = cpuUs(t) / count;
  const size = packed.reduce((n, p) => n + p.length, 0) / count;
  console.log(
    `${codec.name.padEnd(14)} | ${size.toFixed(0).padStart(5)} | ${(raw / size).toFixed(1).padStart(5)} | ${packUs.toFixed(1).padStart(11)} | ${unpackUs.toFixed(1).padStart(13)}`,
  );
}
