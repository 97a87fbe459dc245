import type { Queryable } from '../../db/client.ts';
import type { AttachmentSummary } from './attachments.schemas.ts';

export type AttachmentRow = {
  id: string;
  ticket_id: string | null;
  comment_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: Date;
};

// Sizes are bigint; float8 reads them as numbers on both drivers (exact up to 2^53 bytes).
export const ATTACHMENT_COLUMNS = `a.id, a.ticket_id, a.comment_id, a.filename, a.content_type,
  a.size_bytes::float8 as size_bytes, a.sha256, a.storage_key, a.created_at`;

export const toAttachmentSummary = (row: AttachmentRow): AttachmentSummary => ({
  id: row.id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  filename: row.filename,
  contentType: row.content_type,
  sizeBytes: row.size_bytes,
  sha256: row.sha256,
  createdAt: row.created_at.toISOString(),
});

/** The files of each comment, in upload order; every comment asked for has an entry, empty if none. */
export async function attachmentsOfComments(
  tx: Queryable,
  organizationId: string,
  commentIds: readonly string[],
): Promise<Map<string, AttachmentSummary[]>> {
  const byComment = new Map<string, AttachmentSummary[]>(commentIds.map((id) => [id, []]));
  if (commentIds.length === 0) return byComment;
  const rows = await tx.query<AttachmentRow>(
    `select ${ATTACHMENT_COLUMNS} from attachments a
      where a.organization_id = $1 and a.comment_id = any($2::uuid[])
      order by a.comment_id, a.id`,
    [organizationId, [...new Set(commentIds)]],
  );
  for (const row of rows) byComment.get(row.comment_id ?? '')?.push(toAttachmentSummary(row));
  return byComment;
}
