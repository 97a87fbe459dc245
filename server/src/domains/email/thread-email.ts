import type { Queryable } from '../../db/client.ts';
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
};

// "[#1042]" anywhere in the subject, as our outgoing subjects carry it.
const SUBJECT_TAG = /\[#(\d{1,12})\]/;

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
  const byHeaders = await findByReferences(tx, organizationId, email);
  if (byHeaders) return { ticketId: byHeaders, by: 'headers' };
  const byToken = await findByToken(tx, organizationId, email, context);
  if (byToken) return { ticketId: byToken, by: 'reply_token' };
  const { senderContactId } = context;
  const number = SUBJECT_TAG.exec(email.subject)?.[1];
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

/** Message-IDs are compared without their angle brackets and surrounding space. */
export const normalizeMessageId = (id: string): string => id.trim().replace(/^<|>$/g, '');

async function findByReferences(tx: Queryable, organizationId: string, email: ParsedEmail) {
  const ids = [...new Set([email.inReplyTo, ...[...email.references].reverse()])]
    .filter((id): id is string => Boolean(id))
    .map(normalizeMessageId);
  if (ids.length === 0) return null;
  const rows = await tx.query<{ message_id: string; ticket_id: string }>(
    `select message_id, ticket_id from email_message_ids
      where organization_id = $1 and message_id = any($2::text[])`,
    [organizationId, ids],
  );
  const ticketOf = new Map(rows.map((row) => [row.message_id, row.ticket_id]));
  for (const id of ids) {
    const ticketId = ticketOf.get(id);
    if (ticketId) return ticketId;
  }
  return null;
}

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
