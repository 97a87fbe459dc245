import type { Queryable } from '../../db/client.ts';
import type { MessageIdLookup } from './known-message-ids.ts';
import type { ParsedEmail } from './parse-email.ts';
import { ticketNumberOfToken, tokenCandidates } from './reply-token.ts';

export type ThreadMatch = {
  ticketId: string;
  /** How the ticket was found, recorded on the message so an agent can see why it landed there. */
  by: 'headers' | 'reply_token' | 'subject_tag';
};

export type ThreadContext = {
  /** The sender as a contact; null for machine mail (which never threads by subject). */
  senderContactId: string | null;
  /** Every address it was sent to: the SMTP envelope's recipients, To and Cc. */
  recipients: readonly string[];
  replyTokenKey: Buffer;
  /** Where Message-IDs are looked up: the table, or what a batch read of it (KnownMessageIds). */
  messageIds: MessageIdLookup;
};

// "[#1042]" anywhere in the subject, as our outgoing subjects carry it.
const SUBJECT_TAG = /\[#(\d{1,12})\]/;

/** The ticket number a subject's tag names, if it has one. */
export const subjectTagOf = (email: ParsedEmail): string | null =>
  SUBJECT_TAG.exec(email.subject)?.[1] ?? null;

/**
 * The ticket an incoming message answers, if any:
 * 1. its In-Reply-To / References name a Message-ID we received or sent for this organization
 *    (the newest reference first: it is the message actually answered);
 * 2. a reply token we signed, in one of those ids or in a `support+<token>@` recipient: it survives
 *    clients that drop References, and its MAC means it cannot be made up;
 * 3. its subject carries a ticket tag and the sender is that ticket's requester, one of its CCs, or has
 *    written on it before, so nobody can join a stranger's ticket by guessing its number.
 */
export async function findThread(
  tx: Queryable,
  organizationId: string,
  email: ParsedEmail,
  context: ThreadContext,
): Promise<ThreadMatch | null> {
  const known = await context.messageIds(referencesOf(email));
  return threadOf(tx, organizationId, email, context, known);
}

/**
 * The ticket the message's own Message-ID was processed into before (it is a duplicate), or else
 * the ticket it answers (`findThread`): one statement for both when it threads by its headers.
 */
export async function findDuplicateOrThread(
  tx: Queryable,
  organizationId: string,
  email: ParsedEmail,
  context: ThreadContext,
): Promise<{ duplicateOf: string | null; thread: ThreadMatch | null }> {
  const own = email.messageId ? normalizeMessageId(email.messageId) : null;
  const known = await context.messageIds([...(own ? [own] : []), ...referencesOf(email)]);
  const duplicateOf = own ? (known.get(own) ?? null) : null;
  if (duplicateOf) return { duplicateOf, thread: null };
  return { duplicateOf: null, thread: await threadOf(tx, organizationId, email, context, known) };
}

async function threadOf(
  tx: Queryable,
  organizationId: string,
  email: ParsedEmail,
  context: ThreadContext,
  known: ReadonlyMap<string, string>,
): Promise<ThreadMatch | null> {
  const byHeaders = referencesOf(email)
    .map((id) => known.get(id))
    .find((ticketId) => ticketId !== undefined);
  if (byHeaders) return { ticketId: byHeaders, by: 'headers' };
  const byToken = await findByToken(tx, organizationId, email, context);
  if (byToken) return { ticketId: byToken, by: 'reply_token' };
  const { senderContactId } = context;
  const number = subjectTagOf(email);
  if (!number || !senderContactId) return null;
  const [row] = await tx.query<{ id: string }>(
    `select t.id from tickets t
      where t.organization_id = $1 and t.number = $2
        and (t.requester_id = $3
             or exists (select 1 from ticket_ccs cc
                         where cc.organization_id = t.organization_id and cc.ticket_id = t.id
                           and cc.contact_id = $3)
             or exists (select 1 from ticket_comments c
                         where c.organization_id = t.organization_id and c.ticket_id = t.id
                           and c.author_type = 'contact' and c.author_id = $3))`,
    [organizationId, Number(number), senderContactId],
  );
  return row ? { ticketId: row.id, by: 'subject_tag' } : null;
}

/**
 * Whether a message carries anything `findThread` could thread it by (references, a reply token, a
 * subject tag); without any, it opens a ticket, unless its Message-ID was processed before.
 */
export function mayThread(email: ParsedEmail, recipients: readonly string[]): boolean {
  if (email.inReplyTo || email.references.length > 0 || SUBJECT_TAG.test(email.subject)) return true;
  const addresses = [...recipients, ...email.to.map((to) => to.address), ...email.cc.map((cc) => cc.address)];
  return tokenCandidates([], addresses).length > 0;
}

/** The Message-IDs a message answers, the newest reference (the message actually answered) first. */
export const referencesOf = (email: ParsedEmail): string[] =>
  [...new Set([email.inReplyTo, ...[...email.references].reverse()])]
    .filter((id): id is string => Boolean(id))
    .map(normalizeMessageId);

/** Message-IDs are compared without their angle brackets and surrounding space. */
export const normalizeMessageId = (id: string): string => id.trim().replace(/^<|>$/g, '');

async function findByToken(
  tx: Queryable,
  organizationId: string,
  email: ParsedEmail,
  context: ThreadContext,
) {
  const ids = [email.inReplyTo, ...[...email.references].reverse()].filter((id): id is string => Boolean(id));
  const addresses = [
    ...context.recipients,
    ...email.to.map((to) => to.address),
    ...email.cc.map((cc) => cc.address),
  ];
  const numbers = tokenCandidates(ids, addresses)
    .map((token) => ticketNumberOfToken(context.replyTokenKey, organizationId, token))
    .filter((number): number is number => number !== null);
  const [number] = numbers;
  if (number === undefined) return null;
  const [row] = await tx.query<{ id: string }>(
    'select id from tickets where organization_id = $1 and number = $2',
    [organizationId, number],
  );
  return row?.id ?? null;
}
