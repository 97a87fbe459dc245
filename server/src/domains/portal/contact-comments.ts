import type { Queryable } from '../../db/client.ts';
import { attachmentsOfComments } from '../attachments/attachment-rows.ts';
import type { ContactComment } from './portal.schemas.ts';

type ContactCommentRow = {
  id: string;
  ticket_id: string;
  author_type: ContactComment['author']['type'];
  author_name: string | null;
  body_text: string;
  body_html: string;
  created_at: Date;
};

/**
 * The public conversation of a ticket, oldest first. Internal notes are filtered in the query itself,
 * so no later code can leak them; agents appear by name only.
 */
export async function listContactComments(
  tx: Queryable,
  organizationId: string,
  ticketId: string,
  only: { commentId?: string } = {},
): Promise<ContactComment[]> {
  const rows = await tx.query<ContactCommentRow>(
    `select c.id, c.ticket_id, c.author_type, c.body_text, c.body_html, c.created_at,
            coalesce(a.name, k.name) as author_name
       from ticket_comments c
       left join agents a on c.author_type = 'agent' and a.organization_id = c.organization_id and a.id = c.author_id
       left join contacts k on c.author_type = 'contact' and k.organization_id = c.organization_id and k.id = c.author_id
      where c.organization_id = $1 and c.ticket_id = $2 and c.visibility = 'public'
        and ($3::uuid is null or c.id = $3)
      order by c.id`,
    [organizationId, ticketId, only.commentId ?? null],
  );
  const files = await attachmentsOfComments(
    tx,
    organizationId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    author: { type: row.author_type, name: row.author_name ?? '' },
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    attachments: files.get(row.id) ?? [],
    createdAt: row.created_at.toISOString(),
  }));
}
