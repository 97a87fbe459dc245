import { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import type { Outcomes, Summary } from './inbound-email-rows.ts';
import type { KnownMessageIds } from './known-message-ids.ts';
import type { EmailAttachment, ParsedEmail } from './parse-email.ts';
import type { ProcessDeps, ProcessJob } from './process-inbound-email.ts';

// The steps every message that makes a comment goes through, whoever wrote it (customer or agent).

/** What the sender wrote this time: the new part, or the whole text when stripping left nothing. */
export const newPartOf = (email: ParsedEmail): string =>
  email.strippedText.trim() || email.text.trim() || '(empty message)';

/**
 * Remembers the Message-ID for threading; the outcome (written with the others) ties the comment to
 * it. Both are written just before the batch commits.
 */
export function linkComment(input: {
  known: KnownMessageIds;
  outcomes: Outcomes;
  job: ProcessJob;
  email: ParsedEmail;
  summary: Summary;
  ticketId: string;
  commentId: string | null;
  outcome: string;
}): void {
  const { inboundEmailId } = input.job;
  if (input.email.messageId) {
    input.known.remember({
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
