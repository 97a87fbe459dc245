import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { Team } from './teams.schemas.ts';

export type TeamRow = {
  id: string;
  name: string;
  description: string;
  manager_id: string | null;
  created_at: Date;
  member_ids: string[];
};

export const TEAM_SELECT = `select t.id, t.name, t.description, t.manager_id, t.created_at,
  coalesce(array(select m.agent_id from team_members m
                  where m.organization_id = t.organization_id and m.team_id = t.id order by m.agent_id), '{}')
    as member_ids
  from teams t`;

export const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberIds: row.member_ids,
  managerId: row.manager_id,
  createdAt: row.created_at.toISOString(),
});

export async function getTeam(tx: Queryable, organizationId: string, teamId: string): Promise<Team> {
  const [row] = await tx.query<TeamRow>(`${TEAM_SELECT} where t.organization_id = $1 and t.id = $2`, [
    organizationId,
    teamId,
  ]);
  if (!row) throw notFound('Team');
  return toTeam(row);
}

/** Members must be agents of the same organization; an unknown id is reported, not ignored. */
export async function assertAgentsExist(
  tx: Queryable,
  organizationId: string,
  agentIds: string[],
): Promise<void> {
  if (agentIds.length === 0) return;
  const found = await tx.query<{ id: string }>(
    'select id from agents where organization_id = $1 and id = any($2::uuid[])',
    [organizationId, agentIds],
  );
  const known = new Set(found.map((row) => row.id));
  const missing = agentIds.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw new AppError('unprocessable', 'Unknown agent', { field: 'memberIds', missing });
}

/** A manager must be an active agent of the same organization: someone their team's mail can reach. */
export async function assertManagerFits(
  tx: Queryable,
  organizationId: string,
  managerId: string | null | undefined,
): Promise<void> {
  if (!managerId) return;
  const [row] = await tx.query('select 1 from agents where organization_id = $1 and id = $2 and is_active', [
    organizationId,
    managerId,
  ]);
  if (!row)
    throw new AppError('unprocessable', 'The manager must be an active agent', { field: 'managerId' });
}

export function rethrowDuplicateName(error: unknown): never {
  if (isUniqueViolation(error, 'teams_name_key')) {
    throw new AppError('conflict', 'A team with this name exists', { field: 'name' });
  }
  throw error;
}
