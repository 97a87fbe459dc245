import { type Bounce, bounceOf, isAutomatic } from './classify-email.ts';
import { type EmailAddress, parseEmail } from './parse-email.ts';
import { type SenderVerification, type SmtpConnection, verifySender } from './verify-sender.ts';

/**
 * What `actionconnect mail parse` prints: the fields the pipeline decides on (the HTML body is left out:
 * inline images make it long).
 */
export type EmailDescription = {
  subject: string;
  from: EmailAddress | null;
  reply_to: EmailAddress[];
  to: EmailAddress[];
  cc: EmailAddress[];
  date: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  references: string[];
  text: string;
  stripped_text: string;
  attachments: { name: string | null; type: string; size: number; sha256: string; inline: boolean }[];
  auto_submitted: { automatic: boolean; reason: string | null };
  bounce: Bounce | null;
  auth: SenderVerification | 'not checked';
};

/** Parses a raw message; sender verification runs only when the SMTP connection that brought it is known. */
export async function describeEmail(raw: Buffer, connection?: SmtpConnection): Promise<EmailDescription> {
  const email = await parseEmail(raw);
  return {
    subject: email.subject,
    from: email.from,
    reply_to: email.replyTo,
    to: email.to,
    cc: email.cc,
    date: email.date?.toISOString() ?? null,
    message_id: email.messageId,
    in_reply_to: email.inReplyTo,
    references: email.references,
    text: email.text,
    stripped_text: email.strippedText,
    attachments: email.attachments.map((attachment) => ({
      name: attachment.filename,
      type: attachment.contentType,
      size: attachment.size,
      sha256: attachment.sha256,
      inline: attachment.inline,
    })),
    auto_submitted: isAutomatic(email),
    bounce: bounceOf(email),
    auth: connection ? await verifySender(raw, connection) : 'not checked',
  };
}
