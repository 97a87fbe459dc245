import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { assertAgentsExist, getTeam } from './team-rows.ts';
import type { Team } from './teams.schemas.ts';

export type MembershipChange = { actor: Actor; teamId: string; agentId: string; change: 'add' | 'remove' };

/** Adding a member twice or removing one who is not there is harmless: the result is the same. */
export function changeTeamMembership(db: Database, input: MembershipChange): Promise<Team> {
  const { actor, teamId, agentId } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    await getTeam(tx, organizationId, teamId);
    let changed: unknown[];
    if (input.change === 'add') {
      await assertAgentsExist(tx, organizationId, [agentId]).catch(() => {
        throw notFound('Agent');
      });
      changed = await tx.query(
        `insert into team_members (organization_id, team_id, agent_id) values ($1, $2, $3)
         on conflict do nothing returning agent_id`,
        [organizationId, teamId, agentId],
      );
    } else {
      changed = await tx.query(
        'delete from team_members where organization_id = $1 and team_id = $2 and agent_id = $3 returning agent_id',
        [organizationId, teamId, agentId],
      );
    }
    // A repeated add or remove changes nothing, so it leaves nothing in the history either.
    if (changed.length === 0) return getTeam(tx, organizationId, teamId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: input.change === 'add' ? 'team.member_added' : 'team.member_removed',
      entityType: 'team',
      entityId: teamId,
      changes: { agentId },
    });
    return getTeam(tx, organizationId, teamId);
  });
}
