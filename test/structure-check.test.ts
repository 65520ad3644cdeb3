import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { floorViolations, importCircles, importGraph } from '../scripts/import-graph.js';
import { exportUses } from '../scripts/unused-exports.js';

/** A throwaway project: files by repo-relative path, and a tsconfig over all of them. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'structure-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src', 'test'] }),
  );
  return root;
}

describe('structure check (npm run lint)', () => {
  it('finds an import circle, type-only imports and dynamic import() included, and nothing in a tree', () => {
    const root = project({
      'src/a/one.ts': "import type { Two } from './two.js';\nexport type One = Two | 1;\n",
      'src/a/two.ts': "export type Two = 2;\nexport const load = () => import('./three.js');\n",
      'src/a/three.ts': "import type { One } from './one.js';\nexport const three: One = 1;\n",
      'src/b/leaf.ts': "import type { Two } from '../a/two.js';\nexport const leaf: Two = 2;\n",
    });
    try {
      assert.deepEqual(importCircles(importGraph(root, ['src'])), [['src/a/one.ts', 'src/a/three.ts', 'src/a/two.ts']]);
      fs.writeFileSync(path.join(root, 'src/a/three.ts'), 'export const three = 1;\n');
      assert.deepEqual(importCircles(importGraph(root, ['src'])), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports an import up a floor and a file on no floor, and lets a floor import itself and below', () => {
    const graph = new Map([
      ['src/low/x.ts', ['src/high/y.ts', 'src/low/z.ts']],
      ['src/high/y.ts', ['src/low/x.ts']],
      ['src/low/z.ts', []],
      ['src/nowhere/w.ts', []],
      ['test/t.ts', ['src/high/y.ts']],
    ]);
    assert.deepEqual(floorViolations(graph, [['src/low'], ['src/high']]), [
      'src/low/x.ts imports src/high/y.ts, a floor up (src/low → src/high)',
      'src/nowhere/w.ts is on no floor: add its folder to FLOORS (scripts/structure-rules.ts)',
    ]);
  });

  it('counts an export alive when another file imports it (named, namespace, re-export, import()) or its own file uses it', () => {
    const root = project({
      'src/lib.ts': [
        'export const named = 1;',
        'export const reExported = 3;',
        'export const dynamic = 4;',
        'export const local = 5;',
        'export const dead = local;',
        'export type DeadType = number;',
        '',
      ].join('\n'),
      'src/whole.ts': 'export const viaStar = 2;\n',
      'src/star.ts': "import * as whole from './whole.js';\nexport const s = whole.viaStar;\n",
      'src/user.ts':
        "import { named } from './lib.js';\nexport { reExported } from './lib.js';\nexport const u = async () => named + (await import('./lib.js')).dynamic;\n",
      'test/user.test.ts': "import { s } from '../src/star.js';\nimport { reExported, u } from '../src/user.js';\nvoid [s, reExported, u];\n",
    });
    try {
      const dead = exportUses(root, 'tsconfig.json', ['src'])
        .filter((e) => e.users.length === 0 && !e.usedInFile)
        .map((e) => `${e.file} ${e.name}`);
      assert.deepEqual(dead, ['src/lib.ts dead', 'src/lib.ts DeadType']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
