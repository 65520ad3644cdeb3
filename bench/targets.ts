/**
 * The processes under test and their databases: start a target as production starts it,
 * sample its CPU and memory, stop it, and open its database read-only for the checks.
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort } from '../test/helpers/free-port.js';
import { DIST_MAIN } from '../test/helpers/service-process.js';
import { ADMIN_TOKEN, CPU_PROF, env, ROOT } from './settings.js';

// ---------------------------------------------------------------- processes and databases

export type TargetKind = 'baseline' | 'framework' | 'per-request' | 'sqlite' | 'postgres';
/** The targets without a database: the bare baseline and the framework floor (a reference). */
export const isReference = (kind: TargetKind) => kind === 'baseline' || kind === 'framework' || kind === 'per-request';

export interface Target {
  kind: TargetKind;
  pid: number;
  baseUrl: string;
  databaseUrl: string | null;
  /** Peak resident set of the process so far (VmHWM), MB. */
  peakRssMb(): number;
  /** CPU the server has used so far, µs: the process (all threads), plus every PostgreSQL process for `postgres`. */
  serverCpuUs(): number;
  /** The service process's own CPU so far, by thread and the kernel's share (PostgreSQL's processes not included). */
  cpuSplit(): CpuSplit;
  stop(): Promise<void>;
}

export function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime and stime of a process or one of its threads, from its `stat` file, µs; zeros when it is gone. */
/** The fields of a /proc/<pid>/stat after the command name (the state is the first); null when it is gone. */
function statFields(statFile: string): string[] | null {
  try {
    return fs.readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return null;
  }
}

function cpuTimesUs(statFile: string): { user: number; system: number } {
  const fields = statFields(statFile);
  if (!fields) return { user: 0, system: 0 };
  return { user: (Number(fields[11]) * 1e6) / CLOCK_TICKS_PER_SECOND, system: (Number(fields[12]) * 1e6) / CLOCK_TICKS_PER_SECOND };
}

/** utime + stime of a process (all its threads), µs; 0 when it is gone. */
export function processCpuUs(pid: number | string): number {
  const { user, system } = cpuTimesUs(`/proc/${pid}/stat`);
  return user + system;
}

/**
 * CPU a process has used so far, µs, split three ways: its main thread (HTTP, decoding), its
 * other threads (the SQLite writer thread, V8's compiler and garbage-collector helpers) and,
 * across both, the kernel's share (system time: sockets, writes, fsync, waking threads).
 * Node has no per-thread CPU clock; /proc/<pid>/task/<tid>/stat has each thread's.
 */
export interface CpuSplit {
  mainUs: number;
  otherUs: number;
  kernelUs: number;
}

export function processCpuSplit(pid: number): CpuSplit {
  const split: CpuSplit = { mainUs: 0, otherUs: 0, kernelUs: 0 };
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return split;
  }
  for (const tid of tasks) {
    // A thread that ended meanwhile reads as zeros: its time is gone from the process's figures too.
    const { user, system } = cpuTimesUs(`/proc/${pid}/task/${tid}/stat`);
    if (Number(tid) === pid) split.mainUs += user + system;
    else split.otherUs += user + system;
    split.kernelUs += system;
  }
  return split;
}

/** The machine's CPU time so far, in clock ticks: all of it, and the part stolen by the hypervisor. */
export interface MachineTicks {
  total: number;
  steal: number;
}

/**
 * The machine's CPU time so far: all of it, and the part the hypervisor gave to other guests
 * while this one wanted to run (`steal`, the eighth field of /proc/stat's `cpu` line). On a
 * shared virtual machine that part varies from minute to minute, and a run that lost much of
 * it is slower for reasons of its own; null where /proc/stat has no steal.
 */
export function machineTicks(): MachineTicks | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    if (fields.length < 8) return null;
    // guest and guest_nice (fields 9, 10) are already counted in user and nice.
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7]! };
  } catch {
    return null;
  }
}

/**
 * CPU of the local PostgreSQL server's processes (backends, WAL writer, checkpointer), µs, so
 * far: the live ones, plus what the ones that have exited used. A backend that ends between
 * two readings (a pool closing a connection, a parallel worker) would otherwise take its
 * CPU out of the sum, and a run's figure could come out below zero; the postmaster reaps
 * them, and the kernel adds their times to its `cutime` and `cstime` (proc(5), fields 16
 * and 17), which only grow.
 */
export function postgresCpuUs(): number {
  const processes = new Map<string, { ppid: string; fields: string[] }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // exited meanwhile
    }
    const fields = statFields(`/proc/${entry}/stat`);
    if (fields) processes.set(entry, { ppid: fields[1]!, fields });
  }
  let ticks = 0;
  for (const { ppid, fields } of processes.values()) {
    ticks += Number(fields[11]) + Number(fields[12]);
    // The postmaster: the one postgres process whose parent is not one.
    if (!processes.has(ppid)) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
}

export async function waitReady(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within 60 s:\n${output()}`);
}

export async function startTarget(kind: TargetKind, databaseUrl: string | null): Promise<Target> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...env, PORT: String(port), HOST: '127.0.0.1' };
  let args: string[];
  if (kind === 'baseline') {
    args = ['--import', 'tsx', 'bench/baseline-server.ts'];
  } else if (kind === 'per-request') {
    // Its own SQLite file in the temp directory; it removes the file when stopped.
    Object.assign(childEnv, { DATABASE_FILE: `${os.tmpdir()}/per-request-${port}.db` });
    args = ['--import', 'tsx', 'bench/per-request-server.ts'];
  } else if (kind === 'framework') {
    args = ['--import', 'tsx', 'bench/framework-floor-server.ts'];
  } else {
    Object.assign(childEnv, {
      DATABASE_URL: databaseUrl!,
      ONEC_SYNC_ALLOW_UNSIGNED: 'true',
      ONEC_SYNC_ADMIN_TOKEN: ADMIN_TOKEN,
      ONEC_SYNC_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      // The deliveries scenario's receiver listens on 127.0.0.1.
      ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true',
    });
    args = [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []), DIST_MAIN, 'serve'];
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(baseUrl, child, () => tail);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    kind,
    pid,
    baseUrl,
    databaseUrl,
    peakRssMb: () => peakRssMb(pid),
    serverCpuUs: () => processCpuUs(pid) + (kind === 'postgres' ? postgresCpuUs() : 0),
    cpuSplit: () => processCpuSplit(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Read-only access to a service's database, for the correctness checks. */
export async function openCheck(databaseUrl: string): Promise<{ query<R>(sqlText: string): Promise<R[]>; close(): Promise<void> }> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    return { query: async <R>(q: string) => db.prepare(q).all() as R[], close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return { query: async <R>(q: string) => (await client.query(q)).rows as R[], close: () => client.end() };
}
