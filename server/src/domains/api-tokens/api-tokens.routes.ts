import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ApiTokenSchema, CreateApiTokenBody, CreatedApiTokenSchema } from './api-tokens.schemas.ts';
import { createApiToken } from './create-api-token.ts';
import { listApiTokens } from './list-api-tokens.ts';
import { revokeApiToken } from './revoke-api-token.ts';

export async function apiTokensRoutes(app: App): Promise<void> {
  app.get(
    '/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'List API tokens (admins); the tokens themselves are never shown again',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(ApiTokenSchema), ...errorResponses(400) },
      },
    },
    async (request) => listApiTokens(app.db, { actor: actorOf(request), ...request.query }),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token (admins); it acts as you',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiTokenSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(app.db, { actor: actorOf(request), name: request.body.name });
      reply.status(201);
      return created;
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await revokeApiToken(app.db, { actor: actorOf(request), tokenId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
