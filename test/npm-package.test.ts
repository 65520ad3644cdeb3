import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions, totalOf } from '../src/emulator/payload-builder.js';
import { freePort } from './helpers/free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const ADMIN = 'npm-package-admin-token-0123456789';

/**
 * The npm package as a user installs it: `npm pack` (prepack builds dist/), then in an
 * empty folder `npm install ./onec-sync-*.tgz --omit=dev` and `npx onec-sync serve` — no
 * TypeScript, no tsx, no compiler at run time — and a 1C webhook stored through it.
 *
 * Offline, from npm's cache (tests talk to 127.0.0.1 only), with two stand-ins for what a
 * connected machine fetches: the install folder gets a lockfile made of the package's own
 * npm-shrinkwrap.json (npm resolves a local tarball's dependencies from the registry's
 * metadata otherwise, which the cache lacks), and better-sqlite3's native binary comes from
 * a local prebuild folder (`npm_config_better_sqlite3_local_prebuilds`, prebuild-install's
 * option for machines without internet) packed from this checkout's build, instead of
 * GitHub. ONEC_SYNC_TEST_NATIVE_BUILD=1 leaves it out: better-sqlite3 then compiles from
 * source (python3, make, g++; ~1 min of CPU, 4 min on a busy 2-core machine).
 *
 * The install folder's package.json allows better-sqlite3's install script (`allowScripts`):
 * npm 12 blocks dependencies' install scripts unless the installing project allows them
 * (npm 11 warns), and without it better-sqlite3 has no binary (docs/operations.md).
 */
describe('the npm package', () => {
  let dir: string;
  let installDir: string;
  let child: ChildProcess | undefined;
  let stderr = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-package-'));
    installDir = path.join(dir, 'install');
    fs.mkdirSync(installDir);
  });
  after(async () => {
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group has exited
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('packs the build, the dashboard, the migrations and the 1C catalogue — no TypeScript sources', async () => {
    await run('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [tarball] = fs.readdirSync(dir).filter((f) => /^onec-sync-.*\.tgz$/.test(f));
    assert.ok(tarball, 'npm pack wrote the tarball');
    fs.renameSync(path.join(dir, tarball), path.join(installDir, tarball));
    const { stdout } = await run('tar', ['tzf', path.join(installDir, tarball)]);
    const files = stdout.split('\n').filter(Boolean);
    for (const wanted of [
      'package/bin/onec-sync.js',
      'package/dist/cli/main.js',
      'package/dist/ingest/thread-writer-worker.js',
      'package/dist/storage/migrations/001-initial.js',
      'package/dist/client/index.d.ts',
      'package/src/web/static/index.html',
      'package/src/bsl/platform/catalogue/platform-api.json',
      'package/npm-shrinkwrap.json',
    ]) {
      assert.ok(files.includes(wanted), `${wanted} is in the package`);
    }
    assert.deepEqual(
      files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
      [],
      'no TypeScript sources',
    );
    assert.ok(!fs.existsSync(path.join(ROOT, 'npm-shrinkwrap.json')), 'postpack removed the generated shrinkwrap');
  });

  it('installs without dev dependencies, offline', async () => {
    const [tarball] = fs.readdirSync(installDir).filter((f) => f.endsWith('.tgz'));
    const spec = `file:${tarball}`;
    fs.writeFileSync(
      path.join(installDir, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'onec-sync': spec }, allowScripts: { 'better-sqlite3': true } }, null, 2),
    );
    fs.writeFileSync(path.join(installDir, 'package-lock.json'), JSON.stringify(lockfileFor(tarball!, spec), null, 2));
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_nodedir: path.dirname(path.dirname(process.execPath)) };
    if (process.env.ONEC_SYNC_TEST_NATIVE_BUILD !== '1') env.npm_config_better_sqlite3_local_prebuilds = await localPrebuild(dir);
    await run('npm', ['install', `./${tarball}`, '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: installDir, env, maxBuffer: 64 * 1024 * 1024 });
    const installed = path.join(installDir, 'node_modules');
    assert.ok(fs.existsSync(path.join(installed, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')), 'better-sqlite3 has its binary');
    for (const devOnly of ['tsx', 'typescript', 'esbuild', '@types/node']) {
      assert.ok(!fs.existsSync(path.join(installed, devOnly)), `${devOnly} is not installed`);
    }
  });

  it('`npx onec-sync serve` runs the service, which stores a 1C webhook', async () => {
    const port = await freePort();
    child = spawn('npx', ['--no', 'onec-sync', 'serve'], {
      cwd: installDir,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${path.join(dir, 'data', 'onec-sync.db')}`,
        ONEC_SYNC_ALLOW_UNSIGNED: 'true',
        ONEC_SYNC_ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'warn',
      },
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, child, () => stderr);

    const positions = makePositions(2, 3);
    const body = writeOneCJson(
      incomingInvoiceBody({
        number: 'ПТ-NPM-1',
        date: '2024-04-01T09:00:00',
        counterparty: 'ТОВ «Пакунок»',
        edrpou: '32855961',
        total: totalOf(positions),
        positions,
      }),
      { bom: true },
    );
    const posted = await fetch(`${base}${webhookPath('incoming')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await posted.json()) as { result?: string; id?: string };
    assert.equal(posted.status, 200, JSON.stringify(answer));
    assert.equal(answer.result, 'created');
    const shown = await fetch(`${base}/api/v1/invoices/${answer.id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(((await shown.json()) as { number?: string }).number, 'ПТ-NPM-1');
    assert.equal((await fetch(`${base}/`)).status, 200, 'the dashboard is served');

    // npm exec does not hand SIGTERM on to the command it runs: signal the whole process
    // group, as a terminal's Ctrl-C or a service manager would. 'close' comes once every
    // holder of the stderr pipe — the service too — has exited.
    const closed = new Promise((r) => child!.once('close', r));
    process.kill(-child.pid!, 'SIGTERM');
    await closed;
    assert.doesNotMatch(stderr, /error/i, stderr);
  });
});

/**
 * The install folder's lockfile: the package from the tarball, its dependencies exactly as
 * its npm-shrinkwrap.json (this repository's package-lock.json) pins them, dev ones left out.
 */
function lockfileFor(tarball: string, spec: string) {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const own = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { dependencies: { 'onec-sync': spec } },
    'node_modules/onec-sync': {
      version: own.version,
      resolved: spec,
      license: own.license,
      dependencies: own.dependencies,
      bin: own.bin,
      engines: own.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key.startsWith('node_modules/') && !entry.dev && !entry.link) packages[key] = entry;
  }
  return { name: path.basename(tarball, '.tgz'), lockfileVersion: 3, requires: true, packages };
}

/** better-sqlite3's binary as prebuild-install names a downloaded prebuild, in a folder of its own. */
async function localPrebuild(dir: string): Promise<string> {
  const moduleDir = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  const folder = path.join(dir, 'prebuilds');
  fs.mkdirSync(folder);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', path.join(folder, name), '-C', moduleDir, 'build/Release/better_sqlite3.node']);
  return folder;
}

async function waitReady(base: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`onec-sync exited with ${child.exitCode}: ${stderr()}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`onec-sync did not become ready: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
