import { useQueryClient } from '@tanstack/react-query';
import { RealtimeProvider, useSubscription } from '../../realtime/realtime-context.tsx';

/**
 * Keeps an open request current while the customer reads it: the portal socket sends the request's
 * public replies and status changes (never an internal note), and each refreshes the page's data.
 */
export function LiveRequest({ requestId }: { requestId: string }) {
  return (
    <RealtimeProvider path="/api/v1/portal/realtime">
      <FollowRequest requestId={requestId} />
    </RealtimeProvider>
  );
}

function FollowRequest({ requestId }: { requestId: string }) {
  const queryClient = useQueryClient();
  // The request, its conversation and the list of requests all live under this key.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
  useSubscription(
    { ticket: requestId },
    {
      event: refresh,
      synced: ({ refetch }) => {
        if (refetch) refresh();
      },
    },
  );
  return null;
}
