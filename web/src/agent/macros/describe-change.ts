import { nameOf, useAgents, usePriorities, useStatuses, useTeams } from '../../api/lookups.ts';
import type { MacroChange } from '../../api/types.ts';

const LABELS: Record<string, string> = {
  statusId: 'Status',
  priorityId: 'Priority',
  teamId: 'Team',
  assigneeId: 'Assignee',
  tags: 'Tags',
  note: 'Internal note',
};

/** Turns a preview's `{ field, from, to }` into words, ids into the names agents know. */
export function useDescribeChange(): (change: MacroChange) => { label: string; from: string; to: string } {
  const statuses = useStatuses();
  const priorities = usePriorities();
  const teams = useTeams();
  const agents = useAgents();
  const lists: Record<string, { id: string; name: string }[] | undefined> = {
    statusId: statuses.data,
    priorityId: priorities.data,
    teamId: teams.data,
    assigneeId: agents.data,
  };
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined) return field === 'assigneeId' ? 'Nobody' : 'None';
    if (Array.isArray(value)) return value.length ? value.join(', ') : 'None';
    if (typeof value === 'string') return (field in lists ? nameOf(lists[field], value) : null) ?? value;
    return JSON.stringify(value);
  };
  return (change) => ({
    label: LABELS[change.field] ?? change.field.replace(/^customFields\./, ''),
    from: change.field === 'note' ? '' : show(change.field, change.from),
    to: show(change.field, change.to),
  });
}
