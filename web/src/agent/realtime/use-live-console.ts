import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useSubscription } from '../../realtime/realtime-context.tsx';
import { throttle } from '../../realtime/throttle.ts';

// Queue lists and counts are recounted at most this often while tickets change around the agent.
const QUEUE_REFRESH_MS = 2_000;
const QUEUE = { queue: true } as const;
const NOTIFICATIONS = { notifications: true } as const;

/**
 * Keeps the console's queues, view counts and bell current: every ticket event of the organization
 * marks the lists and counts stale (throttled), every notification of this agent refreshes the bell.
 */
export function useLiveConsole(): void {
  const queryClient = useQueryClient();
  const refreshQueues = useMemo(
    () =>
      throttle(() => {
        // Lists and queue counts live under ['tickets']; saved views carry their counts.
        void queryClient.invalidateQueries({ queryKey: ['tickets'] });
        void queryClient.invalidateQueries({ queryKey: ['saved-views'] });
      }, QUEUE_REFRESH_MS),
    [queryClient],
  );
  useEffect(() => refreshQueues.cancel, [refreshQueues]);
  useSubscription(QUEUE, {
    event: refreshQueues,
    synced: ({ refetch }) => {
      if (refetch) refreshQueues();
    },
  });
  const refreshBell = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  useSubscription(NOTIFICATIONS, {
    event: refreshBell,
    synced: ({ refetch }) => {
      if (refetch) refreshBell();
    },
  });
}
