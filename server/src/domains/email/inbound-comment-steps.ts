import { Readable } from 'node:stream';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import { type Outcomes, rememberMessageId, type Summary } from './inbound-email-rows.ts';
import type { EmailAttachment, ParsedEmail } from './parse-email.ts';
import type { ProcessDeps, ProcessJob } from './process-inbound-email.ts';

// The steps every message that makes a comment goes through, whoever wrote it (customer or agent).

export async function isClosed(tx: Queryable, organizationId: string, ticketId: string): Promise<boolean> {
  const [row] = await tx.query<{ status_category: string }>(
    'select status_category from tickets where organization_id = $1 and id = $2',
    [organizationId, ticketId],
  );
  return row?.status_category === 'closed';
}

/** What the sender wrote this time: the new part, or the whole text when stripping left nothing. */
export const newPartOf = (email: ParsedEmail): string =>
  email.strippedText.trim() || email.text.trim() || '(empty message)';

/** Remembers the Message-ID for threading; the outcome (written with the others) ties the comment to it. */
export async function linkComment(
  tx: Queryable,
  input: {
    outcomes: Outcomes;
    job: ProcessJob;
    email: ParsedEmail;
    summary: Summary;
    ticketId: string;
    commentId: string | null;
    outcome: string;
  },
): Promise<void> {
  const { organizationId, inboundEmailId } = input.job;
  if (input.email.messageId) {
    await rememberMessageId(tx, {
      organizationId,
      messageId: input.email.messageId,
      ticketId: input.ticketId,
      commentId: input.commentId,
    });
  }
  input.outcomes.record(inboundEmailId, input.summary, {
    state: 'processed',
    outcome: input.outcome,
    ticketId: input.ticketId,
    commentId: input.commentId,
  });
}

/**
 * Files become the sender's uploads, bound to the comment with it. One that breaks a limit (size,
 * quota) is left out rather than failing the message: the raw message keeps it.
 */
export async function storeAttachments(
  deps: ProcessDeps,
  organizationId: string,
  uploader: { type: 'contact' | 'agent'; id: string },
  attachments: readonly EmailAttachment[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const attachment of attachments) {
    try {
      const stored = await uploadAttachment(deps.db, deps.storage, {
        organizationId,
        ticketId: null,
        uploader,
        instanceLimits: deps.attachmentLimits,
        openFile: async () => ({
          filename: attachment.filename ?? undefined,
          stream: Readable.from([attachment.content]),
        }),
      });
      ids.push(stored.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      deps.logger.warn(
        { organizationId, filename: attachment.filename, err: error },
        'email attachment left out',
      );
    }
  }
  return ids;
}
