import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { assertAgentsExist, assertManagerFits, getTeam, rethrowDuplicateName } from './team-rows.ts';
import type { Team } from './teams.schemas.ts';

export function createTeam(
  db: Database,
  input: {
    actor: Actor;
    name: string;
    description?: string;
    memberIds?: string[];
    managerId?: string | null;
  },
): Promise<Team> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const teamId = newId();
  const name = input.name.trim();
  return withTenant(db, organizationId, async (tx) => {
    await assertAgentsExist(tx, organizationId, input.memberIds ?? []);
    await assertManagerFits(tx, organizationId, input.managerId);
    await tx
      .query(
        'insert into teams (organization_id, id, name, description, manager_id) values ($1, $2, $3, $4, $5)',
        [organizationId, teamId, name, input.description ?? '', input.managerId ?? null],
      )
      .catch(rethrowDuplicateName);
    await tx.query(
      `insert into team_members (organization_id, team_id, agent_id)
       select $1, $2, unnest($3::uuid[])`,
      [organizationId, teamId, input.memberIds ?? []],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'team.created',
      entityType: 'team',
      entityId: teamId,
      changes: { name, memberIds: input.memberIds ?? [], managerId: input.managerId ?? null },
    });
    return getTeam(tx, organizationId, teamId);
  });
}
