import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, NoContent, publicErrorResponses } from '../../lib/http-schemas.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { SEND_ACCOUNT_EMAIL } from '../email/email-queues.ts';
import { getOrganization } from '../organizations/get-organization.ts';
import { getAgent } from '../people/get-agent.ts';
import {
  ChangePasswordBody,
  LogInBody,
  MeSchema,
  PasswordResetCompleteBody,
  PasswordResetRequestBody,
  PasswordResetRequested,
  SignedInSchema,
} from './auth.schemas.ts';
import { actorOf } from './authenticate.ts';
import { changePassword } from './change-password.ts';
import { completePasswordReset } from './complete-password-reset.ts';
import { logIn } from './log-in.ts';
import { requestPasswordReset } from './request-password-reset.ts';
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

  app.post(
    '/auth/password-resets',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Forgot your password: ask for a reset link; the answer is the same whether or not the email is known',
        security: [],
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetRequested, ...publicErrorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const mail = outboundQueueOf(app);
      const issued = await requestPasswordReset(app.db, {
        email: request.body.email,
        organizationSlug: request.body.organization,
        publicUrl: app.config.publicUrl,
        mail,
      });
      if (issued.some((reset) => reset.emailed)) mail.jobs.wake(SEND_ACCOUNT_EMAIL.name);
      // Without a way to send mail (development), the link is logged for whoever runs the server.
      for (const reset of issued.filter((unsent) => !unsent.emailed)) {
        request.log.info(
          { organizationId: reset.organizationId, agentId: reset.agentId, passwordResetUrl: reset.url },
          'password reset link requested; no SMTP server to email it, so it is logged',
        );
      }
      reply.status(202);
      return { message: 'If this address has an account, a reset link is on its way' };
    },
  );

  app.post(
    '/auth/password-resets/complete',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: "Set a new password with a reset link's token; the agent's sessions end and a lockout lifts",
        security: [],
        body: PasswordResetCompleteBody,
        response: { 204: NoContent, ...publicErrorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await completePasswordReset(app.db, request.body);
      return reply.status(204).send(null);
    },
  );
}
