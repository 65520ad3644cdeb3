#!/usr/bin/env node
// The CLI entry: the compiled code in dist/ — what the npm package ships and what
// `npm start` runs, so `npx onec-sync serve` and `npm start` are one program, and nothing
// needs a compiler or a TypeScript loader at run time. A development checkout builds it
// with `npm run build`, or runs the sources directly: `npm run dev -- <command>`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'onec-sync: dist/ is missing — this is a development checkout that has not been built.\n' +
      'Run `npm run build` first (npm start does), or `npm run dev -- <command>` to run the TypeScript sources.\n',
  );
  process.exit(1);
}
await import(main.href);
