import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { findOrCreateContact } from '../contacts/contact-rows.ts';
import { ownAddressMatcher } from '../email/own-addresses.ts';

// Past a few dozen people a ticket is a mailing list, and every public reply would go to all of them.
export const MAX_CCS = 20;

/** A contact copied on a ticket's conversation. */
export type Cc = { id: string; email: string; name: string };

/** A person to copy, as an agent typed them or as a message's header named them. */
export type CcPerson = { email: string; name?: string };

/**
 * An agent's save and a customer's email may change one list at once, each counting it before the
 * other's change: the ticket's row is locked until the transaction ends, so the limit holds.
 */
export async function lockCcList(tx: Queryable, organizationId: string, ticketId: string): Promise<void> {
  await tx.query('select 1 from tickets where organization_id = $1 and id = $2 for no key update', [
    organizationId,
    ticketId,
  ]);
}

export async function listCcs(tx: Queryable, organizationId: string, ticketId: string): Promise<Cc[]> {
  return tx.query<Cc>(
    `select c.id, c.email, c.name from ticket_ccs cc
       join contacts c on c.organization_id = cc.organization_id and c.id = cc.contact_id
      where cc.organization_id = $1 and cc.ticket_id = $2
      order by lower(c.email)`,
    [organizationId, ticketId],
  );
}

/**
 * An agent's CC addresses, each once (case aside). The requester already receives every reply, and
 * copying our own support address would mail ourselves: both are refused, naming the field.
 */
export async function checkCcEmails(
  tx: Queryable,
  input: { organizationId: string; requesterId: string; emails: readonly string[]; field: string },
): Promise<string[]> {
  const { organizationId, field } = input;
  const [requester] = await tx.query<{ email: string }>(
    'select lower(email) as email from contacts where organization_id = $1 and id = $2',
    [organizationId, input.requesterId],
  );
  const isOwn = await ownAddressMatcher(tx, organizationId);
  const emails = uniqueByEmail(
    input.emails.map((email) => email.trim()),
    (email) => email,
  );
  for (const email of emails) {
    if (email.toLowerCase() === requester?.email) {
      throw new AppError('validation_failed', `${email} is the requester, who receives every reply anyway`, {
        field,
        email,
      });
    }
    if (isOwn(email)) {
      throw new AppError('validation_failed', `${email} is one of your support addresses`, { field, email });
    }
  }
  return emails;
}

/** Copies people on a ticket (contacts made for new addresses); answers the addresses newly copied. */
export async function addCcs(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; people: readonly CcPerson[] },
): Promise<string[]> {
  const { organizationId, ticketId } = input;
  const added: string[] = [];
  for (const person of input.people) {
    const contactId = await findOrCreateContact(tx, organizationId, person);
    const inserted = await tx.query(
      `insert into ticket_ccs (organization_id, ticket_id, contact_id) values ($1, $2, $3)
       on conflict do nothing returning contact_id`,
      [organizationId, ticketId, contactId],
    );
    if (inserted.length > 0) added.push(person.email);
  }
  return added;
}

export async function removeCcs(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; contactIds: readonly string[] },
): Promise<void> {
  await tx.query(
    'delete from ticket_ccs where organization_id = $1 and ticket_id = $2 and contact_id = any($3::uuid[])',
    [input.organizationId, input.ticketId, input.contactIds],
  );
}

/** Each address once, the first spelling kept: mail addresses are compared without case. */
export function uniqueByEmail<T>(items: readonly T[], emailOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = emailOf(item).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
