import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `onec-sync …` as a process, from the TypeScript sources under test (`npm run dev`):
 * node's arguments before the command's. The installed bin runs the compiled dist/ of
 * the same sources; test/npm-package.test.ts and production-start.test.ts run that.
 */
export const CLI_FROM_SOURCES = ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts')];
