import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ContactActor } from '../auth/contact-sessions.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { ticketsChanged } from '../tickets/tickets-changed.ts';
import { getContactTicket } from './contact-tickets.ts';
import type { ContactTicket } from './portal.schemas.ts';

/**
 * The requester says their problem is solved: the ticket moves to the organization's first solved
 * status (its default first, then by position), recorded as the customer's change. A solved ticket
 * stays as it is; a closed one cannot change (409).
 */
export function resolveContactTicket(
  db: Database,
  input: { contact: ContactActor; jobs: AutomationJobs; ticketId: string },
): Promise<ContactTicket> {
  const { contact, ticketId } = input;
  const { organizationId, contactId } = contact;
  return withTenant(db, organizationId, async (tx) => {
    const [ticket] = await tx.query<{ status_id: string; category: string }>(
      `select t.status_id, t.status_category as category from tickets t
        where t.organization_id = $1 and t.id = $2 and t.requester_id = $3
          for update`,
      [organizationId, ticketId, contactId],
    );
    if (!ticket) throw notFound('Ticket');
    if (ticket.category === 'closed') {
      throw new AppError('conflict', 'This request is closed', { field: 'ticketId' });
    }
    if (ticket.category !== 'solved') {
      const [solved] = await tx.query<{ id: string }>(
        `select id from ticket_statuses where organization_id = $1 and category = 'solved'
          order by is_default_for_new desc, position limit 1`,
        [organizationId],
      );
      if (!solved) throw new AppError('conflict', 'This organization has no solved status');
      await tx.query(
        `update tickets set status_id = $3, solved_at = coalesce(solved_at, now()), closed_at = null,
                version = version + 1, updated_at = now()
          where organization_id = $1 and id = $2`,
        [organizationId, ticketId, solved.id],
      );
      await recordAudit(tx, {
        organizationId,
        actorType: 'contact',
        actorId: contactId,
        action: 'ticket.status_changed',
        entityType: 'ticket',
        entityId: ticketId,
        changes: { field: 'statusId', from: ticket.status_id, to: solved.id, reason: 'customer_resolved' },
      });
      await ticketsChanged(tx, input.jobs, { organizationId, ticketIds: [ticketId] });
    }
    return getContactTicket(tx, contact, ticketId);
  });
}
