import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { Ticket, TicketChanges } from '../../api/types.ts';
import { SLA_REFRESH_MS } from '../sla/countdown.ts';

export const ticketKey = (id: string) => ['ticket', id] as const;

export const useTicket = (id: string) =>
  useQuery({
    queryKey: ticketKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });

/**
 * The ticket's SLA timers with their explanations and metric events. Asked for again every minute:
 * between answers the badges count down on their own, and each answer corrects them.
 */
export const useTicketSla = (id: string) =>
  useQuery({
    queryKey: ['ticket', id, 'sla'],
    refetchInterval: SLA_REFRESH_MS,
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}/sla', { params: { path: { id } } })),
  });

const COMMENT_PAGE_SIZE = 50;

/**
 * The conversation newest page first, so a long thread opens on its latest messages; each further
 * page (the API's cursor) reaches further back.
 */
export const useComments = (id: string) =>
  useInfiniteQuery({
    queryKey: ['ticket', id, 'comments'],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tickets/{id}/comments', {
          params: {
            path: { id },
            query: { limit: COMMENT_PAGE_SIZE, order: 'desc', ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
  });

export const useEvents = (id: string) =>
  useQuery({
    queryKey: ['ticket', id, 'events'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/tickets/{id}/events', { params: { path: { id }, query: { limit: 100 } } }),
      ),
  });

export const useCcs = (id: string) =>
  useQuery({
    queryKey: ['ticket', id, 'ccs'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tickets/{id}/ccs', { params: { path: { id } } })).items,
  });

/** Saves the whole CC list (adding one is the list plus it); the server refuses bad addresses. */
export function useReplaceCcs(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (emails: string[]) =>
      unwrap(await api.PUT('/api/v1/tickets/{id}/ccs', { params: { path: { id } }, body: { emails } })).items,
    onSuccess: (ccs) => {
      queryClient.setQueryData(['ticket', id, 'ccs'], ccs);
      queryClient.invalidateQueries({ queryKey: ['ticket', id, 'events'] });
    },
  });
}

/** The server's newer version of the ticket, when a save lost the race (409 with details.current). */
export function conflictOf(error: unknown): Ticket | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  return (error.details.current as Ticket | undefined) ?? null;
}

/**
 * Saves changes against the version the agent saw (If-Match; `version` when the edits began on an
 * older one than the page now shows); a stale version comes back as 409.
 */
export function useUpdateTicket(ticket: Ticket | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, ...changes }: TicketChanges) => {
      if (!ticket) throw new Error('The ticket has not loaded yet');
      return unwrap(
        await api.PATCH('/api/v1/tickets/{id}', {
          params: { path: { id: ticket.id } },
          headers: { 'If-Match': `"${version ?? ticket.version}"` },
          body: changes,
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(ticketKey(saved.id), saved);
      queryClient.invalidateQueries({ queryKey: ['ticket', saved.id, 'events'] });
      queryClient.invalidateQueries({ queryKey: ['ticket', saved.id, 'sla'] });
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}
