/** The bench's settings, read from the environment once (bench/README.md, "Settings"). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = path.join(ROOT, 'bench', 'results');
export const env = process.env;
export const DURATION = Number(env.BENCH_DURATION ?? 8);
export const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
export const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
export const SWEEP_DURATION = Number(env.BENCH_SWEEP_DURATION ?? 3);
export const WARMUP = Number(env.BENCH_WARMUP ?? 1);
export const READ_COUNT = Number(env.BENCH_READ_COUNT ?? 200_000);
export const ONLY = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
export const CPU_PROF = env.BENCH_CPU_PROF ? path.resolve(env.BENCH_CPU_PROF) : null;
/** A SQLite file kept for the read runs: filled once, then re-used by later runs (no 2-minute load). */
export const READ_DB = env.BENCH_READ_DB ? path.resolve(env.BENCH_READ_DB) : null;
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const wanted = (key: string) => !ONLY || ONLY.has(key);
export const log = (line: string) => process.stdout.write(`${line}\n`);
