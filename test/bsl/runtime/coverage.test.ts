/**
 * The runtime README's coverage table against the library: every type `Новый` can make and
 * every global function the library registers (and the interpreter's own built-ins) is listed
 * in a covered or partly row; every name listed as covered or partly is registered; a name
 * listed as not covered is not registered and is a real platform name (the catalogue has it).
 * So the table cannot drift from the code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { platformCatalogue } from '../../../src/bsl/platform/index.js';
import { PLATFORM_FUNCTIONS, PLATFORM_TYPES } from '../../../src/bsl/runtime/index.js';
import { INTERPRETER_FUNCTIONS } from '../../../src/bsl/runtime/module-instance.js';

type Status = 'covered' | 'partly' | 'not covered';

interface Row {
  group: string;
  names: string[];
  status: Status;
  notes: string;
}

function coverageTable(readme: string): Row[] {
  const start = readme.indexOf('<!-- coverage:start -->');
  const end = readme.indexOf('<!-- coverage:end -->');
  assert.ok(start >= 0 && end > start, 'the README has the coverage table between its markers');
  const lines = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
  return lines.map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    assert.equal(cells.length, 4, `four columns: ${line}`);
    const [group, names, status, notes] = cells as [string, string, string, string];
    assert.ok(['covered', 'partly', 'not covered'].includes(status), `status of ${group}: ${status}`);
    return { group, names: [...names.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), status: status as Status, notes };
  });
}

const README = new URL('../../../src/bsl/runtime/README.md', import.meta.url);

describe('BSL runtime: the README coverage table matches the library', () => {
  const rows = coverageTable(readFileSync(README, 'utf8'));
  const key = (s: string): string => s.toLowerCase();
  const registered = new Map<string, string>();
  for (const t of PLATFORM_TYPES) registered.set(key(t.ru), `type ${t.ru}`);
  for (const f of PLATFORM_FUNCTIONS) registered.set(key(f.ru), `function ${f.ru}`);
  for (const f of INTERPRETER_FUNCTIONS) registered.set(key(f), `built-in ${f}`);
  const listed = rows.flatMap((r) => r.names.map((name) => ({ name, row: r })));

  it('every registered type and global function is in a covered or partly row', () => {
    const offered = new Set(listed.filter((x) => x.row.status !== 'not covered').map((x) => key(x.name)));
    const missing = [...registered].filter(([k]) => !offered.has(k)).map(([, what]) => what);
    assert.deepEqual(missing, [], 'registered but not in the coverage table');
  });

  it('every name in a covered or partly row is registered', () => {
    const stale = listed.filter((x) => x.row.status !== 'not covered' && !registered.has(key(x.name))).map((x) => `${x.row.group}: ${x.name}`);
    assert.deepEqual(stale, [], 'listed as covered/partly but not registered');
  });

  it('a not-covered name is not registered and is a platform name', () => {
    const catalogue = platformCatalogue();
    for (const { name, row } of listed.filter((x) => x.row.status === 'not covered')) {
      assert.ok(!registered.has(key(name)), `${row.group}: ${name} is registered, so it is not "not covered"`);
      assert.ok(catalogue.type(name) || catalogue.globalFunction(name), `${row.group}: ${name} is in the platform catalogue`);
    }
  });

  it('each name is listed once, and a partly row says what is missing', () => {
    const seen = new Set<string>();
    for (const { name, row } of listed) {
      assert.ok(!seen.has(key(name)), `${name} is listed twice (again in ${row.group})`);
      seen.add(key(name));
    }
    for (const r of rows.filter((x) => x.status === 'partly')) assert.ok(r.notes !== '', `${r.group}: a partly row names what is missing`);
  });
});
