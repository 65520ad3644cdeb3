import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { stringEnum } from '../../api/literal-union.js';
import type { ApiAuthorizer } from '../../auth/webhook-authenticator.js';
import { READ_SCOPES } from '../../domain/api-scope.js';

/**
 * What the presented API key may do. The dashboard asks once at login, to grey out what a read
 * key may not do (the server refuses it anyway); before this it probed an admin route and
 * left a 403 or 404 in the browser's console at every login.
 */
export async function whoamiRoutes(app: FastifyInstance, deps: { apiAuthorizer: ApiAuthorizer }): Promise<void> {
  app.get(
    '/api/v1/whoami',
    {
      schema: {
        tags: ['keys'],
        summary: 'The scope of the API key this request carries',
        response: { 200: Type.Object({ scope: stringEnum(READ_SCOPES) }) },
      },
    },
    // The scope hook has checked the key already; asking again reads the authorizer's cache.
    async (request) => ({ scope: await deps.apiAuthorizer.authorize(request.headers.authorization, 'read') }),
  );
}
