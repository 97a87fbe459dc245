import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import { ATTACHMENT_COLUMNS, type AttachmentRow } from './attachment-rows.ts';

export type AttachmentViewer = { kind: 'agent' } | { kind: 'contact'; contactId: string };

/** What a download needs: the stored object and how to label it. */
export type DownloadableAttachment = {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
};

// A customer sees the files of public comments on their own requests (the comment's ticket, which
// is where a merge moves it), and their own uploads not yet sent with a comment.
const CONTACT_MAY_SEE = `(
    (a.comment_id is null and a.uploader_type = 'contact' and a.uploader_id = $3)
    or exists (
      select 1 from ticket_comments c
        join tickets t on t.organization_id = c.organization_id and t.id = c.ticket_id
       where c.organization_id = a.organization_id and c.id = a.comment_id
         and c.visibility = 'public' and t.requester_id = $3))`;

/**
 * The attachment if this viewer may download it. Agents see every file of their organization's tickets
 * (not a customer's portal upload that no request took yet, which is still the customer's). Anything
 * the viewer may not see is "not found", exactly like an id that does not exist, so its existence
 * does not leak.
 */
export async function findDownloadableAttachment(
  tx: Queryable,
  input: { organizationId: string; attachmentId: string; viewer: AttachmentViewer },
): Promise<DownloadableAttachment> {
  const { organizationId, attachmentId, viewer } = input;
  const [row] =
    viewer.kind === 'agent'
      ? await tx.query<AttachmentRow>(
          `select ${ATTACHMENT_COLUMNS} from attachments a
            where a.organization_id = $1 and a.id = $2 and a.ticket_id is not null`,
          [organizationId, attachmentId],
        )
      : await tx.query<AttachmentRow>(
          `select ${ATTACHMENT_COLUMNS} from attachments a
            where a.organization_id = $1 and a.id = $2 and ${CONTACT_MAY_SEE}`,
          [organizationId, attachmentId, viewer.contactId],
        );
  if (!row) throw notFound('Attachment');
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    storageKey: row.storage_key,
  };
}
