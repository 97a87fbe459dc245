import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { attachmentsOfComments } from '../attachments/attachment-rows.ts';
import type { AttachmentSummary } from '../attachments/attachments.schemas.ts';
import type { Actor } from '../auth/actor.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import { enqueueReplyEmail, type OutboundQueue } from '../email/enqueue-email.ts';
import { notifyAgents } from '../notifications/notify-agents.ts';
import { refuseIfChangedSince } from '../realtime/check-collision.ts';
import { commentBody } from './comment-body.ts';
import { insertComment } from './insert-comment.ts';
import { getTicket } from './ticket-rows.ts';
import type {
  AgentCommentInputType,
  Comment,
  CommentInputType,
  EmailDelivery,
  TicketEvent,
} from './tickets.schemas.ts';
import { ticketsChanged } from './tickets-changed.ts';

type CommentRow = {
  id: string;
  author_type: Comment['authorType'];
  author_id: string | null;
  visibility: Comment['visibility'];
  body_text: string;
  body_html: string;
  mentioned_agent_ids: string[];
  inbound_email_id: string | null;
  created_at: Date;
  delivery_state: EmailDelivery['state'] | null;
  delivery_attempts: number | null;
  delivery_error: string | null;
  delivery_recipients: string[] | null;
  delivery_sent_at: Date | null;
};

/**
 * An agent replies (public) or writes an internal note. Comments are never edited afterwards. A public
 * reply is emailed to the requester by a job queued in the same transaction; an internal note never is,
 * though the agents it mentions are notified.
 */
export async function addComment(
  deps: { db: Database; outbound: OutboundQueue },
  input: { actor: Actor; ticketId: string; comment: AgentCommentInputType },
): Promise<Comment> {
  const { organizationId } = input.actor;
  const added = await withTenant(deps.db, organizationId, async (tx) => {
    await getTicket(tx, organizationId, input.ticketId);
    const { seenSeq, force } = input.comment;
    if (seenSeq !== undefined && !force) {
      await refuseIfChangedSince(tx, {
        organizationId,
        ticketId: input.ticketId,
        agentId: input.actor.agentId,
        seenSeq,
      });
    }
    return addCommentInTransaction(tx, deps.outbound, input);
  });
  if (added.emailDelivery || added.mentionedAgentIds.length > 0)
    deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
  return added;
}

/**
 * An agent's comment inside a transaction that already holds the ticket, for changes that add one
 * with others (a macro's reply): stored, its mentions notified, a public one's email queued. The
 * caller wakes the email sender after committing. `context` goes into the comment's history event.
 */
export async function addCommentInTransaction(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { actor: Actor; ticketId: string; comment: CommentInputType; context?: Record<string, unknown> },
): Promise<Comment> {
  const { actor, ticketId, comment } = input;
  const { organizationId } = actor;
  const inserted = await insertComment(tx, {
    organizationId,
    ticketId,
    authorType: 'agent',
    authorId: actor.agentId,
    visibility: comment.visibility,
    body: commentBody(comment),
    opensTicket: false,
    attachmentIds: comment.attachmentIds,
    context: input.context,
  });
  await ticketsChanged(tx, outbound.jobs, { organizationId, ticketIds: [ticketId] });
  await notifyAgents(tx, outbound, {
    organizationId,
    ticketId,
    actorAgentId: actor.agentId,
    notification: {
      type: 'mentioned',
      commentId: inserted.id,
      mentionedAgentIds: inserted.mentionedAgentIds,
    },
  });
  if (comment.visibility !== 'public') return inserted;
  const emailDelivery = await enqueueReplyEmail(tx, outbound, {
    organizationId,
    ticketId,
    commentId: inserted.id,
  });
  return { ...inserted, emailDelivery };
}

export type CommentPage = { limit: number; cursor?: string; order: 'asc' | 'desc' };

