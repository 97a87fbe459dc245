import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { CustomerRequest } from '../portal-types.ts';

const PAGE_SIZE = 25;
const requestKey = (id: string) => ['portal', 'tickets', id] as const;

/** The customer's requests, newest first, a page at a time. */
export const useRequests = () =>
  useInfiniteQuery({
    queryKey: ['portal', 'tickets', 'list'],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/portal/tickets', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useRequest = (id: string) =>
  useQuery({
    queryKey: requestKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/portal/tickets/{id}', { params: { path: { id } } })),
  });

export const usePublicConversation = (id: string) =>
  useQuery({
    queryKey: [...requestKey(id), 'comments'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/portal/tickets/{id}/comments', { params: { path: { id } } })).items,
  });

/** Both the request (a reply may reopen it) and the list change after a reply or a resolve. */
function useRefreshRequest(id: string) {
  const queryClient = useQueryClient();
  return (request?: CustomerRequest) => {
    if (request) queryClient.setQueryData(requestKey(id), request);
    void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
  };
}

export function useReply(id: string) {
  const refresh = useRefreshRequest(id);
  return useMutation({
    mutationFn: async (reply: { body: string; attachmentIds: string[] }) =>
      unwrap(
        await api.POST('/api/v1/portal/tickets/{id}/comments', { params: { path: { id } }, body: reply }),
      ),
    onSuccess: () => refresh(),
  });
}

export function useResolve(id: string) {
  const refresh = useRefreshRequest(id);
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/portal/tickets/{id}/resolve', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
