import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, IdParams, Page, PageQuery, Uuid } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import { notifyAgents } from '../notifications/notify-agents.ts';
import { bulkUpdateTickets } from './bulk-update-tickets.ts';
import { countQueues } from './count-queues.ts';
import { createTicket } from './create-ticket.ts';
import { listTickets } from './list-tickets.ts';
import { mergeTicket } from './merge-tickets.ts';
import { replaceTicketCcs } from './replace-ticket-ccs.ts';
import { listCcs } from './ticket-ccs.ts';
import { addComment, emailOpeningMessage, listComments, listTicketEvents } from './ticket-conversation.ts';
import { TicketListQuery } from './ticket-list-query.ts';
import { getTicket } from './ticket-rows.ts';
import {
  AgentCommentInput,
  BulkUpdateBody,
  CcListSchema,
  CommentListQuery,
  CommentSchema,
  CreateTicketBody,
  QueueCountsSchema,
  QueueTicketSchema,
  ReplaceCcsBody,
  TicketEventSchema,
  TicketSchema,
  UpdateTicketBody,
} from './tickets.schemas.ts';
import { updateTicket } from './update-ticket.ts';

/** The version a write expects, from `If-Match: "3"` (ETag style) or the body's `version`. */
function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  const fromHeader = typeof header === 'string' ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim())?.[1] : undefined;
  const version = fromHeader ? Number(fromHeader) : bodyVersion;
  if (version === undefined) {
    throw new AppError('validation_failed', 'Send the version you read, as If-Match or `version`', {
      field: 'version',
    });
  }
  return version;
}