/** The agent's view of the conversation, internal notes included, a page at a time (oldest first by default). */
export function listComments(
  db: Database,
  input: { organizationId: string; ticketId: string; page: CommentPage },
): Promise<PageOf<Comment>> {
  const { organizationId, ticketId, page } = input;
  const after = decodeCursor(page.cursor);
  const direction = page.order === 'desc' ? 'desc' : 'asc';
  const beyond = direction === 'desc' ? '<' : '>';
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<CommentRow>(
      `select c.id, c.author_type, c.author_id, c.visibility, c.body_text, c.body_html, c.inbound_email_id, c.created_at,
              coalesce(array(select m.agent_id from comment_mentions m
                              where m.organization_id = c.organization_id and m.comment_id = c.id
                              order by m.agent_id), '{}') as mentioned_agent_ids,
              d.state as delivery_state, d.attempts as delivery_attempts, d.error as delivery_error,
              d.recipients as delivery_recipients, d.sent_at as delivery_sent_at
         from ticket_comments c
         left join email_deliveries d
           on d.organization_id = c.organization_id and d.comment_id = c.id and d.kind = 'reply'
        where c.organization_id = $1 and c.ticket_id = $2
          and ($3::uuid is null or c.id ${beyond} $3)
        order by c.id ${direction}
        limit $4`,
      [organizationId, ticketId, after, page.limit + 1],
    );
    const files = await attachmentsOfComments(
      tx,
      organizationId,
      rows.map((row) => row.id),
    );
    return toPage(rows, page.limit, (row) => toComment(ticketId, row, files.get(row.id) ?? []));
  });
}

function toComment(ticketId: string, row: CommentRow, attachments: AttachmentSummary[]): Comment {
  return {
    id: row.id,
    ticketId,
    authorType: row.author_type,
    authorId: row.author_id,
    visibility: row.visibility,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    mentionedAgentIds: row.mentioned_agent_ids,
    attachments,
    inboundEmailId: row.inbound_email_id,
    emailDelivery: row.delivery_state
      ? {
          state: row.delivery_state,
          attempts: row.delivery_attempts ?? 0,
          error: row.delivery_error,
          recipients: row.delivery_recipients ?? [],
          sentAt: row.delivery_sent_at?.toISOString() ?? null,
        }
      : null,
    createdAt: row.created_at.toISOString(),
  };
}

type EventRow = {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  changes: Record<string, unknown>;
  created_at: Date;
};

/** The ticket's history, oldest first, a page at a time. */
export function listTicketEvents(
  db: Database,
  input: { actor: Actor; ticketId: string; page: PageRequest },
): Promise<PageOf<TicketEvent>> {
  const { organizationId } = input.actor;
  const limit = pageLimit(input.page);
  return withTenant(db, organizationId, async (tx) => {
    await getTicket(tx, organizationId, input.ticketId);
    const rows = await tx.query<EventRow>(
      `select id, action, actor_type, actor_id, changes, created_at from audit_events
        where organization_id = $1 and entity_type = 'ticket' and entity_id = $2
          and ($3::uuid is null or id > $3)
        order by id
        limit $4`,
      [organizationId, input.ticketId, decodeCursor(input.page.cursor), limit + 1],
    );
    return toPage(rows, limit, (row) => ({
      id: row.id,
      action: row.action,
      actorType: row.actor_type,
      actorId: row.actor_id,
      changes: row.changes,
      createdAt: row.created_at.toISOString(),
    }));
  });
}

/**
 * A ticket an agent opens for a customer (a phone call, say) with a public first message: that message
 * is emailed to the requester like any public reply. Runs in the creating transaction.
 */
export async function emailOpeningMessage(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string },
): Promise<boolean> {
  const [opening] = await tx.query<{ id: string }>(
    `select id from ticket_comments
      where organization_id = $1 and ticket_id = $2 and author_type = 'agent' and visibility = 'public'
      order by created_at limit 1`,
    [input.organizationId, input.ticketId],
  );
  if (!opening) return false;
  return (await enqueueReplyEmail(tx, outbound, { ...input, commentId: opening.id })) !== null;
}
