import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { TicketPage, TicketQuery } from '../../api/types.ts';
import { SLA_REFRESH_MS } from '../sla/countdown.ts';
import type { QueueSource } from './queue-source.ts';

const PAGE_SIZE = 50;

/** A queue's tickets, page by page with the API's keyset cursor ("load more"). */
export function useQueue(source: QueueSource | null, refinements: TicketQuery) {
  return useInfiniteQuery({
    queryKey: ['tickets', source?.key, refinements],
    enabled: source !== null,
    // The rows' SLA badges count down on their own; each refresh corrects them.
    refetchInterval: SLA_REFRESH_MS,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: TicketPage) => page.nextCursor ?? undefined,
    queryFn: async ({ pageParam }): Promise<TicketPage> => {
      if (!source) return { items: [], nextCursor: null };
      const cursor = pageParam ? { cursor: pageParam } : {};
      if (source.kind === 'view') {
        return unwrap(
          await api.GET('/api/v1/saved-views/{id}/tickets', {
            params: { path: { id: source.viewId }, query: { limit: PAGE_SIZE, ...cursor } },
          }),
        );
      }
      const query = { ...source.filters, ...refinements, limit: PAGE_SIZE, ...cursor };
      return unwrap(await api.GET('/api/v1/tickets', { params: { query } }));
    },
  });
}
