import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

// Reference lists change rarely: fetched once, shared by every screen, refreshed after five minutes.
const LOOKUP = { staleTime: 5 * 60_000 } as const;

export const useStatuses = () =>
  useQuery({
    queryKey: ['ticket-statuses'],
    queryFn: async () => unwrap(await api.GET('/api/v1/ticket-statuses')).items,
    ...LOOKUP,
  });

export const usePriorities = () =>
  useQuery({
    queryKey: ['ticket-priorities'],
    queryFn: async () => unwrap(await api.GET('/api/v1/ticket-priorities')).items,
    ...LOOKUP,
  });

export const useAgents = () =>
  useQuery({
    queryKey: ['agents'],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents', { params: { query: { limit: 100 } } })).items,
    ...LOOKUP,
  });

export const useTeams = () =>
  useQuery({
    queryKey: ['teams'],
    queryFn: async () => unwrap(await api.GET('/api/v1/teams', { params: { query: { limit: 100 } } })).items,
    ...LOOKUP,
  });

export const useTicketFields = () =>
  useQuery({
    queryKey: ['ticket-fields'],
    queryFn: async () => unwrap(await api.GET('/api/v1/ticket-fields')).items,
    ...LOOKUP,
  });

export const useOrganization = () =>
  useQuery({
    queryKey: ['organization'],
    queryFn: async () => unwrap(await api.GET('/api/v1/organization')),
    ...LOOKUP,
  });

/** One contact by id, for the ticket page; queue rows get their requester with the list. */
export const useContact = (id: string | null | undefined) =>
  useQuery({
    queryKey: ['contact', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contacts/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    ...LOOKUP,
  });

/** Looks a name up by id in a loaded list. */
export function nameOf(list: { id: string; name: string }[] | undefined, id: string | null | undefined) {
  if (!id) return null;
  return list?.find((item) => item.id === id)?.name ?? null;
}
