/**
 * One vocabulary: each closed set is defined once (src/domain) and everything else takes it
 * from there — the dashboard (served `vocabulary.js`), the webhook endpoints, docs/errors.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { EVENT_STATUSES, WEBHOOK_RESULTS } from '../src/domain/event-outcomes.js';
import { ENDPOINT_NAMES, KIND_LIST, KINDS, OBJECT_KINDS, WEBHOOK_PATH_PREFIX, webhookPath } from '../src/domain/kinds.js';
import { WARNING_CODES } from '../src/domain/warning.js';
import { WEBHOOK_ENDPOINTS } from '../src/ingest/webhook-endpoints.js';
import { DIFFERENCES } from '../src/reconcile/reconcile-report.js';
import { webPlugin } from '../src/web/web-plugin.js';

const root = path.resolve(import.meta.dirname, '..');
const STATIC = path.join(root, 'src/web/static');

describe('the dashboard takes its lists from the server', () => {
  it("serves vocabulary.js with the server's statuses, endpoints and kinds", async () => {
    const app = Fastify();
    await app.register(webPlugin);
    const res = await app.inject({ method: 'GET', url: '/assets/vocabulary.js' });
    await app.close();
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
    const served = (await import(`data:text/javascript;base64,${Buffer.from(res.body).toString('base64')}`)) as Record<string, unknown>;
    assert.deepEqual(served['EVENT_STATUSES'], [...EVENT_STATUSES]);
    assert.deepEqual(served['ENDPOINT_NAMES'], [...ENDPOINT_NAMES]);
    assert.deepEqual(served['OBJECT_KINDS'], [...OBJECT_KINDS]);
    assert.deepEqual(served['RECONCILE_DIFFERENCES'], [...DIFFERENCES]);
  });

  it('no page keeps its own copy of a list, and every value has its words in both languages', () => {
    const pages = fs.readdirSync(STATIC).filter((f) => f.endsWith('.js'));
    for (const page of pages) {
      const text = fs.readFileSync(path.join(STATIC, page), 'utf8');
      assert.doesNotMatch(text, /\[\s*'applied'|\[\s*'invoices'|\[\s*'incoming'/, `${page} copies a list the server serves`);
    }
    const dictionaries = ['i18n-uk.js', 'i18n-en.js'].map((f) => fs.readFileSync(path.join(STATIC, f), 'utf8'));
    const keys = [
      ...EVENT_STATUSES.map((s) => `status.${s}`),
      ...WEBHOOK_RESULTS.map((r) => `result.${r}`),
      ...ENDPOINT_NAMES.map((e) => `endpoint.${e}`),
      ...OBJECT_KINDS.map((k) => `sub.kind.${k}`),
      ...DIFFERENCES.map((d) => `recon.diff.${d}`),
    ];
    for (const key of keys) {
      for (const words of dictionaries) assert.equal(words.split(`'${key}':`).length - 1, 1, `${key}: one word in Ukrainian and one in English`);
    }
  });
});

describe('the kinds table', () => {
  it('names every endpoint once, under the one webhook prefix, in the order 1C documents them', () => {
    assert.deepEqual(
      KIND_LIST.map((k) => k.kind),
      [...OBJECT_KINDS],
    );
    assert.deepEqual(
      KIND_LIST.map((k) => k.endpoint),
      [...ENDPOINT_NAMES],
    );
    assert.deepEqual(
      WEBHOOK_ENDPOINTS.map((e) => e.path),
      ENDPOINT_NAMES.map((n) => WEBHOOK_PATH_PREFIX + n),
    );
    // The literal paths are the subject here: the classic modules post to exactly these, so the
    // table must produce them. Everywhere else the paths come from the table.
    assert.equal(webhookPath('incoming'), '/api/webhook/1c/invoices');
    assert.equal(webhookPath('outgoing'), '/api/webhook/1c/outgoing-invoices');
    assert.equal(webhookPath('client'), '/api/webhook/1c/clients');
    assert.equal(new Set(KIND_LIST.map((k) => k.bsl)).size, 3);
    assert.equal(`${KINDS.outgoing.metaClass}.${KINDS.outgoing.oneCName}`, 'Документ.СчетНаОплатуПокупателю');
  });
});

it('docs/errors.md documents every warning code, and no other', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
  const documented = doc
    .split('\n')
    .filter((l) => /^\| `[A-Z_]+` \| `/.test(l))
    .map((l) => l.split('`')[1]);
  assert.deepEqual(
    documented.filter((c) => (WARNING_CODES as readonly (string | undefined)[]).includes(c)),
    [...WARNING_CODES],
  );
});
