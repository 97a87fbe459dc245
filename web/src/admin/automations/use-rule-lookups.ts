import { useAgents, usePriorities, useStatuses, useTeams, useTicketFields } from '../../api/lookups.ts';
import type { RuleLookups } from './rule-kinds.tsx';

/** The organization's statuses, priorities, teams, agents and custom fields; empty while they load. */
export function useRuleLookups(): RuleLookups {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const teams = useTeams();
  const agents = useAgents();
  const fields = useTicketFields();
  return {
    statuses: statuses.data ?? [],
    priorities: priorities.data ?? [],
    teams: teams.data ?? [],
    agents: agents.data ?? [],
    fields: (fields.data ?? []).filter((field) => field.archivedAt === null),
  };
}
