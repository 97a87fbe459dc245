import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { addCcs, type Cc, checkCcEmails, listCcs, lockCcList, removeCcs } from './ticket-ccs.ts';
import { getTicket } from './ticket-rows.ts';

/**
 * An agent sets who is copied on a ticket: the list given replaces the one there. The change is one
 * audit event naming who was added and who removed; saving the same list again records nothing.
 */
export function replaceTicketCcs(
  db: Database,
  input: { actor: Actor; ticketId: string; emails: readonly string[] },
): Promise<Cc[]> {
  const { actor, ticketId } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const ticket = await getTicket(tx, organizationId, ticketId);
    await lockCcList(tx, organizationId, ticketId);
    const wanted = await checkCcEmails(tx, {
      organizationId,
      requesterId: ticket.requesterId,
      emails: input.emails,
      field: 'emails',
    });
    const kept = new Set(wanted.map((email) => email.toLowerCase()));
    const removed = (await listCcs(tx, organizationId, ticketId)).filter(
      (cc) => !kept.has(cc.email.toLowerCase()),
    );
    await removeCcs(tx, { organizationId, ticketId, contactIds: removed.map((cc) => cc.id) });
    const added = await addCcs(tx, {
      organizationId,
      ticketId,
      people: wanted.map((email) => ({ email })),
    });
    if (added.length > 0 || removed.length > 0) {
      await recordAudit(tx, {
        organizationId,
        actorType: 'agent',
        actorId: actor.agentId,
        action: 'ticket.ccs_changed',
        entityType: 'ticket',
        entityId: ticketId,
        changes: { added, removed: removed.map((cc) => cc.email) },
      });
    }
    return listCcs(tx, organizationId, ticketId);
  });
}
