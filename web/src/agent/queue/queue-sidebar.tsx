import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useTeams } from '../../api/lookups.ts';
import { Skeleton } from '../../ui/index.ts';
import { BUILT_IN_QUEUES } from './queue-source.ts';

export const useSavedViews = () =>
  useQuery({
    queryKey: ['saved-views'],
    queryFn: async () => unwrap(await api.GET('/api/v1/saved-views')).items,
    staleTime: 30_000,
  });

// Under the ['tickets'] key, so every change that refreshes the queues refreshes their counts too.
const useQueueCounts = () =>
  useQuery({
    queryKey: ['tickets', 'queue-counts'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/queue-counts')),
    staleTime: 30_000,
  });

const linkClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'queue-link active' : 'queue-link');

/** A queue's size, capped by the server like saved-view counts ("10000+"). */
function QueueCount({ count }: { count: { count: number; countCapped: boolean } | undefined }) {
  if (!count) return null;
  return (
    <span className="queue-count">
      {count.count}
      {count.countCapped ? '+' : ''}
      <span className="visually-hidden"> tickets</span>
    </span>
  );
}

export function QueueSidebar() {
  const teams = useTeams();
  const views = useSavedViews();
  const counts = useQueueCounts();
  return (
    <nav className="sidebar" aria-label="Queues">
      <h2 className="sidebar-heading">Queues</h2>
      <ul>
        {BUILT_IN_QUEUES.map((queue) => (
          <li key={queue.id}>
            <NavLink to={`/queues/${queue.id}`} className={linkClass}>
              <span>{queue.title}</span>
              <QueueCount count={counts.data?.queues.find((count) => count.queue === queue.id)} />
            </NavLink>
          </li>
        ))}
      </ul>
      <h2 className="sidebar-heading">Teams</h2>
      {teams.isPending ? (
        <Skeleton lines={2} />
      ) : (
        <ul>
          {(teams.data ?? []).map((team) => (
            <li key={team.id}>
              <NavLink to={`/teams/${team.id}`} className={linkClass}>
                <span>{team.name}</span>
                <QueueCount count={counts.data?.teams.find((count) => count.teamId === team.id)} />
              </NavLink>
            </li>
          ))}
          {teams.data?.length === 0 && <li className="sidebar-empty">No teams yet</li>}
        </ul>
      )}
      <h2 className="sidebar-heading">Views</h2>
      {views.isPending ? (
        <Skeleton lines={2} />
      ) : views.isError ? (
        <p className="sidebar-empty">Views could not be loaded</p>
      ) : (
        <ul>
          {views.data.map((view) => (
            <li key={view.id}>
              <NavLink to={`/views/${view.id}`} className={linkClass}>
                <span>{view.name}</span>
                <QueueCount count={view} />
              </NavLink>
            </li>
          ))}
          {views.data.length === 0 && <li className="sidebar-empty">No saved views yet</li>}
        </ul>
      )}
    </nav>
  );
}
