import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The admin token every process started here accepts (read API, dashboard). */
export const SERVICE_ADMIN_TOKEN = 'service-process-admin-token-0123456789';

/** The compiled entry `npm start` runs (after `npm run build`). */
export const DIST_MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

let built: Promise<void> | undefined;

/**
 * `npm run build` (tsc -p tsconfig.build.json → dist/) once per test file, so the process a
 * test starts is the one production runs, compiled from the sources under test.
 */
export function buildProduction(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  }).then(() => undefined);
  return built;
}

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Settles with the signal or exit code. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** The last 4,000 characters the process wrote to stderr. */
  stderr(): string;
  /** The last 64,000 characters the process wrote to stdout (its log lines). */
  stdout(): string;
  /** SIGTERM, then wait for the exit (a graceful shutdown). */
  stop(): Promise<NodeJS.Signals | number | null>;
}

/**
 * `onec-sync serve` as production runs it — the compiled build, its own process, a real
 * socket on 127.0.0.1 — on `databaseUrl`, in open mode with an admin token; resolves once
 * `/readyz` answers 200. `env` adds to or overrides the environment.
 */
export async function startServiceProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  await buildProduction();
  const port = await freePort();
  const child = spawn(process.execPath, [DIST_MAIN, 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ONEC_SYNC_ALLOW_UNSIGNED: 'true',
      ONEC_SYNC_ADMIN_TOKEN: SERVICE_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-64_000);
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    baseUrl,
    exited,
    stderr: () => stderr,
    stdout: () => stdout,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
