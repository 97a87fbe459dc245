import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf } from '../../api/types.ts';
import { useConnectionState } from '../../realtime/realtime-context.tsx';

const UNREAD = ['notifications', 'unread-count'] as const;
const LIST = ['notifications', 'list'] as const;
const PREFERENCES = ['notification-preferences'] as const;
// Notifications arrive over the live socket; while it is down, the bell asks this often instead.
const POLL_MS = 30_000;

export function useUnreadCount() {
  const live = useConnectionState() === 'live';
  return useQuery({
    queryKey: UNREAD,
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications/unread-count')).unread,
    refetchInterval: live ? false : POLL_MS,
  });
}

/** The newest notifications (the panel asks when it opens). */
export const useNotifications = () =>
  useQuery({
    queryKey: LIST,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })).items,
  });

/** Marks one notification read, or all of them (id null); the bell and the list follow. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | null) => {
      if (id) unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
      else unwrap(await api.POST('/api/v1/notifications/read-all'));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export const useNotificationPreferences = () =>
  useQuery({
    queryKey: PREFERENCES,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/notification-preferences')),
  });

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BodyOf<'/api/v1/me/notification-preferences', 'put'>) =>
      unwrap(await api.PUT('/api/v1/me/notification-preferences', { body })),
    onSuccess: (saved) => queryClient.setQueryData(PREFERENCES, saved),
  });
}
