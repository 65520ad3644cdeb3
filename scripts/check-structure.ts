/**
 * `npm run lint`'s structure check: no import circle (type-only imports included: a circle of
 * types is still two files that cannot be understood apart), no import up a floor
 * (structure-rules.ts), no dead export (exported, imported by no file and unused in its own),
 * no object literal opening with a spread on the paths every webhook or feed entry takes.
 * Prints each problem and exits 1 when there is one.
 */
import { fileURLToPath } from 'node:url';
import { floorViolations, importCircles, importGraph } from './import-graph.js';
import { leadingSpreads } from './leading-spreads.js';
import { DEAD_EXPORTS_PENDING, EXPORT_FOLDERS, FLOORS, GRAPH_FOLDERS, HOT_PATHS, PUBLIC_ENTRIES } from './structure-rules.js';
import { exportUses } from './unused-exports.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems: string[] = [];

const graph = importGraph(root, GRAPH_FOLDERS);
for (const circle of importCircles(graph)) problems.push(`import circle: ${circle.join(' → ')} (move what they share into a file of its own)`);
problems.push(...floorViolations(graph, FLOORS));

const pending = new Set(DEAD_EXPORTS_PENDING);
for (const use of exportUses(root, 'tsconfig.json', EXPORT_FOLDERS)) {
  if (PUBLIC_ENTRIES.includes(use.file) || use.users.length > 0 || use.usedInFile) {
    if (pending.delete(`${use.file} ${use.name}`)) problems.push(`${use.file}: ${use.name} is alive now; take it off DEAD_EXPORTS_PENDING`);
    continue;
  }
  if (pending.delete(`${use.file} ${use.name}`)) continue;
  problems.push(`${use.file}: ${use.name} is exported and used nowhere (remove it)`);
}
for (const entry of pending) problems.push(`${entry} is on DEAD_EXPORTS_PENDING but no longer exported; take it off`);
for (const at of leadingSpreads(root, HOT_PATHS)) {
  problems.push(`${at}: an object literal opens with a spread and adds members — V8's slow path; put a member first or use Object.assign`);
}

for (const problem of problems) process.stderr.write(`${problem}\n`);
if (problems.length > 0) process.exit(1);
process.stdout.write(`structure: ${graph.size} files, no import circle, no import up a floor, no dead export, no leading spread on the hot paths\n`);
