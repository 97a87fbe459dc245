import { Type } from 'typebox';
import type { App } from '../../app.ts';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import {
  errorResponses,
  IdParams,
  NoContent,
  publicErrorResponses,
  Timestamp,
} from '../../lib/http-schemas.ts';
import { actorOf, contactOf } from '../auth/authenticate.ts';
import { CONTACT_SESSION_COOKIE, deleteContactSession } from '../auth/contact-sessions.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import { getContact } from '../contacts/contact-rows.ts';
import { type PortalMe, PortalMeSchema, PortalSignedInSchema } from './portal.schemas.ts';
import { createSignInLink, redeemSignInLink } from './sign-in-links.ts';

const portal = { audience: 'contact' } as const;

async function describeContact(db: Database, organizationId: string, contactId: string): Promise<PortalMe> {
  return withTenant(db, organizationId, async (tx) => {
    const contact = await getContact(tx, organizationId, contactId);
    const [organization] = await tx.query<{ name: string }>('select name from organizations where id = $1', [
      organizationId,
    ]);
    return {
      contact: { id: contact.id, email: contact.email, name: contact.name },
      organization: { id: organizationId, name: organization?.name ?? '' },
    };
  });
}

export async function portalAuthRoutes(app: App): Promise<void> {
  app.post(
    '/contacts/:id/sign-in-links',
    {
      schema: {
        tags: ['portal'],
        summary: 'A one-time link (valid for an hour) that signs this customer in to the portal',
        params: IdParams,
        response: {
          201: Type.Object({ token: Type.String(), url: Type.String(), expiresAt: Timestamp }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const link = await createSignInLink(app.db, {
        actor: actorOf(request),
        contactId: request.params.id,
        publicUrl: app.config.publicUrl,
      });
      reply.status(201);
      return link;
    },
  );

  app.post(
    '/portal/sessions',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: "Trade a sign-in link's token for a portal session cookie",
        security: [],
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 201: PortalSignedInSchema, ...publicErrorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await redeemSignInLink(app.db, {
        token: request.body.token,
        ttlHours: app.config.sessionTtlHours,
      });
      setSessionCookie(reply, session, CONTACT_SESSION_COOKIE);
      reply.status(201);
      return {
        ...(await describeContact(app.db, session.organizationId, session.contactId)),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/portal/me',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'The signed-in customer',
        security: [{ portalSessionCookie: [] }],
        response: { 200: PortalMeSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const { organizationId, contactId } = contactOf(request);
      return describeContact(app.db, organizationId, contactId);
    },
  );

  app.post(
    '/portal/logout',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'End the portal session',
        security: [{ portalSessionCookie: [] }],
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      await deleteContactSession(app.db, contactOf(request));
      clearSessionCookie(reply, CONTACT_SESSION_COOKIE);
      return reply.status(204).send(null);
    },
  );
}
