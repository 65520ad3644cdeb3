/**
 * 1C's Standard Subsystems Library (every module of SSL 3.1, 1.14 million lines, CC BY 4.0,
 * © 1C-Soft LLC) is kept beside the repository, not in it; CI places it there. The tests that
 * read it unpack it into a temp folder, skip with a clear message where it is absent, and fail
 * instead of skipping under CI=true.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Beside the repository; ONEC_SYNC_CORPUS_DIR names another folder (a git worktree has no `../shared`). */
export const CORPUS_ARCHIVE = path.resolve(process.env.ONEC_SYNC_CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus'), 'ssl_3_1-3.1.12.238.tar.gz');

const MISSING = `1C standard subsystems corpus not found at ${CORPUS_ARCHIVE} (the shared folder beside the repository is absent)`;

/**
 * The `skip` option of a corpus suite: false when the archive is here, the reason otherwise.
 * Under CI=true it is never skipped: the suite runs and fails on the missing archive.
 */
export function corpusSkip(): false | string {
  if (fs.existsSync(CORPUS_ARCHIVE) || process.env.CI === 'true') return false;
  return `${MISSING}: skipped`;
}

/** Unpacks the archive into a new temp folder; returns the folder and a cleanup. */
export function unpackCorpus(): { dir: string; remove: () => void } {
  if (!fs.existsSync(CORPUS_ARCHIVE)) throw new Error(`${MISSING}; CI must provide it`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-corpus-'));
  execFileSync('tar', ['-xzf', CORPUS_ARCHIVE, '-C', dir]);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every `.bsl` file under a folder, sorted. */
export function bslFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith('.bsl')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
