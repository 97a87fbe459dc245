import { randomBytes } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';

export type QuotedComment = { authorName: string; createdAt: Date; text: string; html: string };

export type OutgoingEmail = {
  from: { name: string; address: string };
  to: string[];
  /** Copied: the ticket's CCs on a reply; nobody on automatic mail. */
  cc: string[];
  ticket: { id: string; number: number; subject: string; createdAt: Date };
  /** The signed reply token: in our Message-ID and in the Reply-To's plus part. */
  token: string;
  messageId: string;
  /** Message-IDs of the ticket's thread, oldest first, without angle brackets. */
  threadIds: string[];
  /** Replies: "Re: [#n] subject"; automatic mail brings its own subject (the tag is added if missing). */
  subject: string | null;
  body: { text: string; html: string };
  /** The recent public conversation, newest first, quoted below the body. */
  history: QuotedComment[];
  /**
   * Automatic mail is marked so that auto-responders do not answer it (RFC 3834): an acknowledgement
   * answers the customer's message (auto-replied), a notification to an agent answers nothing
   * (auto-generated). Null for a person's reply.
   */
  automatic: 'auto-replied' | 'auto-generated' | null;
};

// Mail clients and servers choke on very long References; the first id and the newest ones are enough.
const MAX_REFERENCES = 10;

/** A Message-ID that carries the reply token: `ac1042-<mac>.<random>@domain`. */
export const newMessageId = (token: string, domain: string): string =>
  `${token}.${randomBytes(12).toString('hex')}@${domain}`;

/** The nodemailer message: threading headers for every client, the tag in the subject, HTML and text. */
export function composeEmail(email: OutgoingEmail): SendMailOptions {
  const { ticket, from } = email;
  const [local, domain] = from.address.split('@');
  const references = cappedReferences(email.threadIds);
  const newest = references.at(-1);
  return {
    from: { name: from.name, address: from.address },
    to: email.to,
    ...(email.cc.length > 0 ? { cc: email.cc } : {}),
    replyTo: `${local}+${email.token}@${domain}`,
    subject: subjectOf(email),
    messageId: `<${email.messageId}>`,
    ...(newest ? { inReplyTo: `<${newest}>`, references: references.map((id) => `<${id}>`) } : {}),
    headers: {
      'Thread-Topic': ticket.subject,
      'Thread-Index': threadIndex(ticket.id, ticket.createdAt, email.threadIds.length),
      ...(email.automatic ? { 'Auto-Submitted': email.automatic, 'X-Auto-Response-Suppress': 'All' } : {}),
    },
    text: withQuotedText(email.body.text, email.history),
    html: withQuotedHtml(email.body.html, email.history),
  };
}

function subjectOf(email: OutgoingEmail): string {
  const tag = `[#${email.ticket.number}]`;
  if (email.subject !== null) return email.subject.includes(tag) ? email.subject : `${tag} ${email.subject}`;
  return `${email.threadIds.length > 0 ? 'Re: ' : ''}${tag} ${email.ticket.subject}`;
}

const cappedReferences = (ids: string[]): string[] =>
  ids.length <= MAX_REFERENCES ? ids : [...ids.slice(0, 1), ...ids.slice(-(MAX_REFERENCES - 1))];

/**
 * Outlook's conversation index: a 22-byte header (6 bytes of the conversation's start as a FILETIME,
 * then a GUID, here the ticket's id) that every message of the thread shares, plus a 5-byte block
 * per earlier message. Outlook groups by the header, so all mail of a ticket lands in one conversation.
 */
export function threadIndex(ticketId: string, startedAt: Date, earlierMessages: number): string {
  const filetime = Buffer.alloc(8);
  filetime.writeBigUInt64BE(BigInt(startedAt.getTime()) * 10_000n + 116_444_736_000_000_000n);
  const guid = Buffer.from(ticketId.replace(/-/g, ''), 'hex');
  const children = Array.from({ length: Math.min(earlierMessages, 50) }, (_, index) =>
    Buffer.from([0, 0, 0, 0, index & 0x0f]),
  );
  return Buffer.concat([filetime.subarray(0, 6), guid, ...children]).toString('base64');
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attribution = (quoted: QuotedComment) =>
  `On ${quoted.createdAt.toUTCString()}, ${quoted.authorName} wrote:`;

function withQuotedText(text: string, history: QuotedComment[]): string {
  const quotes = history.map(
    (quoted) =>
      `${attribution(quoted)}\n${quoted.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}`,
  );
  return [text, ...quotes].join('\n\n');
}

function withQuotedHtml(html: string, history: QuotedComment[]): string {
  const quotes = history.map(
    (quoted) =>
      `<p>${escapeHtml(attribution(quoted))}</p><blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${quoted.html}</blockquote>`,
  );
  return `<div>${html}</div>${quotes.join('')}`;
}
