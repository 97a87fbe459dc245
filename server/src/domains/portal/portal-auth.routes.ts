import { Type } from 'typebox';
import type { App } from '../../app.ts';
import {
  errorResponses,
  IdParams,
  NoContent,
  publicErrorResponses,
  Timestamp,
} from '../../lib/http-schemas.ts';
import { actorOf, contactOf } from '../auth/authenticate.ts';
import {
  CONTACT_SESSION_COOKIE,
  contactCsrfTokenOf,
  deleteContactSession,
} from '../auth/contact-sessions.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import type { NewSession } from '../auth/sessions.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { SEND_ACCOUNT_EMAIL } from '../email/email-queues.ts';
import { logInContact } from './contact-log-in.ts';
import { describeContact } from './describe-contact.ts';
import {
  PortalLogInBody,
  PortalMeSchema,
  PortalPasswordBody,
  PortalSignedInSchema,
  SignInLinkRequestBody,
  SignInLinkRequested,
} from './portal.schemas.ts';
import { setContactPassword } from './set-contact-password.ts';
import { createSignInLink, redeemSignInLink, requestSignInLink } from './sign-in-links.ts';

const portal = { audience: 'contact' } as const;

type PortalSession = NewSession & { organizationId: string; contactId: string };

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
      return signedIn(app, session);
    },
  );

  app.post(
    '/portal/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: "Sign in to an organization's portal with email and password; sets the portal cookie",
        security: [],
        body: PortalLogInBody,
        response: { 200: PortalSignedInSchema, ...publicErrorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { config } = app;
      const session = await logInContact(app.db, {
        organizationSlug: request.body.organization,
        email: request.body.email,
        password: request.body.password,
        ttlHours: config.sessionTtlHours,
        maxAttempts: config.loginMaxAttempts,
        lockoutMinutes: config.loginLockoutMinutes,
      });
      setSessionCookie(reply, session, CONTACT_SESSION_COOKIE);
      return signedIn(app, session);
    },
  );

  app.post(
    '/portal/sign-in-links',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: 'Ask for a one-time sign-in link; the answer is the same whether or not the email is known',
        security: [],
        body: SignInLinkRequestBody,
        response: { 202: SignInLinkRequested, ...publicErrorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const mail = outboundQueueOf(app);
      const link = await requestSignInLink(app.db, {
        organizationSlug: request.body.organization,
        email: request.body.email,
        publicUrl: app.config.publicUrl,
        mail,
      });
      if (link?.emailed) mail.jobs.wake(SEND_ACCOUNT_EMAIL.name);
      // Without a way to send mail (development), the link is logged for whoever runs the server.
      if (link && !link.emailed) {
        request.log.info(
          { organizationId: link.organizationId, contactId: link.contactId, signInUrl: link.url },
          'portal sign-in link requested; no SMTP server to email it, so it is logged',
        );
      }
      reply.status(202);
      return { message: 'If this address has an account, a sign-in link is on its way' };
    },
  );

  app.put(
    '/portal/password',
    {
      config: { ...portal, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary:
          'Choose or change my portal password (the current one is needed once set); other sessions end',
        security: [{ portalSessionCookie: [] }],
        body: PortalPasswordBody,
        response: { 204: NoContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await setContactPassword(app.db, { contact: contactOf(request), ...request.body });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/portal/me',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: "The signed-in customer, and the session's CSRF token (a reloaded page needs it again)",
        security: [{ portalSessionCookie: [] }],
        response: { 200: PortalMeSchema, ...errorResponses() },
      },
    },
    async (request) => {
      const contact = contactOf(request);
      return {
        ...(await describeContact(app.db, contact.organizationId, contact.contactId)),
        csrfToken: await contactCsrfTokenOf(app.db, contact),
      };
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

/** What every portal sign-in answers: who signed in and the CSRF token for writes. */
async function signedIn(app: App, session: PortalSession) {
  return {
    ...(await describeContact(app.db, session.organizationId, session.contactId)),
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}
