import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../../lib/audit.ts';
import { addCcs, type CcPerson, listCcs, lockCcList, MAX_CCS, uniqueByEmail } from '../tickets/ticket-ccs.ts';
import type { ParsedEmail } from './parse-email.ts';

/**
 * The people a customer copied on their message (To and Cc) join the ticket's CCs, so that they keep
 * hearing of it: on a new ticket, and on a reply by its requester or one of its CCs. A stranger who
 * writes into the thread adds nobody. Addresses are only ever added by email, never removed (an
 * omitted Cc in a reply is more often a hurried "Reply" than a wish), up to the list's limit.
 */
export async function copyRecipients(
  tx: Queryable,
  input: {
    organizationId: string;
    ticketId: string;
    senderContactId: string;
    email: ParsedEmail;
    /** Whether an address is one of the organization's support addresses (they are never CCs). */
    isOwn: (address: string) => boolean;
  },
): Promise<void> {
  const { organizationId, ticketId, senderContactId } = input;
  // Most mail copies nobody but the support address: then there is nothing to look up.
  const copied = copiedPeople(input.email).filter((person) => !input.isOwn(person.email));
  if (copied.length === 0) return;
  const [ticket] = await tx.query<{ requester_id: string; requester_email: string }>(
    `select t.requester_id, c.email as requester_email from tickets t
       join contacts c on c.organization_id = t.organization_id and c.id = t.requester_id
      where t.organization_id = $1 and t.id = $2`,
    [organizationId, ticketId],
  );
  if (!ticket) return;
  await lockCcList(tx, organizationId, ticketId);
  const ccs = await listCcs(tx, organizationId, ticketId);
  const isCc = ccs.some((cc) => cc.id === senderContactId);
  if (ticket.requester_id !== senderContactId && !isCc) return;
  const known = new Set(
    [ticket.requester_email, ...ccs.map((cc) => cc.email)].map((address) => address.toLowerCase()),
  );
  const newcomers = copied
    .filter((person) => !known.has(person.email.toLowerCase()))
    .slice(0, MAX_CCS - ccs.length);
  const added = await addCcs(tx, { organizationId, ticketId, people: newcomers });
  if (added.length === 0) return;
  await recordAudit(tx, {
    organizationId,
    actorType: 'contact',
    actorId: senderContactId,
    action: 'ticket.ccs_changed',
    entityType: 'ticket',
    entityId: ticketId,
    changes: { added, removed: [] },
  });
}

/** Everyone in To and Cc but the sender, each once; group syntax and other non-addresses left out. */
function copiedPeople(email: ParsedEmail): CcPerson[] {
  const sender = email.from?.address.trim().toLowerCase();
  const people = [...email.to, ...email.cc]
    .map((person) => ({ email: person.address.trim(), name: person.name }))
    .filter((person) => /^[^\s@]+@[^\s@]+$/.test(person.email) && person.email.toLowerCase() !== sender);
  return uniqueByEmail(people, (person) => person.email);
}
