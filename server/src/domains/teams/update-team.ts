import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getTeam, rethrowDuplicateName } from './team-rows.ts';
import type { Team } from './teams.schemas.ts';

export function updateTeam(
  db: Database,
  input: { actor: Actor; teamId: string; name?: string; description?: string },
): Promise<Team> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getTeam(tx, organizationId, input.teamId);
    await tx
      .query(
        `update teams set name = coalesce($3, name), description = coalesce($4, description), updated_at = now()
          where organization_id = $1 and id = $2`,
        [organizationId, input.teamId, input.name?.trim() ?? null, input.description ?? null],
      )
      .catch(rethrowDuplicateName);
    const after = await getTeam(tx, organizationId, input.teamId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'team.updated',
      entityType: 'team',
      entityId: input.teamId,
      changes: {
        before: { name: before.name, description: before.description },
        after: { name: after.name, description: after.description },
      },
    });
    return after;
  });
}
