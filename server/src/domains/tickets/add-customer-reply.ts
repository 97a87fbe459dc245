import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { OutboundQueue } from '../email/enqueue-email.ts';
import { notifyAgents } from '../notifications/notify-agents.ts';
import type { CommentBody } from './comment-body.ts';
import { insertComment } from './insert-comment.ts';
import type { Comment } from './tickets.schemas.ts';
import { ticketsChanged } from './tickets-changed.ts';

type ReplyTarget = {
  status_id: string;
  category: string;
  requester_id: string;
  assignee_id: string | null;
  reopen: boolean;
};

/**
 * A customer answers on their own ticket (portal now, email later). The reply is always public. When
 * the organization allows it (the default), a reply to a ticket waiting on the customer or solved
 * moves it back to the organization's default open status, so the team sees the ball is in its court.
 * A closed ticket takes no more replies: the customer opens a new request.
 */
export async function addCustomerReply(
  tx: Queryable,
  input: {
    organizationId: string;
    ticketId: string;
    contactId: string;
    body: CommentBody;
    attachmentIds?: readonly string[];
    /**
     * The sender answered the ticket's own email thread (found by its headers): a CC'd colleague may
     * reply as well as the requester. Otherwise only the requester may.
     */
    inThread?: boolean;
    /** Where the assignee's "customer replied" email is queued. */
    outbound: OutboundQueue;
  },
): Promise<Comment> {
  const { organizationId, ticketId, contactId } = input;
  const [ticket] = await tx.query<ReplyTarget>(
    `select t.status_id, s.category, t.requester_id, t.assignee_id, o.reopen_on_customer_reply as reopen
       from tickets t
       join ticket_statuses s on s.organization_id = t.organization_id and s.id = t.status_id
       join organizations o on o.id = t.organization_id
      where t.organization_id = $1 and t.id = $2
        for no key update of t`,
    [organizationId, ticketId],
  );
  if (!ticket || (!input.inThread && ticket.requester_id !== contactId)) throw notFound('Ticket');
  if (ticket.category === 'closed') {
    throw new AppError('conflict', 'This request is closed; please open a new one', { field: 'ticketId' });
  }
  const comment = await insertComment(tx, {
    organizationId,
    ticketId,
    authorType: 'contact',
    authorId: contactId,
    visibility: 'public',
    body: input.body,
    opensTicket: false,
    attachmentIds: input.attachmentIds,
  });
  if (ticket.reopen && (ticket.category === 'pending' || ticket.category === 'solved')) {
    await reopen(tx, { organizationId, ticketId, contactId, fromStatusId: ticket.status_id });
  }
  await ticketsChanged(tx, input.outbound.jobs, { organizationId, ticketIds: [ticketId] });
  await notifyAgents(tx, input.outbound, {
    organizationId,
    ticketId,
    actorAgentId: null,
    // The ticket is locked since its assignee was read.
    notification: { type: 'customer_replied', commentId: comment.id, assigneeId: ticket.assignee_id },
  });
  return comment;
}

async function reopen(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; contactId: string; fromStatusId: string },
): Promise<void> {
  const { organizationId, ticketId } = input;
  const [open] = await tx.query<{ id: string }>(
    `select id from ticket_statuses where organization_id = $1 and category = 'open'
      order by is_default_for_new desc, position limit 1`,
    [organizationId],
  );
  if (!open) return;
  // Only from the status read before: two replies of one email batch, recorded side by side, may both
  // have read it, and the second then finds the ticket open already (no second status change).
  const reopened = await tx.query(
    `update tickets set status_id = $3, solved_at = null, version = version + 1, updated_at = now()
      where organization_id = $1 and id = $2 and status_id = $4
      returning id`,
    [organizationId, ticketId, open.id, input.fromStatusId],
  );
  if (reopened.length === 0) return;
  await recordAudit(tx, {
    organizationId,
    actorType: 'contact',
    actorId: input.contactId,
    action: 'ticket.status_changed',
    entityType: 'ticket',
    entityId: ticketId,
    changes: { field: 'statusId', from: input.fromStatusId, to: open.id, reason: 'customer_reply' },
  });
}
