import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

export function deleteTeam(db: Database, input: { actor: Actor; teamId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const deleted = await tx.query<{ name: string }>(
      'delete from teams where organization_id = $1 and id = $2 returning name',
      [organizationId, input.teamId],
    );
    if (deleted.length === 0) throw notFound('Team');
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'team.deleted',
      entityType: 'team',
      entityId: input.teamId,
      changes: { name: deleted[0]?.name },
    });
  });
}
