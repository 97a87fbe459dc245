import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { keyOf, type Target } from './protocol.ts';
import {
  type ConnectionState,
  createRealtimeClient,
  type RealtimeClient,
  type SubscriptionHandlers,
} from './realtime-client.ts';

const RealtimeContext = createContext<RealtimeClient | null>(null);

/**
 * Opens the tab's one socket (`path`: the agents' or the customers' endpoint) for the pages under it,
 * and closes it when they go (signing out unmounts them).
 */
export function RealtimeProvider({ path, children }: { path: string; children: ReactNode }) {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  useEffect(() => {
    const opened = createRealtimeClient(path);
    setClient(opened);
    return () => opened.close();
  }, [path]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

/** The tab's client, or null outside a provider (and for the instant before it opens). */
export const useRealtime = (): RealtimeClient | null => useContext(RealtimeContext);

const noClient = () => () => undefined;

export function useConnectionState(): ConnectionState {
  const client = useRealtime();
  return useSyncExternalStore(
    client ? client.onStateChange : noClient,
    () => client?.state() ?? 'connecting',
  );
}

/**
 * Follows `target` while the component is mounted (null: nothing). The handlers may change on every
 * render; the subscription follows the target only.
 */
export function useSubscription(target: Target | null, handlers: SubscriptionHandlers): void {
  const client = useRealtime();
  const latest = useRef(handlers);
  latest.current = handlers;
  const key = target ? keyOf(target) : null;
  const targetRef = useRef(target);
  targetRef.current = target;
  useEffect(() => {
    const current = targetRef.current;
    if (!client || !key || !current) return;
    return client.subscribe(current, {
      event: (event) => latest.current.event?.(event),
      synced: (sync) => latest.current.synced?.(sync),
      presence: (agents) => latest.current.presence?.(agents),
    });
  }, [client, key]);
}
