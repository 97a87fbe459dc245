import type { ParsedEmail } from './parse-email.ts';

export type AutomaticReason =
  | 'auto-submitted'
  | 'precedence'
  | 'x-autoreply'
  | 'x-autorespond'
  | 'mailing-list'
  | 'own-address';

export type Automatic = { automatic: boolean; reason: AutomaticReason | null };

/**
 * Whether a machine sent this message (RFC 3834 and the headers auto-responders and list servers
 * actually use). Such mail is kept and threaded but must never cause an auto-reply or a notification,
 * or two robots answer each other for ever. `ownAddresses` are the organization's support addresses:
 * mail from ourselves is a loop by definition.
 */
export function isAutomatic(email: ParsedEmail, ownAddresses: string[] = []): Automatic {
  const reason = automaticReason(email, ownAddresses);
  return { automatic: reason !== null, reason };
}

function automaticReason(email: ParsedEmail, ownAddresses: string[]): AutomaticReason | null {
  const { headers } = email;
  // RFC 3834 §5: "no" is the only value a human's mail carries; comments like "(vacation)" may follow.
  const autoSubmitted = headers['auto-submitted']?.split(/[\s;(]/)[0]?.toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  if (/^(bulk|list|junk)$/i.test(headers.precedence ?? '')) return 'precedence';
  if (headers['x-autoreply'] !== undefined) return 'x-autoreply';
  if (headers['x-autorespond'] !== undefined) return 'x-autorespond';
  if (headers['list-id'] !== undefined || headers['list-unsubscribe'] !== undefined) return 'mailing-list';
  const own = ownAddresses.map((address) => address.toLowerCase());
  if (email.from && own.includes(email.from.address)) return 'own-address';
  return null;
}

export type BounceSign = 'delivery-status' | 'mailer-daemon' | 'empty-return-path';

export type Bounce = {
  sign: BounceSign;
  /** The Message-ID of the message that could not be delivered, when the bounce quotes it. */
  originalMessageId: string | null;
  recipient: string | null;
  /** The enhanced status code (RFC 3463), e.g. 5.1.1; 5.x.x is permanent, 4.x.x temporary. */
  status: string | null;
  action: string | null;
};

const DAEMON_SENDERS = /^(mailer-daemon|postmaster)@/i;

/**
 * A non-delivery report, or null. A delivery-status report (RFC 3464) is certain; a sender named
 * MAILER-DAEMON or postmaster is the old convention. An empty Return-Path alone is also what RFC 3834
 * asks of auto-replies, so it counts as a bounce only on mail that does not say it is an auto-reply.
 */
export function bounceOf(email: ParsedEmail): Bounce | null {
  const sign = bounceSign(email);
  if (!sign) return null;
  const report = deliveryStatusText(email);
  return {
    sign,
    originalMessageId: originalMessageId(email),
    recipient: reportField(report, 'Final-Recipient')?.replace(/^rfc822;\s*/i, '') ?? null,
    status: reportField(report, 'Status')?.match(/^\d\.\d{1,3}\.\d{1,3}/)?.[0] ?? null,
    action: reportField(report, 'Action')?.toLowerCase() ?? null,
  };
}

function bounceSign(email: ParsedEmail): BounceSign | null {
  const { type, reportType } = email.contentType;
  if (type === 'multipart/report' && reportType === 'delivery-status') return 'delivery-status';
  if (email.from && DAEMON_SENDERS.test(email.from.address)) return 'mailer-daemon';
  const autoReplied = email.headers['auto-submitted']?.toLowerCase().startsWith('auto-replied');
  if (email.headers['return-path'] === '<>' && !autoReplied) return 'empty-return-path';
  return null;
}

/** mailparser keeps a message/delivery-status part as text unless the sender marked it an attachment. */
function deliveryStatusText(email: ParsedEmail): string {
  const parts = email.attachments.filter(
    (attachment) => attachment.contentType === 'message/delivery-status',
  );
  return [email.text, ...parts.map((part) => part.content.toString('utf8'))].join('\n');
}

const reportField = (report: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(report)?.[1]?.trim();

const RETURNED_HEADER_TYPES = ['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers'];

/** From the returned message or its headers; failing that, from a copy quoted in the bounce's text. */
function originalMessageId(email: ParsedEmail): string | null {
  const returned = email.attachments
    .filter((attachment) => RETURNED_HEADER_TYPES.includes(attachment.contentType))
    .map((attachment) => headerBlock(attachment.content.toString('utf8')));
  for (const text of [...returned, email.text]) {
    const id = /^Message-ID:[ \t]*(<[^<>\s]+>)/im.exec(text)?.[1];
    if (id) return id;
  }
  return null;
}

/** Only the header block: a returned message may itself quote older messages in its body. */
const headerBlock = (message: string) => message.split(/\r?\n\r?\n/)[0] ?? '';
