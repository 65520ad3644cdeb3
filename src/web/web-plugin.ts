import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVENT_STATUSES } from '../domain/event-outcomes.js';
import { ENDPOINT_NAMES, OBJECT_KINDS } from '../domain/kinds.js';
import { DIFFERENCES } from '../reconcile/reconcile-report.js';

/**
 * The operators' dashboard (docs/decisions/dashboard.md, "The dashboard"): a small SPA of
 * static files, no build step. The files are read once at start and served from memory
 * with a strong ETag and `Cache-Control: no-cache`, so a browser revalidates (a 304) and
 * never runs yesterday's script after an upgrade. The pages call the JSON API with the
 * API key the operator logged in with; this plugin itself needs no key (nothing secret
 * is in the files).
 */
// Resolved from the package root, so the same directory serves whether this module runs
// from src/ (tsx) or from the compiled dist/ (npm start): ../../src/web/static from either.
const STATIC_DIR = fileURLToPath(new URL('../../src/web/static/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts and styles only from this origin, no inline script: even if a bug let 1C's
 * text reach innerHTML, the browser would not run it (the pages use textContent anyway).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * The closed sets the pages filter and label by, written from the server's own lists: the
 * dashboard has no build step, so it imports them (`./vocabulary.js`) rather than copy them.
 */
export function vocabularyModule(): string {
  const lists = { EVENT_STATUSES, ENDPOINT_NAMES, OBJECT_KINDS, RECONCILE_DIFFERENCES: DIFFERENCES };
  return [
    '// Written by the server from its own lists (src/web/web-plugin.ts): do not copy them into the pages.',
    ...Object.entries(lists).map(([name, values]) => `export const ${name} = Object.freeze(${JSON.stringify(values)});`),
    '',
  ].join('\n');
}

const staticFile = (body: Buffer, type: string): StaticFile => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

function loadFiles(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(STATIC_DIR)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    files.set(name, staticFile(readFileSync(join(STATIC_DIR, name)), type));
  }
  files.set('vocabulary.js', staticFile(Buffer.from(vocabularyModule()), CONTENT_TYPES['.js']!));
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  reply.headers({ ...SECURITY_HEADERS, 'content-type': file.type, 'cache-control': 'no-cache', etag: file.etag });
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.send(file.body);
}

const AssetParams = Type.Object({ name: Type.String() });

export async function webPlugin(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const files = loadFiles();
  const index = files.get('index.html');
  if (!index) throw new Error(`The dashboard's index.html is missing from ${STATIC_DIR}`);
  const hide = { schema: { hide: true } };
  app.get('/', hide, async (request, reply) => send(request, reply, index));
  app.get('/assets/:name', { schema: { hide: true, params: AssetParams } }, async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file || file === index) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such file', retry: false } });
    return send(request, reply, file);
  });
}
