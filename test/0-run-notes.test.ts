import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { it } from 'node:test';
import { CHROMIUM } from './helpers/chromium.js';
import { postgresUnavailable, selectedDialects, TEST_DATABASE_URL } from './helpers/dialects.js';
import { MACHINE_NATS_URL } from './helpers/nats-server.js';
import { SEED_GUIDE } from './helpers/seed-guide.js';

/**
 * The first file of the run (its name sorts first): one warning block naming every part of the
 * suite this machine will leave out, and why, before any of it runs. Each skip is also announced
 * where it happens; under CI (CI=true) each is a failure there, not a skip.
 */
const tcpAnswers = (port: number, host: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });

it('names what this run leaves out, and why', async (t) => {
  const left: string[] = [];
  const dialects = selectedDialects();
  if (dialects.length < 2) left.push(`TEST_DIALECTS=${process.env.TEST_DIALECTS}: every storage suite runs on ${dialects.join(', ')} only`);
  else {
    const why = await postgresUnavailable();
    if (why) left.push(`the PostgreSQL half of every storage suite: nothing answers at ${TEST_DATABASE_URL} (${why})`);
  }
  if (!fs.existsSync(SEED_GUIDE)) left.push(`the seed-verbatim check (test/bsl/parser.test.ts): no setup guide at ${SEED_GUIDE}`);
  const hardLimit = Number(execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim());
  if (hardLimit < 10_500)
    left.push(`the 5,000-idle-connections test (test/hardening-server.test.ts): the descriptor hard limit is ${hardLimit}, it needs about 10,500`);
  if (process.getuid?.() !== 0) left.push('the disk-full tests (test/storage-full.test.ts): mounting a tmpfs needs root');
  if (!fs.existsSync(CHROMIUM)) left.push(`the browser tests (test/e2e/): no Chromium at ${CHROMIUM}`);
  const nats = new URL(MACHINE_NATS_URL.replace(/^nats:/, 'http:'));
  if (!(await tcpAnswers(Number(nats.port || 4222), nats.hostname)))
    left.push(`the NATS suite (test/nats-publish.test.ts): nothing answers at ${MACHINE_NATS_URL}`);

  if (left.length === 0) {
    t.diagnostic('this run leaves nothing out');
    return;
  }
  const lines = [
    `*** THIS RUN LEAVES OUT ${left.length} PART(S) OF THE SUITE${process.env.CI === 'true' ? ' (CI: each fails where it runs)' : ''}: ***`,
    ...left.map((l) => `***   ${l}`),
  ];
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  for (const l of left) t.diagnostic(`LEFT OUT: ${l}`);
});
