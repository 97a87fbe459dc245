import { createHash } from 'node:crypto';
import {
  type AddressObject,
  type Attachment,
  type ParsedMail,
  type StructuredHeader,
  simpleParser,
} from 'mailparser';
import { AppError } from '../../lib/errors.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { stripHtmlReply, stripPlainReply } from './strip-reply.ts';

export type EmailAddress = { address: string; name: string };

export type EmailAttachment = {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  /** Shown in the body (an image the HTML refers to by cid:) rather than attached beside it. */
  inline: boolean;
  content: Buffer;
};

/** The headers that later steps decide on (loops, bounces, Outlook threading), unfolded, lowercase names. */
export const KEPT_HEADERS = [
  'auto-submitted',
  'precedence',
  'x-autoreply',
  'x-autorespond',
  'list-id',
  'list-unsubscribe',
  'return-path',
  'thread-index',
  'thread-topic',
] as const;
export type KeptHeader = (typeof KEPT_HEADERS)[number];

export type ParsedEmail = {
  subject: string;
  from: EmailAddress | null;
  replyTo: EmailAddress[];
  to: EmailAddress[];
  cc: EmailAddress[];
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  /** Oldest first, as in the header. */
  references: string[];
  /** The MIME type of the whole message, e.g. multipart/report, with its report-type when it has one. */
  contentType: { type: string; reportType: string | null };
  text: string;
  /** Sanitized as comments are; inline images are embedded as data: URLs by mailparser. */
  html: string | null;
  strippedText: string;
  attachments: EmailAttachment[];
  headers: Partial<Record<KeptHeader, string>>;
};

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw);
  const text = mail.text?.trim() ?? '';
  const html = mail.html ? sanitizedHtml(mail.html) : null;
  return {
    subject: mail.subject ?? '',
    from: addressesOf(mail.from)[0] ?? null,
    replyTo: addressesOf(mail.replyTo),
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    date: mail.date ?? null,
    messageId: mail.messageId ?? null,
    inReplyTo: messageIdsIn(mail.inReplyTo ?? '')[0] ?? null,
    references: referencesOf(mail.references),
    contentType: contentTypeOf(mail),
    text,
    html,
    // The HTML body marks its quotes with markup, so it is stripped first; plain text is the fallback.
    strippedText: (mail.html ? stripHtmlReply(mail.html) : '') || stripPlainReply(text),
    attachments: mail.attachments.map(attachmentOf),
    headers: keptHeaders(mail),
  };
}

function sanitizedHtml(html: string): string | null {
  try {
    return commentBody({ html }).html;
  } catch (error) {
    // An HTML part with nothing visible in it is no body.
    if (error instanceof AppError) return null;
    throw error;
  }
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .filter((entry) => entry.address)
    .map((entry) => ({ address: entry.address?.toLowerCase() ?? '', name: entry.name }));
}

const messageIdsIn = (value: string) => value.match(/<[^<>\s]+>/g) ?? [];

function referencesOf(references: string | string[] | undefined): string[] {
  const values = Array.isArray(references) ? references : references ? [references] : [];
  return values.flatMap(messageIdsIn);
}

function contentTypeOf(mail: ParsedMail): ParsedEmail['contentType'] {
  // mailparser always parses Content-Type into value and params; the Map is typed for every header.
  const header = mail.headers.get('content-type') as StructuredHeader | undefined;
  // RFC 2045 §5.2: a message without a Content-Type is text/plain.
  if (!header) return { type: 'text/plain', reportType: null };
  const reportType = header.params['report-type'];
  return { type: header.value.toLowerCase(), reportType: reportType ? reportType.toLowerCase() : null };
}

function attachmentOf(attachment: Attachment): EmailAttachment {
  return {
    filename: attachment.filename ?? null,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: createHash('sha256').update(attachment.content).digest('hex'),
    contentId: attachment.contentId ?? null,
    inline: attachment.contentDisposition === 'inline' && Boolean(attachment.contentId),
    content: attachment.content,
  };
}

function keptHeaders(mail: ParsedMail): ParsedEmail['headers'] {
  const headers: ParsedEmail['headers'] = {};
  for (const { key, line } of mail.headerLines) {
    const name = KEPT_HEADERS.find((kept) => kept === key);
    // The first occurrence wins: it is the one the last hop added (Return-Path) or the sender wrote.
    if (name && headers[name] === undefined) headers[name] = unfold(line.slice(line.indexOf(':') + 1));
  }
  return headers;
}

const unfold = (value: string) => value.replace(/\r?\n[ \t]+/g, ' ').trim();
