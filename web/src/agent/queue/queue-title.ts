import { useTeams } from '../../api/lookups.ts';
import { useSavedViews } from './queue-sidebar.tsx';
import type { QueueSource } from './queue-source.ts';

/** The heading of a queue: built-in title, the team's name or the saved view's name. */
export function useQueueTitle(source: QueueSource | null): string {
  const teams = useTeams();
  const views = useSavedViews();
  if (!source) return 'Queue';
  if (source.kind === 'view')
    return views.data?.find((view) => view.id === source.viewId)?.name ?? 'Saved view';
  if (source.key.startsWith('team:')) {
    const team = teams.data?.find((candidate) => candidate.id === source.filters.teamId);
    return team ? `${team.name}: open` : 'Team';
  }
  return source.title;
}
