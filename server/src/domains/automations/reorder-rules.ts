import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

/** Sets the order rules run in; the list must name every rule once, so none is lost. */
export function reorderRules(db: Database, input: { actor: Actor; ids: string[] }): Promise<void> {
  const { actor, ids } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<{ id: string }>(
      'select id from automation_rules where organization_id = $1 for update',
      [organizationId],
    );
    const existing = new Set(rows.map((row) => row.id));
    const unknown = ids.filter((id) => !existing.has(id));
    const missing = [...existing].filter((id) => !ids.includes(id));
    if (unknown.length > 0 || missing.length > 0) {
      throw new AppError('unprocessable', 'The new order must list every rule exactly once', {
        field: 'ids',
        unknown,
        missing,
      });
    }
    await tx.query(
      `update automation_rules r set position = ordered.position::int, updated_at = now()
         from unnest($2::uuid[]) with ordinality as ordered(id, position)
        where r.organization_id = $1 and r.id = ordered.id`,
      [organizationId, ids],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'automation_rule.reordered',
      entityType: 'organization',
      entityId: organizationId,
      changes: { ids },
    });
  });
}
