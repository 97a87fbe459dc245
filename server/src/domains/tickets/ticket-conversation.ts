import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { attachmentsOfComments } from '../attachments/attachment-rows.ts';
import type { AttachmentSummary } from '../attachments/attachments.schemas.ts';
import type { Actor } from '../auth/actor.ts';
import { commentBody } from './comment-body.ts';
import { insertComment } from './insert-comment.ts';
import { getTicket } from './ticket-rows.ts';
import type { Comment, CommentInputType, TicketEvent } from './tickets.schemas.ts';

type CommentRow = {
  id: string;
  author_type: Comment['authorType'];
  author_id: string | null;
  visibility: Comment['visibility'];
  body_text: string;
  body_html: string;
  mentioned_agent_ids: string[];
  created_at: Date;
};

/** An agent replies (public) or writes an internal note. Comments are never edited afterwards. */
export function addComment(
  db: Database,
  input: { actor: Actor; ticketId: string; comment: CommentInputType },
): Promise<Comment> {
  const { actor, ticketId, comment } = input;
  const { organizationId } = actor;
  const body = commentBody(comment);
  return withTenant(db, organizationId, async (tx) => {
    await getTicket(tx, organizationId, ticketId);
    return insertComment(tx, {
      organizationId,
      ticketId,
      authorType: 'agent',
      authorId: actor.agentId,
      visibility: comment.visibility,
      body,
      opensTicket: false,
      attachmentIds: comment.attachmentIds,
    });
  });
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
      `select c.id, c.author_type, c.author_id, c.visibility, c.body_text, c.body_html, c.created_at,
              coalesce(array(select m.agent_id from comment_mentions m
                              where m.organization_id = c.organization_id and m.comment_id = c.id
                              order by m.agent_id), '{}') as mentioned_agent_ids
         from ticket_comments c
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
