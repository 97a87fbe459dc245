import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

/**
 * Deletes a form and its fields. Its tickets stay, with `formId` cleared (the foreign key does it);
 * deactivating a form instead takes it off the portal and keeps that link.
 */
export function deleteIntakeForm(db: Database, input: { actor: Actor; formId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const deleted = await tx.query<{ name: string }>(
      'delete from intake_forms where organization_id = $1 and id = $2 returning name',
      [organizationId, input.formId],
    );
    if (deleted.length === 0) throw notFound('Intake form');
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'intake_form.deleted',
      entityType: 'intake_form',
      entityId: input.formId,
      changes: { name: deleted[0]?.name },
    });
  });
}
