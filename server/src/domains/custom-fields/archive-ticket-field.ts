import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

/**
 * DELETE archives rather than deletes: tickets keep their values and history stays readable, and
 * the key stays taken. Archiving an archived field changes nothing and records nothing.
 */
export function archiveTicketField(db: Database, input: { actor: Actor; fieldId: string }): Promise<void> {
  const { actor, fieldId } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const [field] = await tx.query<{ key: string; archived: boolean }>(
      `select key, archived_at is not null as archived from ticket_field_definitions
        where organization_id = $1 and id = $2 for update`,
      [organizationId, fieldId],
    );
    if (!field) throw notFound('Ticket field');
    if (field.archived) return;
    await tx.query(
      `update ticket_field_definitions set archived_at = now(), updated_at = now()
        where organization_id = $1 and id = $2`,
      [organizationId, fieldId],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_field.archived',
      entityType: 'ticket_field',
      entityId: fieldId,
      changes: { key: field.key },
    });
  });
}
