import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { commonModule } from './common-module.js';
import { guideEn } from './guide-en.js';
import { commonModulePath, guideUk } from './guide-uk.js';
import { objectModule, objectModulePath, objectTargets } from './object-modules.js';
import { resolveOptions } from './resolve-options.js';
import type { BslOptions, GeneratedFile } from './types.js';

export { DEFAULT_NAMES } from './resolve-options.js';
export type { BslAuth, BslNames, BslOptions, GeneratedFile } from './types.js';

/**
 * The files of a folder a 1C developer installs: the common module, object-module
 * handlers in two install styles (extension, direct) and the guides. Pure and
 * deterministic (no dates), so golden files can pin the text.
 */
export function generateBsl(options: BslOptions): GeneratedFile[] {
  const r = resolveOptions(options);
  const files: GeneratedFile[] = [
    { path: 'README.uk.md', content: guideUk(r) },
    { path: 'README.en.md', content: guideEn(r) },
    { path: commonModulePath(r), content: bsl(commonModule(r)) },
  ];
  for (const style of ['extension', 'direct'] as const) {
    for (const target of objectTargets(r)) {
      files.push({ path: objectModulePath(style, target), content: bsl(objectModule(r, style, target)) });
    }
  }
  return files;
}

/**
 * Writes the folder and returns the written paths.
 *
 * .bsl files get a UTF-8 BOM and CRLF line ends: that is how 1C itself writes modules
 * (DumpConfigToFiles), EDT expects the BOM, and without it Windows editors and the
 * Designer's "load text from file" may read the Cyrillic as cp1251. The Designer accepts
 * either when text is pasted, so the BOM only ever helps. Markdown stays BOM-less LF,
 * the way git and web viewers render it best.
 */
export async function writeBslFolder(options: BslOptions, outDir: string): Promise<string[]> {
  const files = generateBsl(options);
  const root = resolve(outDir);
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const bytes = file.path.endsWith('.bsl') ? `\uFEFF${file.content.replace(/\n/g, '\r\n')}` : file.content;
    await writeFile(target, bytes, 'utf8');
    written.push(target);
  }
  return written;
}

/** 4-space indents → tabs (as the Designer indents), no trailing blanks on code lines except indent-only ones. */
function bsl(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(?: {4})+/, (spaces) => '\t'.repeat(spaces.length / 4)).replace(/[ ]+$/, ''))
    .join('\n');
}
