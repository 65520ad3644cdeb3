import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { generateBsl } from '../../bsl/generator/index.js';
import { AppError } from '../../errors/app-error.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { currentSecret, findSource } from '../../storage/repositories/sources-repository.js';

const BslQuery = Type.Object({ url: Type.String({ minLength: 1, description: 'The address 1C will post to, e.g. https://erp.example.com' }) });
const BslFiles = Type.Object({ files: Type.Array(Type.Object({ path: Type.String(), content: Type.String() })) });

/**
 * GET /api/v1/sources/:id/bsl?url=… (admin): the 1C modules for one source, with its
 * newest live webhook secret embedded, as JSON for the dashboard to offer as downloads.
 * Admin only: the files contain the secret.
 */
export async function sourceBslRoutes(app: FastifyInstance, deps: { storage: StorageHandle; now: () => Date }): Promise<void> {
  const { db } = deps.storage;
  app.get(
    '/api/v1/sources/:id/bsl',
    { config: { scope: 'admin' }, schema: { tags: ['sources'], params: Type.Object({ id: Type.String() }), querystring: BslQuery, response: { 200: BslFiles } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const { url } = request.query as Static<typeof BslQuery>;
      if (!(await findSource(db, id))) throw new AppError('NOT_FOUND', `No source ${id}`);
      const secret = await currentSecret(db, id, deps.now().toISOString());
      if (!secret) throw new AppError('NOT_FOUND', `Source ${id} has no live webhook secret: rotate it first`);
      try {
        return { files: generateBsl({ url, sourceId: id, auth: { kind: 'secret', secret } }) };
      } catch (error) {
        // The generator validates its options (the URL above all) and throws plain Errors.
        throw new AppError('INVALID_QUERY', (error as Error).message);
      }
    },
  );
}
