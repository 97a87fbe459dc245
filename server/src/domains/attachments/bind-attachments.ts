import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { ATTACHMENT_COLUMNS, type AttachmentRow, toAttachmentSummary } from './attachment-rows.ts';
import type { AttachmentSummary, Uploader } from './attachments.schemas.ts';

export type BindAttachmentsInput = {
  organizationId: string;
  ticketId: string;
  commentId: string;
  attachmentIds: readonly string[];
  uploader: Uploader;
};

/**
 * Attaches uploads to the comment being posted, in the comment's transaction. Only the uploader's own
 * uploads that no comment has yet qualify: those of this ticket, and a customer's uploads made before
 * any ticket (portal intake forms), which join this one. Any other id fails the whole comment with a
 * 422 naming the ids, so a file cannot be moved or borrowed from another ticket or person.
 */
export async function bindAttachments(
  tx: Queryable,
  input: BindAttachmentsInput,
): Promise<AttachmentSummary[]> {
  const ids = [...new Set(input.attachmentIds)];
  if (ids.length === 0) return [];
  const rows = await tx.query<AttachmentRow>(
    `update attachments a set comment_id = $3, ticket_id = $2
      where a.organization_id = $1 and (a.ticket_id = $2 or a.ticket_id is null) and a.id = any($4::uuid[])
        and a.comment_id is null
        and a.uploader_type = $5 and a.uploader_id = $6
      returning ${ATTACHMENT_COLUMNS}`,
    [input.organizationId, input.ticketId, input.commentId, ids, input.uploader.type, input.uploader.id],
  );
  if (rows.length !== ids.length) {
    const bound = new Set(rows.map((row) => row.id));
    throw new AppError(
      'unprocessable',
      'Some attachments are unknown, already sent, or not your uploads to this ticket',
      {
        field: 'attachmentIds',
        invalidIds: ids.filter((id) => !bound.has(id)),
      },
    );
  }
  return rows.sort((a, b) => a.id.localeCompare(b.id)).map(toAttachmentSummary);
}
