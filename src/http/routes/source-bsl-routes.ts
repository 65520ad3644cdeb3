import { createHash, timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SecretBox } from '../../auth/secret-box.js';
import { rotateSource } from '../../auth/source-admin.js';
import { generateBsl } from '../../bsl/generator/index.js';
import { AppError } from '../../errors/app-error.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { findSource, liveCredentials } from '../../storage/repositories/sources-repository.js';

const BslRequest = Type.Object({
  url: Type.String({ minLength: 1, description: 'The address 1C will post to, e.g. https://erp.example.com' }),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The source's whsec_ secret, as the operator keeps it" })),
  rotate: Type.Optional(Type.Boolean({ description: 'Issue a new secret and token (shown once, here) and embed the new secret' })),
});
const BslFiles = Type.Object({
  files: Type.Array(Type.Object({ path: Type.String(), content: Type.String() })),
  issued: Type.Optional(
    Type.Object({ sourceId: Type.String(), secret: Type.String(), token: Type.String() }, { description: 'Only with rotate: shown once, never again' }),
  ),
});

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * POST /api/v1/sources/:id/bsl (admin): the 1C modules for one source, as JSON for the
 * dashboard to offer as downloads. Secrets are never returned after they are issued
 * (docs/security.md), so the modules embed either the secret the operator gives — checked
 * against the source's live secrets — or, with `rotate`, a new one issued here and shown once.
 */
export async function sourceBslRoutes(
  scope: FastifyInstance,
  deps: { storage: StorageHandle; now: () => Date; rotationOverlapSeconds: number; secretBox: SecretBox },
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.storage;
  app.post(
    '/api/v1/sources/:id/bsl',
    { config: { scope: 'admin' }, schema: { tags: ['sources'], params: Type.Object({ id: Type.String() }), body: BslRequest, response: { 200: BslFiles } } },
    async (request) => {
      const { id } = request.params;
      const { url, secret, rotate } = request.body;
      if (!(await findSource(db, id))) throw new AppError('NOT_FOUND', { message: `No source ${id}` });
      let embedded: string;
      let issued: { sourceId: string; secret: string; token: string } | undefined;
      if (secret !== undefined) {
        const live = (await liveCredentials(db, deps.now().toISOString())).filter((c) => c.sourceId === id && c.kind === 'secret');
        // Compared as digests: constant time whatever the lengths.
        if (!live.some((c) => timingSafeEqual(digest(deps.secretBox.open(c.value)), digest(secret)))) {
          throw new AppError('INVALID_REQUEST', { message: `This is not a live secret of source ${id}`, path: 'body.secret' });
        }
        embedded = secret;
      } else if (rotate) {
        // Check the options before rotating: a refused URL must not cost the source its secret.
        generate(url, id, `whsec_${Buffer.alloc(32).toString('base64')}`);
        issued = await rotateSource(db, id, deps.rotationOverlapSeconds, deps.now(), deps.secretBox);
        if (!issued) throw new AppError('NOT_FOUND', { message: `No source ${id}` });
        embedded = issued.secret;
      } else {
        throw new AppError('INVALID_REQUEST', {
          message: "Give the source's secret (secret), or issue a new one (rotate: true): secrets are never shown again",
          path: 'body.secret',
        });
      }
      return { files: generate(url, id, embedded), ...(issued ? { issued } : {}) };
    },
  );
}

function generate(url: string, sourceId: string, secret: string) {
  try {
    return generateBsl({ url, sourceId, auth: { kind: 'secret', secret } });
  } catch (error) {
    // The generator validates its options (the URL above all) and throws plain Errors.
    throw new AppError('INVALID_REQUEST', { message: (error as Error).message, path: 'body.url' });
  }
}
