import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, publicErrorResponses } from '../../lib/http-schemas.ts';
import { assertWithinInstanceLimits } from '../attachments/attachment-limits.ts';
import { SignedInSchema } from '../auth/auth.schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { clientOf, setSessionCookie } from '../auth/session-cookie.ts';
import { createSession } from '../auth/sessions.ts';
import { describeSignIn } from '../auth/signed-in.ts';
import { getOrganization } from './get-organization.ts';
import { OrganizationSchema, SignUpBody, UpdateOrganizationBody } from './organizations.schemas.ts';
import { signUp } from './sign-up.ts';
import { updateOrganization } from './update-organization.ts';

export async function organizationsRoutes(app: App): Promise<void> {
  app.post(
    '/signup',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 hour' } },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization and its owner, and sign the owner in',
        security: [],
        body: SignUpBody,
        response: { 201: SignedInSchema, ...publicErrorResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { db, config } = app;
      const created = await signUp(db, request.body);
      const { organizationId, ownerId } = created;
      const session = await withTenant(db, organizationId, (tx) =>
        createSession(tx, {
          organizationId,
          agentId: ownerId,
          ttlHours: config.sessionTtlHours,
          ...clientOf(request),
        }),
      );
      setSessionCookie(reply, session);
      reply.status(201);
      return describeSignIn(db, { ...session, organizationId, agentId: ownerId });
    },
  );

  app.get(
    '/organization',
    {
      schema: {
        tags: ['organizations'],
        summary: "The signed-in agent's organization and its settings",
        response: { 200: OrganizationSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return withTenant(app.db, actor.organizationId, (tx) => getOrganization(tx, actor.organizationId));
    },
  );

  app.patch(
    '/organization',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Change organization settings (admins)',
        body: UpdateOrganizationBody,
        response: { 200: OrganizationSchema, ...errorResponses(400, 409) },
      },
    },
    async (request) => {
      const { attachmentMaxBytes: maxBytes, attachmentQuotaBytes: quotaBytes } = app.config;
      assertWithinInstanceLimits({ maxBytes, quotaBytes }, request.body);
      return updateOrganization(app.db, { actor: actorOf(request), ...request.body });
    },
  );
}
