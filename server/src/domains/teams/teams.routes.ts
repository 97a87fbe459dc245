import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { changeTeamMembership } from './change-team-membership.ts';
import { createTeam } from './create-team.ts';
import { deleteTeam } from './delete-team.ts';
import { listTeams } from './list-teams.ts';
import { getTeam } from './team-rows.ts';
import { CreateTeamBody, TeamMemberParams, TeamSchema, UpdateTeamBody } from './teams.schemas.ts';
import { updateTeam } from './update-team.ts';

export async function teamsRoutes(app: App): Promise<void> {
  app.get(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'List teams with their members',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(TeamSchema), ...errorResponses(400) },
      },
    },
    async (request) =>
      listTeams(app.db, { organizationId: actorOf(request).organizationId, ...request.query }),
  );

  app.post(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Create a team (admins)',
        body: CreateTeamBody,
        response: { 201: TeamSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const team = await createTeam(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return team;
    },
  );

  app.get(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'One team',
        params: IdParams,
        response: { 200: TeamSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getTeam(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'Rename or describe a team, or set its manager (admins)',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateTeam(app.db, { actor: actorOf(request), teamId: request.params.id, ...request.body }),
  );

  app.delete(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'Delete a team (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteTeam(app.db, { actor: actorOf(request), teamId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/teams/:id/members/:agentId',
    {
      schema: {
        tags: ['teams'],
        summary: 'Add an agent to a team (admins)',
        params: TeamMemberParams,
        response: { 200: TeamSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      changeTeamMembership(app.db, {
        actor: actorOf(request),
        teamId: request.params.id,
        agentId: request.params.agentId,
        change: 'add',
      }),
  );

  app.delete(
    '/teams/:id/members/:agentId',
    {
      schema: {
        tags: ['teams'],
        summary: 'Remove an agent from a team (admins)',
        params: TeamMemberParams,
        response: { 200: TeamSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      changeTeamMembership(app.db, {
        actor: actorOf(request),
        teamId: request.params.id,
        agentId: request.params.agentId,
        change: 'remove',
      }),
  );
}
