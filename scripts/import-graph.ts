import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The project's own import graph: every relative import (static, type-only, re-export and
 * dynamic `import()`) between the TypeScript and .mjs files under the given folders, as
 * repo-relative paths. Imports of packages are left out: they cannot make a circle.
 */
export function importGraph(root: string, folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of sourceFiles(join(root, folder))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = new Set<string>();
      for (const { fileName } of info.importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const target = resolveImport(dirname(file), fileName);
        if (target) targets.add(relative(root, target));
      }
      graph.set(relative(root, file), [...targets].sort());
    }
  }
  return graph;
}

/** The TypeScript and .mjs files under `dir` (or `dir` itself, when it is one), sorted. */
export function sourceFiles(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'results') out.push(...sourceFiles(path));
    } else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// NodeNext: sources import `./x.js`, which is `./x.ts` on disk (or an `.mjs` as written).
function resolveImport(fromDir: string, specifier: string): string | null {
  const path = resolve(fromDir, specifier);
  for (const candidate of [path.replace(/\.js$/, '.ts'), path.replace(/\.mjs$/, '.mts'), path, `${path}.ts`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every import circle, each once: the strongly connected components of more than one file (or a file importing itself). */
export function importCircles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative (the graph is a few hundred files deep at most, but recursion depth is not worth the risk).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) circles.push(component.sort());
      }
    }
  }
  return circles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The floor of a repo-relative path: the index in `floors` of the longest prefix naming it, or -1 (outside src/, or on no floor). */
export function floorOf(path: string, floors: readonly (readonly string[])[]): number {
  let best = -1;
  let bestLength = -1;
  floors.forEach((prefixes, floor) => {
    for (const prefix of prefixes) {
      if ((path === prefix || path.startsWith(`${prefix}/`)) && prefix.length > bestLength) {
        best = floor;
        bestLength = prefix.length;
      }
    }
  });
  return best;
}

/** Every import from a floor to a higher one, and every file under src/ on no floor. */
export function floorViolations(graph: Map<string, string[]>, floors: readonly (readonly string[])[]): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    if (!file.startsWith('src/')) continue;
    const from = floorOf(file, floors);
    if (from < 0) {
      problems.push(`${file} is on no floor: add its folder to FLOORS (scripts/structure-rules.ts)`);
      continue;
    }
    for (const target of targets) {
      const to = floorOf(target, floors);
      if (to > from) problems.push(`${file} imports ${target}, a floor up (${floors[from]!.join(', ')} → ${floors[to]!.join(', ')})`);
    }
  }
  return problems.sort();
}
