import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { assertManagerFits, getTeam, rethrowDuplicateName } from './team-rows.ts';
import type { Team } from './teams.schemas.ts';

export function updateTeam(
  db: Database,
  input: {
    actor: Actor;
    teamId: string;
    name?: string;
    description?: string;
    /** null: no manager; absent: unchanged. */
    managerId?: string | null;
  },
): Promise<Team> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getTeam(tx, organizationId, input.teamId);
    await assertManagerFits(tx, organizationId, input.managerId);
    await tx
      .query(
        `update teams set name = coalesce($3, name), description = coalesce($4, description),
                manager_id = case when $5 then $6::uuid else manager_id end, updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          input.teamId,
          input.name?.trim() ?? null,
          input.description ?? null,
          input.managerId !== undefined,
          input.managerId ?? null,
        ],
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
        before: { name: before.name, description: before.description, managerId: before.managerId },
        after: { name: after.name, description: after.description, managerId: after.managerId },
      },
    });
    return after;
  });
}
