import { useConnectionState } from '../../realtime/realtime-context.tsx';

const LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' };

/**
 * The console header's word on the live connection: "Live" while events flow, "Reconnecting…" while
 * the socket is down (pages still work, they only stop updating on their own).
 */
export function ConnectionStatus() {
  const state = useConnectionState();
  return (
    <span
      className={`connection connection-${state}`}
      role="status"
      title={state === 'live' ? 'Tickets, queues and notifications update live' : undefined}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