export async function ticketsRoutes(app: App): Promise<void> {
  app.post(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: "Open a ticket on a customer's behalf, optionally with its first comment",
        body: CreateTicketBody,
        response: { 201: TicketSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const { organizationId, agentId, authMethod } = actorOf(request);
      // An integration's ticket says so unless it names another source.
      const source = request.body.source ?? (authMethod === 'api_token' ? 'api' : 'agent');
      const outbound = outboundQueueOf(app);
      let emailed = false;
      const ticket = await createTicket(app.db, {
        organizationId,
        openedBy: { type: 'agent', id: agentId },
        ticket: { ...request.body, source },
        jobs: app.jobs,
        alsoInTransaction: async (tx, ticketId) => {
          emailed = await emailOpeningMessage(tx, outbound, { organizationId, ticketId });
          const notified = await notifyAgents(tx, outbound, {
            organizationId,
            ticketId,
            actorAgentId: agentId,
            notification: { type: 'assigned', assigneeId: request.body.assigneeId ?? null },
          });
          emailed ||= notified > 0;
        },
      });
      if (emailed) outbound.jobs.wake(SEND_TICKET_EMAIL.name);
      reply.status(201).header('etag', `"${ticket.version}"`);
      return ticket;
    },
  );

  app.get(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A queue: tickets by filters, sorted (most recently updated first by default), keyset-paged',
        querystring: TicketListQuery,
        response: { 200: Page(QueueTicketSchema), ...errorResponses(400) },
      },
    },
    async (request) => listTickets(app.db, { viewer: actorOf(request), request: request.query }),
  );

  app.get(
    '/tickets/queue-counts',
    {
      schema: {
        tags: ['tickets'],
        summary: "How many open tickets are mine, unassigned, in all, and in each team's queue",
        response: { 200: QueueCountsSchema, ...errorResponses() },
      },
    },
    async (request) => countQueues(app.db, { viewer: actorOf(request) }),
  );

  app.post(
    '/tickets/bulk-update',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change up to 100 tickets at once: all of them or, on any error, none',
        body: BulkUpdateBody,
        response: {
          200: Type.Object({ items: Type.Array(TicketSchema), changedCount: Type.Integer() }),
          ...errorResponses(400, 422),
        },
      },
    },
    async (request) => {
      const outbound = outboundQueueOf(app);
      const updated = await bulkUpdateTickets(app.db, {
        actor: actorOf(request),
        outbound,
        ticketIds: request.body.ticketIds,
        changes: request.body.changes,
      });
      if (request.body.changes.assigneeId) outbound.jobs.wake(SEND_TICKET_EMAIL.name);
      return updated;
    },
  );

  app.get(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'One ticket; its ETag is its version',
        params: IdParams,
        response: { 200: TicketSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { organizationId } = actorOf(request);
      const ticket = await withTenant(app.db, organizationId, (tx) =>
        getTicket(tx, organizationId, request.params.id),
      );
      reply.header('etag', `"${ticket.version}"`);
      return ticket;
    },
  );

  app.patch(
    '/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change a ticket; a stale version is a 409 carrying the current ticket',
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: TicketSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const outbound = outboundQueueOf(app);
      const ticket = await updateTicket(app.db, {
        actor: actorOf(request),
        outbound,
        ticketId: request.params.id,
        expectedVersion: expectedVersion(request, version),
        changes,
      });
      if (changes.assigneeId) outbound.jobs.wake(SEND_TICKET_EMAIL.name);
      reply.header('etag', `"${ticket.version}"`);
      return ticket;
    },
  );

  app.post(
    '/tickets/:id/merge',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Merge this ticket into another: its comments move there and it is closed with a pointer',
        params: IdParams,
        body: Type.Object({ targetTicketId: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({ source: TicketSchema, target: TicketSchema }),
          ...errorResponses(400, 404, 409, 422),
        },
      },
    },
    async (request) =>
      mergeTicket(app.db, {
        actor: actorOf(request),
        jobs: app.jobs,
        sourceId: request.params.id,
        targetId: request.body.targetTicketId,
      }),
  );

  app.post(
    '/tickets/:id/comments',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Reply to the customer (public) or write an internal note',
        params: IdParams,
        body: AgentCommentInput,
        response: { 201: CommentSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const comment = await addComment(
        { db: app.db, outbound: outboundQueueOf(app) },
        {
          actor: actorOf(request),
          ticketId: request.params.id,
          comment: request.body,
        },
      );
      reply.status(201);
      return comment;
    },
  );

  app.get(
    '/tickets/:id/comments',
    {
      schema: {
        tags: ['tickets'],
        summary: 'The conversation, oldest first, internal notes included (agents only)',
        params: IdParams,
        querystring: CommentListQuery,
        response: { 200: Page(CommentSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const { id: ticketId } = request.params;
      await withTenant(app.db, organizationId, (tx) => getTicket(tx, organizationId, ticketId));
      const { limit = 50, cursor, order } = request.query;
      return listComments(app.db, {
        organizationId,
        ticketId,
        page: { limit, cursor, order },
      });
    },
  );

  app.get(
    '/tickets/:id/ccs',
    {
      schema: {
        tags: ['tickets'],
        summary: 'The customers copied on the conversation',
        params: IdParams,
        response: { 200: CcListSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const { id: ticketId } = request.params;
      return withTenant(app.db, organizationId, async (tx) => {
        await getTicket(tx, organizationId, ticketId);
        return { items: await listCcs(tx, organizationId, ticketId) };
      });
    },
  );

  app.put(
    '/tickets/:id/ccs',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Replace the CC list; public replies are emailed to the requester with these copied',
        params: IdParams,
        body: ReplaceCcsBody,
        response: { 200: CcListSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => ({
      items: await replaceTicketCcs(app.db, {
        actor: actorOf(request),
        ticketId: request.params.id,
        emails: request.body.emails,
      }),
    }),
  );

  app.get(
    '/tickets/:id/events',
    {
      schema: {
        tags: ['tickets'],
        summary: "The ticket's history: who changed what, from what, to what, when",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(TicketEventSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      listTicketEvents(app.db, { actor: actorOf(request), ticketId: request.params.id, page: request.query }),
  );
}
