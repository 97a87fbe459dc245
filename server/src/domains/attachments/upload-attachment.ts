import { pipeline, type Readable } from 'node:stream';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type ObjectStorage, objectKey } from '../../lib/storage/storage.ts';
import {
  type AttachmentLimits,
  attachmentAllowance,
  quotaExceeded,
  uploadLimit,
} from './attachment-limits.ts';
import type { AttachmentSummary, Uploader } from './attachments.schemas.ts';
import { sniffContentType } from './content-type.ts';
import { sanitizeFilename } from './filename.ts';
import { type Measurement, UploadMeter } from './upload-meter.ts';

export type IncomingFile = { filename: string | undefined; stream: Readable };

export type UploadAttachmentInput = {
  organizationId: string;
  /** Null: a customer's upload for a request not yet sent (an intake form); the submission takes it. */
  ticketId: string | null;
  uploader: Uploader;
  instanceLimits: AttachmentLimits;
  /** Opens the request's file once the most it may hold is known (the multipart parser's limit). */
  openFile(maxBytes: number): Promise<IncomingFile>;
};

/**
 * Streams one file into storage while measuring it, then records it as an upload of the ticket (or
 * of no ticket yet), not yet bound to a comment. A file over the size limit or the quota is aborted mid-stream and nothing
 * is kept, neither the object nor a row.
 */
export async function uploadAttachment(
  db: Database,
  storage: ObjectStorage,
  input: UploadAttachmentInput,
): Promise<AttachmentSummary> {
  const { organizationId, ticketId } = input;
  const allowance = await withTenant(db, organizationId, async (tx) => {
    if (ticketId) await assertTicketExists(tx, organizationId, ticketId);
    return attachmentAllowance(tx, organizationId, input.instanceLimits);
  });
  const limit = uploadLimit(allowance);
  const file = await input.openFile(limit.bytes);
  const id = newId();
  const key = objectKey(organizationId, id);
  const meter = new UploadMeter(limit.bytes, limit.exceeded);
  // A failure on either side destroys both streams: a client that goes away fails the store, and a
  // file over the limit stops the request's parsing. Storage sees every failure through the meter.
  pipeline(file.stream, meter, () => undefined);
  try {
    await storage.put(key, meter);
    const measured = meter.measurement();
    return await withTenant(db, organizationId, (tx) =>
      recordUpload(tx, input, { id, key, filename: sanitizeFilename(file.filename), measured }),
    );
  } catch (error) {
    // The upload's own failure is the one to report; a leftover object would only cost space.
    await storage.delete(key).catch(() => undefined);
    throw meter.exceeded ?? error;
  }
}

async function assertTicketExists(tx: Queryable, organizationId: string, ticketId: string): Promise<void> {
  const rows = await tx.query('select 1 from tickets where organization_id = $1 and id = $2', [
    organizationId,
    ticketId,
  ]);
  if (rows.length === 0) throw notFound('Ticket');
}

async function recordUpload(
  tx: Queryable,
  input: UploadAttachmentInput,
  stored: { id: string; key: string; filename: string; measured: Measurement },
): Promise<AttachmentSummary> {
  const { organizationId, ticketId, uploader } = input;
  const { id, measured } = stored;
  // Uploads running side by side each fitted the quota when they started; the last word is taken
  // here, one organization at a time (the row lock is released at commit).
  await tx.query('select 1 from organizations where id = $1 for no key update', [organizationId]);
  const allowance = await attachmentAllowance(tx, organizationId, input.instanceLimits);
  if (allowance.usedBytes + measured.sizeBytes > allowance.quotaBytes) throw quotaExceeded(allowance);
  const contentType = await sniffContentType(measured.head, measured.isUtf8Text);
  const [row] = await tx.query<{ created_at: Date }>(
    `insert into attachments (organization_id, id, ticket_id, uploader_type, uploader_id, filename, content_type,
                              size_bytes, sha256, storage_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning created_at`,
    [
      organizationId,
      id,
      ticketId,
      uploader.type,
      uploader.id,
      stored.filename,
      contentType,
      measured.sizeBytes,
      measured.sha256,
      stored.key,
    ],
  );
  await recordAudit(tx, {
    organizationId,
    actorType: uploader.type,
    actorId: uploader.id,
    action: 'attachment.uploaded',
    entityType: 'attachment',
    entityId: id,
    changes: { ticketId, filename: stored.filename, contentType, sizeBytes: measured.sizeBytes },
  });
  return {
    id,
    ticketId,
    commentId: null,
    filename: stored.filename,
    contentType,
    sizeBytes: measured.sizeBytes,
    sha256: measured.sha256,
    createdAt: (row?.created_at ?? new Date()).toISOString(),
  };
}
