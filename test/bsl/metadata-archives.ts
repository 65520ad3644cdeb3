/**
 * The Designer's XML dumps kept beside the repository (not in it; CI places them there): the
 * standard subsystems' metadata (format 2.20, CC BY 4.0, © 1C-Soft LLC) and an extension dumped
 * by the Designer (format 2.9, from 1c-syntax/mdclasses' test resources, LGPL 3.0). Tests unpack
 * them into a temp folder, skip with a clear message where they are absent, and fail instead of
 * skipping under CI=true.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Beside the repository; a git worktree one folder deeper finds it one level up.
const CORPUS =
  ['../shared/corpus', '../../shared/corpus'].map((p) => path.resolve(repoRoot, p)).find((p) => fs.existsSync(p)) ?? path.resolve(repoRoot, '../shared/corpus');
export const SSL_METADATA = path.join(CORPUS, 'ssl_3_1-metadata-3.1.12.238.tar.gz');
export const EXTENSION_DUMP = path.join(CORPUS, 'designer-extension-dump-mdclasses.tar.gz');

export function archiveSkip(...archives: string[]): false | string {
  const missing = archives.filter((a) => !fs.existsSync(a));
  if (missing.length === 0 || process.env.CI === 'true') return false;
  return `${missing.join(', ')} not found (the shared folder beside the repository is absent): skipped`;
}

/** Unpacks an archive into a new temp folder; returns the folder holding `Configuration.xml`. */
export function unpackDump(archive: string): { dir: string; remove: () => void } {
  if (!fs.existsSync(archive)) throw new Error(`${archive} not found; CI must provide it`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dump-'));
  execFileSync('tar', ['-xzf', archive, '-C', root]);
  const find = (d: string): string | null => {
    if (fs.existsSync(path.join(d, 'Configuration.xml'))) return d;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const f = find(path.join(d, e.name));
      if (f) return f;
    }
    return null;
  };
  const dir = find(root);
  if (!dir) throw new Error(`${archive} holds no Configuration.xml`);
  return { dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
