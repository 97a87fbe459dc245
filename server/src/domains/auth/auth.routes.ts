import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, NoContent, publicErrorResponses } from '../../lib/http-schemas.ts';
import { getOrganization } from '../organizations/get-organization.ts';
import { getAgent } from '../people/get-agent.ts';
import { ChangePasswordBody, LogInBody, MeSchema, SignedInSchema } from './auth.schemas.ts';
import { actorOf } from './authenticate.ts';
import { changePassword } from './change-password.ts';
import { logIn } from './log-in.ts';
import { clearSessionCookie, clientOf, setSessionCookie } from './session-cookie.ts';
import { csrfTokenOf, deleteSession } from './sessions.ts';
import { describeSignIn } from './signed-in.ts';

export async function authRoutes(app: App): Promise<void> {
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        security: [],
        body: LogInBody,
        response: { 200: SignedInSchema, ...publicErrorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { config } = app;
      const session = await logIn(app.db, {
        email: request.body.email,
        password: request.body.password,
        organizationSlug: request.body.organization,
        ...clientOf(request),
        ttlHours: config.sessionTtlHours,
        maxAttempts: config.loginMaxAttempts,
        lockoutMinutes: config.loginLockoutMinutes,
      });
      setSessionCookie(reply, session);
      return describeSignIn(app.db, session);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      await deleteSession(app.db, actorOf(request));
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in (session or API token)',
        response: { 200: MeSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return withTenant(app.db, actor.organizationId, async (tx) => ({
        agent: await getAgent(tx, actor.organizationId, actor.agentId),
        organization: await getOrganization(tx, actor.organizationId),
        authMethod: actor.authMethod,
        csrfToken: await csrfTokenOf(tx, actor),
      }));
    },
  );

  app.post(
    '/auth/password',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change your password; other sessions end',
        body: ChangePasswordBody,
        response: { 204: NoContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await changePassword(app.db, { actor: actorOf(request), ...request.body });
      return reply.status(204).send(null);
    },
  );
}
