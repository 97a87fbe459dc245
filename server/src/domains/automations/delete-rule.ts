import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getRule } from './automation-rows.ts';

/** The rule and its run log go; what its runs changed stays in the tickets' history. */
export function deleteRule(db: Database, input: { actor: Actor; ruleId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getRule(tx, organizationId, input.ruleId, { forUpdate: true });
    await tx.query('delete from automation_rules where organization_id = $1 and id = $2', [
      organizationId,
      before.id,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'automation_rule.deleted',
      entityType: 'automation_rule',
      entityId: before.id,
      changes: { before },
    });
  });
}
