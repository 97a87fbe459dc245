import type { Queryable } from '../../db/client.ts';
import { auditInsert } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { bindAttachments } from '../attachments/bind-attachments.ts';
import type { CommentBody } from './comment-body.ts';
import type { Comment } from './tickets.schemas.ts';

export type NewComment = {
  organizationId: string;
  ticketId: string;
  authorType: 'agent' | 'contact' | 'system';
  authorId: string | null;
  visibility: 'public' | 'internal';
  body: CommentBody;
  /** The comment that opens a ticket is the request itself, not a response to it. */
  opensTicket: boolean;
  /** The author's own uploads to this ticket, sent with the comment. */
  attachmentIds?: readonly string[];
  /** A system note an automation rule wrote: its event names the rule and the chain depth. */
  automation?: { ruleId: string; depth: number };
  /** More for the comment's history event, as the macro that wrote it. */
  context?: Record<string, unknown>;
};

const MENTION = /@([^\s@<>]+@[^\s@<>]+\.[A-Za-z]{2,})/g;

/**
 * Writes one comment with its mentions, stamps the first public agent response, records the event.
 * The comment, the ticket's stamps and the event are one statement.
 */
export async function insertComment(tx: Queryable, comment: NewComment): Promise<Comment> {
  const { organizationId, ticketId, automation } = comment;
  const id = newId();
  const firstResponse =
    comment.authorType === 'agent' && comment.visibility === 'public' && !comment.opensTicket;
  const event = auditInsert(
    {
      organizationId,
      actorType: automation ? 'automation' : comment.authorType,
      actorId: automation ? automation.ruleId : comment.authorId,
      action: 'ticket.comment_added',
      entityType: 'ticket',
      entityId: ticketId,
      // The request itself is not an answer to it: SLA timers read this flag.
      changes: {
        commentId: id,
        visibility: comment.visibility,
        ...(comment.opensTicket ? { opensTicket: true } : {}),
        ...automation,
        ...comment.context,
      },
    },
    10,
  );
  const [row] = await tx.query<{ created_at: Date }>(
    `with comment as (
       insert into ticket_comments (organization_id, id, ticket_id, author_type, author_id, visibility, body_text, body_html)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning created_at),
     ticket as (
       update tickets set updated_at = now(),
              first_response_at = case when $9 then coalesce(first_response_at, now()) else first_response_at end
        where organization_id = $1 and id = $3),
     event as (${event.sql})
     select created_at from comment`,
    [
      organizationId,
      id,
      ticketId,
      comment.authorType,
      comment.authorId,
      comment.visibility,
      comment.body.text,
      comment.body.html,
      firstResponse,
      ...event.params,
    ],
  );
  const mentionedAgentIds =
    comment.visibility === 'internal' ? await storeMentions(tx, organizationId, id, comment.body.text) : [];
  const attachments =
    comment.attachmentIds?.length && comment.authorType !== 'system' && comment.authorId
      ? await bindAttachments(tx, {
          organizationId,
          ticketId,
          commentId: id,
          attachmentIds: comment.attachmentIds,
          uploader: { type: comment.authorType, id: comment.authorId },
        })
      : [];
  return {
    id,
    ticketId,
    authorType: comment.authorType,
    authorId: comment.authorId,
    visibility: comment.visibility,
    bodyText: comment.body.text,
    bodyHtml: comment.body.html,
    mentionedAgentIds,
    attachments,
    // Set afterwards by the email pipeline, in the same transaction, when an email made the comment.
    inboundEmailId: null,
    emailDelivery: null,
    createdAt: (row?.created_at ?? new Date()).toISOString(),
  };
}

/** `@agent@example.com` in an internal note mentions that agent, if they are one of ours. */
async function storeMentions(
  tx: Queryable,
  organizationId: string,
  commentId: string,
  text: string,
): Promise<string[]> {
  const emails = [...new Set([...text.matchAll(MENTION)].map((match) => (match[1] ?? '').toLowerCase()))];
  if (emails.length === 0) return [];
  const rows = await tx.query<{ agent_id: string }>(
    `insert into comment_mentions (organization_id, comment_id, agent_id)
     select $1, $2, id from agents where organization_id = $1 and lower(email) = any($3::text[])
     returning agent_id`,
    [organizationId, commentId, emails],
  );
  return rows.map((row) => row.agent_id).sort();
}
