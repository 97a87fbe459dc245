import { Type } from 'typebox';
import type { App } from '../../app.ts';
import {
  errorResponses,
  IdParams,
  NoContent,
  Page,
  PageQuery,
  publicErrorResponses,
} from '../../lib/http-schemas.ts';
import { Password, SignedInSchema } from '../auth/auth.schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { clientOf, setSessionCookie } from '../auth/session-cookie.ts';
import { describeSignIn } from '../auth/signed-in.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { SEND_ACCOUNT_EMAIL } from '../email/email-queues.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { inviteAgent } from './invite-agent.ts';
import { listInvitations } from './list-invitations.ts';
import { CreateInvitationBody, InvitationSchema } from './people.schemas.ts';
import { revokeInvitation } from './revoke-invitation.ts';

const CreatedInvitationSchema = Type.Object({
  invitation: InvitationSchema,
  token: Type.String({ description: 'Shown once' }),
  acceptUrl: Type.String(),
  emailed: Type.Boolean({
    description: 'The link was emailed to the invited address; else pass it on yourself',
  }),
});

export async function invitationsRoutes(app: App): Promise<void> {
  app.post(
    '/invitations',
    {
      schema: {
        tags: ['agents'],
        summary: 'Invite an agent by email (admins); returns the invitation link once',
        body: CreateInvitationBody,
        response: { 201: CreatedInvitationSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { email, name, role = 'agent' } = request.body;
      const mail = outboundQueueOf(app);
      const created = await inviteAgent(app.db, {
        actor: actorOf(request),
        email,
        name,
        role,
        publicUrl: app.config.publicUrl,
        mail,
      });
      if (created.emailed) mail.jobs.wake(SEND_ACCOUNT_EMAIL.name);
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['agents'],
        summary: 'List invitations (admins)',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(InvitationSchema), ...errorResponses(400) },
      },
    },
    async (request) => listInvitations(app.db, { actor: actorOf(request), ...request.query }),
  );

  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Revoke a pending invitation (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await revokeInvitation(app.db, { actor: actorOf(request), invitationId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/accept',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['agents'],
        summary: 'Accept an invitation: create the agent and sign in',
        security: [],
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 200 }),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 201: SignedInSchema, ...publicErrorResponses(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(app.db, {
        ...request.body,
        ...clientOf(request),
        ttlHours: app.config.sessionTtlHours,
      });
      setSessionCookie(reply, session);
      reply.status(201);
      return describeSignIn(app.db, session);
    },
  );
}
