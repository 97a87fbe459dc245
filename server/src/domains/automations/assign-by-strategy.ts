import type { Queryable } from '../../db/client.ts';

export type AssignmentStrategy = 'round_robin' | 'least_open';

/** Whom a strategy chose, and for round-robin the team whose turn pointer moves to them. */
export type StrategyPick = { agentId: string; turnOf: string | null };

/**
 * One of the team's active agents: round-robin takes the next after the one it chose last (in id
 * order, wrapping), least-open the one with the fewest new, open or pending tickets besides this one
 * (ties by id). Null when the team has no active agent. The team's row is locked until the run
 * commits, so two tickets arriving together get consecutive turns.
 */
export async function pickByStrategy(
  tx: Queryable,
  input: { organizationId: string; teamId: string; strategy: AssignmentStrategy; ticketId: string },
): Promise<StrategyPick | null> {
  const { organizationId, teamId } = input;
  await tx.query('select 1 from teams where organization_id = $1 and id = $2 for no key update', [
    organizationId,
    teamId,
  ]);
  if (input.strategy === 'least_open') {
    const [least] = await tx.query<{ id: string }>(
      `select a.id from team_members m
         join agents a on a.organization_id = m.organization_id and a.id = m.agent_id and a.is_active
        where m.organization_id = $1 and m.team_id = $2
        order by (select count(*) from tickets t
                   where t.organization_id = a.organization_id and t.assignee_id = a.id and t.id <> $3
                     and t.status_category in ('new', 'open', 'pending')), a.id
        limit 1`,
      [organizationId, teamId, input.ticketId],
    );
    return least ? { agentId: least.id, turnOf: null } : null;
  }
  const agents = await tx.query<{ id: string }>(
    `select a.id from team_members m
       join agents a on a.organization_id = m.organization_id and a.id = m.agent_id and a.is_active
      where m.organization_id = $1 and m.team_id = $2
      order by a.id`,
    [organizationId, teamId],
  );
  const [pointer] = await tx.query<{ last_agent_id: string }>(
    'select last_agent_id from automation_round_robin where organization_id = $1 and team_id = $2',
    [organizationId, teamId],
  );
  // The one after the last chosen; that agent may have left the team since, so compare ids.
  const next = agents.find((agent) => pointer && agent.id > pointer.last_agent_id) ?? agents[0];
  return next ? { agentId: next.id, turnOf: teamId } : null;
}

/** Moves the team's turn to the agent just assigned. */
export async function advanceTurn(
  tx: Queryable,
  input: { organizationId: string; teamId: string; agentId: string },
): Promise<void> {
  await tx.query(
    `insert into automation_round_robin (organization_id, team_id, last_agent_id) values ($1, $2, $3)
     on conflict (organization_id, team_id) do update set last_agent_id = $3, updated_at = now()`,
    [input.organizationId, input.teamId, input.agentId],
  );
}
