import type { TicketQuery } from '../../api/types.ts';

export const OPEN_CATEGORIES: NonNullable<TicketQuery['statusCategory']> = ['new', 'open', 'pending'];

/** Where a queue's tickets come from: the ticket list with fixed filters, or a saved view's own list. */
export type QueueSource =
  | { kind: 'filters'; key: string; title: string; filters: TicketQuery }
  | { kind: 'view'; key: string; viewId: string };

const BUILT_IN: Record<string, { title: string; filters: TicketQuery }> = {
  mine: { title: 'My open tickets', filters: { assignee: 'me', statusCategory: OPEN_CATEGORIES } },
  unassigned: { title: 'Unassigned', filters: { assignee: 'unassigned', statusCategory: OPEN_CATEGORIES } },
  open: { title: 'All open', filters: { statusCategory: OPEN_CATEGORIES } },
  all: { title: 'All tickets', filters: {} },
};

export const BUILT_IN_QUEUES = Object.entries(BUILT_IN).map(([id, queue]) => ({ id, title: queue.title }));

export function queueSource(params: {
  queue?: string;
  teamId?: string;
  viewId?: string;
}): QueueSource | null {
  if (params.viewId) return { kind: 'view', key: `view:${params.viewId}`, viewId: params.viewId };
  if (params.teamId) {
    return {
      kind: 'filters',
      key: `team:${params.teamId}`,
      title: 'Team',
      filters: { teamId: params.teamId, statusCategory: OPEN_CATEGORIES },
    };
  }
  const builtIn = params.queue ? BUILT_IN[params.queue] : undefined;
  return builtIn ? { kind: 'filters', key: `queue:${params.queue}`, ...builtIn } : null;
}

export type SortKey = NonNullable<TicketQuery['sort']>;
export type SortOrder = NonNullable<TicketQuery['order']>;
const SORT_KEYS: SortKey[] = ['updated', 'created', 'priority', 'number', 'sla'];

/** The agent's own narrowing and order, read from the URL so links and the back button keep them. */
export function filtersFromUrl(search: URLSearchParams): TicketQuery {
  const sort = search.get('sort');
  const order = search.get('order');
  const query: TicketQuery = {};
  if (sort && SORT_KEYS.includes(sort as SortKey)) query.sort = sort as SortKey;
  if (order === 'asc' || order === 'desc') query.order = order;
  const statusId = search.get('statusId');
  const priorityId = search.get('priorityId');
  const tag = search.getAll('tag').filter(Boolean);
  if (statusId) query.statusId = statusId;
  if (priorityId) query.priorityId = priorityId;
  if (tag.length) query.tag = tag;
  return query;
}
