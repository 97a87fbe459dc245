import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { getAgent } from './get-agent.ts';
import { listAgents } from './list-agents.ts';
import { AgentSchema, UpdateAgentBody } from './people.schemas.ts';
import { updateAgent } from './update-agent.ts';

export async function agentsRoutes(app: App): Promise<void> {
  app.get(
    '/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'List agents',
        querystring: Type.Object(
          {
            ...PageQuery,
            q: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'Matches name or email' }),
            ),
            isActive: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AgentSchema), ...errorResponses(400) },
      },
    },
    async (request) =>
      listAgents(app.db, { organizationId: actorOf(request).organizationId, ...request.query }),
  );

  app.get(
    '/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'One agent',
        params: IdParams,
        response: { 200: AgentSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getAgent(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Rename, change role or deactivate an agent (admins; owners for owners)',
        params: IdParams,
        body: UpdateAgentBody,
        response: { 200: AgentSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      updateAgent(app.db, { actor: actorOf(request), agentId: request.params.id, ...request.body }),
  );
}
