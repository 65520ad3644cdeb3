import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig } from '../src/config/load-config.js';

const root = new URL('../', import.meta.url);
const loaderSource = readFileSync(new URL('src/config/load-config.ts', root), 'utf8');
const page = readFileSync(new URL('docs/configuration.md', root), 'utf8');

/** Every variable the loader reads: `env.NAME` and the names given to its parsing helpers. */
function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/\(env, '([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]!);
  return names;
}

/** The variables the page documents: the first cell of each table row. */
function variablesDocumented(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/.exec(line);
    if (m) rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

test('docs/configuration.md documents exactly the variables the config loader reads', () => {
  const read = variablesRead(loaderSource);
  const documented = variablesDocumented(page);
  assert.ok(read.size > 30, `the loader's variables were found (${read.size})`);
  assert.deepEqual([...read].filter((v) => !documented.has(v)).sort(), [], 'read by the loader, missing from the page');
  assert.deepEqual([...documented.keys()].filter((v) => !read.has(v)).sort(), [], 'on the page, not read by the loader');
});

test('every documented variable takes its documented example value', () => {
  // A default written as a plain value (`8080`, `true`) must be accepted by the loader as is:
  // a page whose defaults the loader refuses would mislead whoever copies them.
  for (const [name, defaultCell] of variablesDocumented(page)) {
    const m = /^`([^`]+)`$/.exec(defaultCell);
    if (!m) continue;
    assert.doesNotThrow(() => loadConfig({ [name]: m[1] }), `${name}=${m[1]}`);
  }
});

test("the defaults on the page are the loader's defaults", () => {
  const config = loadConfig({});
  const documented = variablesDocumented(page);
  const expect = (name: string, actual: unknown) => assert.equal(documented.get(name), `\`${String(actual)}\``, name);
  expect('PORT', config.port);
  expect('HOST', config.host);
  expect('ONEC_SYNC_TIMEZONE', config.timezone);
  expect('ONEC_SYNC_BODY_LIMIT', config.bodyLimit);
  expect('ONEC_SYNC_RATE_LIMIT', config.rateLimitPerMinute);
  expect('ONEC_SYNC_MAX_BATCH', config.maxBatchSize);
  expect('ONEC_SYNC_WRITE_CONCURRENCY', config.writeConcurrency);
  expect('ONEC_SYNC_MAX_CONNECTIONS', config.server.maxConnections);
  expect('ONEC_SYNC_MAX_BODY_BYTES_IN_FLIGHT', config.server.maxBodyBytesInFlight);
  expect('ONEC_SYNC_DELIVERY_TIMEOUT_MS', config.deliveries.timeoutMs);
  expect('ONEC_SYNC_DELIVERY_CONCURRENCY', config.deliveries.concurrency);
});
