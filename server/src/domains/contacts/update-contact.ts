import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { ticketsChanged } from '../tickets/tickets-changed.ts';
import { getContact, rethrowDuplicateEmail } from './contact-rows.ts';
import type { Contact, ContactChanges } from './contacts.schemas.ts';

export function updateContact(
  db: Database,
  input: { actor: Actor; jobs: AutomationJobs; contactId: string; changes: ContactChanges },
): Promise<Contact> {
  const { organizationId, agentId } = input.actor;
  const { changes } = input;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getContact(tx, organizationId, input.contactId);
    await tx
      .query(
        `update contacts set email = coalesce($3, email), name = coalesce($4, name),
                phone = coalesce($5, phone), company = coalesce($6, company), updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          input.contactId,
          changes.email?.trim() ?? null,
          changes.name?.trim() ?? null,
          changes.phone?.trim() ?? null,
          changes.company?.trim() ?? null,
        ],
      )
      .catch(rethrowDuplicateEmail);
    const after = await getContact(tx, organizationId, input.contactId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: agentId,
      action: 'contact.updated',
      entityType: 'contact',
      entityId: input.contactId,
      changes: { before, after },
    });
    // SLA policies can match on the requester's company: their open tickets may change policy.
    if (after.company !== before.company)
      await refreshRequesterTickets(tx, input.jobs, organizationId, after.id);
    return after;
  });
}

async function refreshRequesterTickets(
  tx: Queryable,
  jobs: AutomationJobs,
  organizationId: string,
  contactId: string,
): Promise<void> {
  const tickets = await tx.query<{ id: string }>(
    `select id from tickets where organization_id = $1 and requester_id = $2 and status_category <> 'closed'`,
    [organizationId, contactId],
  );
  await ticketsChanged(tx, jobs, { organizationId, ticketIds: tickets.map((ticket) => ticket.id) });
}
