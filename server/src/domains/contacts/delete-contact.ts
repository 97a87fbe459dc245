import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

/** A contact with tickets stays: their conversations would lose their requester. */
export function deleteContact(db: Database, input: { actor: Actor; contactId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const [contact] = await tx.query<{ email: string; ticket_count: number }>(
      `select email, (select count(*)::int from tickets t
                        where t.organization_id = c.organization_id and t.requester_id = c.id) as ticket_count
         from contacts c where organization_id = $1 and id = $2`,
      [organizationId, input.contactId],
    );
    if (!contact) throw notFound('Contact');
    if (contact.ticket_count > 0) {
      throw new AppError('conflict', 'This contact has tickets and cannot be deleted', {
        ticketCount: contact.ticket_count,
      });
    }
    await tx.query('delete from contacts where organization_id = $1 and id = $2', [
      organizationId,
      input.contactId,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'contact.deleted',
      entityType: 'contact',
      entityId: input.contactId,
      changes: { email: contact.email },
    });
  });
}
