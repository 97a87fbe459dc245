import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../lib/http-schemas.ts';
import { contactOf } from '../auth/authenticate.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import { addCustomerReply } from '../tickets/add-customer-reply.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { listContactComments } from './contact-comments.ts';
import { getContactTicket, listContactTickets } from './contact-tickets.ts';
import {
  ContactCommentSchema,
  ContactReplyBody,
  ContactTicketBody,
  ContactTicketSchema,
} from './portal.schemas.ts';
import { resolveContactTicket } from './resolve-contact-ticket.ts';

const portal = { audience: 'contact' } as const;
const security = [{ portalSessionCookie: [] }];

/** The customer's side of tickets: their own requests and the public conversation, nothing else. */
export async function portalTicketsRoutes(app: App): Promise<void> {
  app.get(
    '/portal/tickets',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: "The signed-in customer's requests, newest first",
        security,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(ContactTicketSchema), ...errorResponses(400) },
      },
    },
    async (request) => listContactTickets(app.db, { contact: contactOf(request), page: request.query }),
  );

  app.post(
    '/portal/tickets',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Open a request',
        security,
        body: ContactTicketBody,
        response: { 201: ContactTicketSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const contact = contactOf(request);
      const { subject, body, html } = request.body;
      const ticket = await createTicket(app.db, {
        organizationId: contact.organizationId,
        openedBy: { type: 'contact', id: contact.contactId },
        ticket: {
          subject,
          requesterId: contact.contactId,
          source: 'portal',
          comment: { body, html, visibility: 'public' },
        },
        jobs: app.jobs,
      });
      reply.status(201);
      return withTenant(app.db, contact.organizationId, (tx) => getContactTicket(tx, contact, ticket.id));
    },
  );

  app.get(
    '/portal/tickets/:id',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'One of my requests',
        security,
        params: IdParams,
        response: { 200: ContactTicketSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const contact = contactOf(request);
      return withTenant(app.db, contact.organizationId, (tx) =>
        getContactTicket(tx, contact, request.params.id),
      );
    },
  );

  app.post(
    '/portal/tickets/:id/resolve',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Mark one of my requests as resolved (a closed one cannot change: 409)',
        security,
        params: IdParams,
        response: { 200: ContactTicketSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      resolveContactTicket(app.db, {
        contact: contactOf(request),
        jobs: app.jobs,
        ticketId: request.params.id,
      }),
  );

  app.get(
    '/portal/tickets/:id/comments',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'The public conversation of one of my requests',
        security,
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(ContactCommentSchema), nextCursor: Type.Null() }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const contact = contactOf(request);
      return withTenant(app.db, contact.organizationId, async (tx) => {
        await getContactTicket(tx, contact, request.params.id);
        return {
          items: await listContactComments(tx, contact.organizationId, request.params.id),
          nextCursor: null,
        };
      });
    },
  );

  app.post(
    '/portal/tickets/:id/comments',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Reply on one of my requests; a reply to a solved one reopens it (if the team allows)',
        security,
        params: IdParams,
        body: ContactReplyBody,
        response: { 201: ContactCommentSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const contact = contactOf(request);
      const body = commentBody(request.body);
      const { organizationId, contactId } = contact;
      const ticketId = request.params.id;
      const outbound = outboundQueueOf(app);
      const [comment] = await withTenant(app.db, organizationId, async (tx) => {
        const { attachmentIds } = request.body;
        const added = await addCustomerReply(tx, {
          organizationId,
          ticketId,
          contactId,
          body,
          attachmentIds,
          outbound,
        });
        return listContactComments(tx, organizationId, ticketId, { commentId: added.id });
      });
      outbound.jobs.wake(SEND_TICKET_EMAIL.name);
      reply.status(201);
      return comment;
    },
  );
}
