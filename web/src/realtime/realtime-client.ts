import {
  belongsTo,
  type ClientMessage,
  type Composing,
  keyOf,
  type PresenceAgent,
  type RealtimeEvent,
  type ServerMessage,
  type Target,
} from './protocol.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** What one subscriber hears. Several subscribers of one target share one server subscription. */
export type SubscriptionHandlers = {
  event?: (event: RealtimeEvent) => void;
  /**
   * The subscription is active at `seq`. `refetch` says the REST data may be behind it (a first
   * subscription, or `resync`: the server could not replay from where this tab was), so the caller
   * reads it again; after a reconnect that caught up, it is false.
   */
  synced?: (sync: { seq: number; refetch: boolean }) => void;
  presence?: (agents: PresenceAgent[]) => void;
};

type Subscription = {
  target: Target;
  /** The last event (or position) this subscription has applied; null before its first answer. */
  seq: number | null;
  /** Answered on the current socket (presence may only follow an active ticket subscription). */
  active: boolean;
  /** The `ref` of the last subscribe sent: answers to an earlier one (unsubscribed since) are stale. */
  ref: string;
  /** Whether that subscribe asked for a replay (`since`); without one, REST data must be read again. */
  replay: boolean;
  resync: boolean;
  handlers: Set<SubscriptionHandlers>;
};

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;

// Clients send a heartbeat every ~10 s; the server forgets a viewer after 30 s without one.
const HEARTBEAT_MS = 10_000;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 15_000;

/**
 * One WebSocket for the tab (agent console or portal). It reconnects with growing, jittered delays,
 * and then subscribes again to every target with `since` = the last sequence number that target
 * applied, so the server replays exactly what was missed: nothing twice, nothing lost.
 */
export function createRealtimeClient(path: string) {
  const subscriptions = new Map<string, Subscription>();
  const viewing = new Map<string, Composing>();
  const stateListeners = new Set<() => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener();
  };
  const send = (message: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const sendSubscribe = (key: string, subscription: Subscription) => {
    sent += 1;
    subscription.ref = `${key}#${sent}`;
    subscription.replay = subscription.seq !== null;
    subscription.resync = false;
    send({
      type: 'subscribe',
      ref: subscription.ref,
      to: subscription.target,
      ...(subscription.seq === null ? {} : { since: subscription.seq }),
    });
  };
  const answered = (message: { subscription: string; ref?: string }) => {
    const subscription = subscriptions.get(message.subscription);
    return subscription?.ref === message.ref ? subscription : undefined;
  };
  const sendPresence = (ticketId: string) => {
    const composing = viewing.get(ticketId);
    if (composing === undefined || !subscriptions.get(keyOf({ ticket: ticketId }))?.active) return;
    send({ type: 'presence', ticketId, composing });
  };

  const onEvent = (event: RealtimeEvent) => {
    for (const subscription of subscriptions.values()) {
      // Before its first answer a subscription has no position; what it needs comes with the refetch.
      if (subscription.seq === null || event.seq <= subscription.seq) continue;
      if (!belongsTo(event, subscription.target)) continue;
      subscription.seq = event.seq;
      for (const handlers of subscription.handlers) handlers.event?.(event);
    }
  };

  const onMessage = (message: ServerMessage) => {
    switch (message.type) {
      case 'event':
        return onEvent(message);
      case 'resync': {
        const subscription = answered(message);
        if (subscription) subscription.resync = true;
        return;
      }
      case 'subscribed': {
        const subscription = answered(message);
        if (!subscription) return;
        const refetch = !subscription.replay || subscription.resync;
        // A replay never moves a position back (the events it applied stay applied); a resync does.
        subscription.seq =
          refetch || subscription.seq === null ? message.seq : Math.max(subscription.seq, message.seq);
        subscription.active = true;
        for (const handlers of subscription.handlers) handlers.synced?.({ seq: message.seq, refetch });
        if ('ticket' in subscription.target) sendPresence(subscription.target.ticket);
        return;
      }
      case 'presence': {
        const subscription = subscriptions.get(keyOf({ ticket: message.ticketId }));
        for (const handlers of subscription?.handlers ?? []) handlers.presence?.(message.agents);
        return;
      }
      case 'unsubscribed':
        return;
      case 'error':
        // A refused subscription (a ticket that is gone) or heartbeat: the page shows its own error.
        return;
    }
  };

  const connect = () => {
    retryTimer = undefined;
    const url = new URL(path, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const current = new WebSocket(url);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      setState('live');
      for (const [key, subscription] of subscriptions) sendSubscribe(key, subscription);
    };
    current.onmessage = (message) => {
      if (typeof message.data === 'string') onMessage(JSON.parse(message.data) as ServerMessage);
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      for (const subscription of subscriptions.values()) subscription.active = false;
      if (state === 'closed') return;
      setState('reconnecting');
      scheduleRetry();
    };
  };
  const scheduleRetry = () => {
    const ceiling = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
    attempt += 1;
    // Jitter, so a restarted server is not met by every tab in the same instant.
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
  };
  // Back online: try now rather than at the end of the current delay.
  const retryNow = () => {
    if (state !== 'reconnecting' || !retryTimer) return;
    clearTimeout(retryTimer);
    connect();
  };

  const heartbeat = setInterval(() => {
    for (const ticketId of viewing.keys()) sendPresence(ticketId);
  }, HEARTBEAT_MS);
  window.addEventListener('online', retryNow);
  connect();

  return {
    state: () => state,
    onStateChange(listener: () => void): () => void {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },

    /** Follows a target until the returned function is called. */
    subscribe(target: Target, handlers: SubscriptionHandlers): () => void {
      const key = keyOf(target);
      let subscription = subscriptions.get(key);
      if (!subscription) {
        subscription = {
          target,
          seq: null,
          active: false,
          ref: '',
          replay: false,
          resync: false,
          handlers: new Set(),
        };
        subscriptions.set(key, subscription);
        sendSubscribe(key, subscription);
      } else if (subscription.active && subscription.seq !== null) {
        handlers.synced?.({ seq: subscription.seq, refetch: false });
      }
      const joined = subscription;
      joined.handlers.add(handlers);
      return () => {
        joined.handlers.delete(handlers);
        if (joined.handlers.size > 0 || subscriptions.get(key) !== joined) return;
        subscriptions.delete(key);
        send({ type: 'unsubscribe', ref: key, to: target });
      };
    },

    /** The position a target is up to date with (null until it is subscribed). */
    seqOf: (target: Target): number | null => subscriptions.get(keyOf(target))?.seq ?? null,

    /**
     * This tab views a ticket, composing a reply, a note or nothing (`undefined`: no longer viewing).
     * A change is sent at once; the heartbeat repeats it.
     */
    setPresence(ticketId: string, composing: Composing | undefined): void {
      const before = viewing.get(ticketId);
      if (composing === undefined) viewing.delete(ticketId);
      else viewing.set(ticketId, composing);
      if (composing !== undefined && composing !== before) sendPresence(ticketId);
    },

    close(): void {
      setState('closed');
      clearInterval(heartbeat);
      clearTimeout(retryTimer);
      window.removeEventListener('online', retryNow);
      socket?.close();
      socket = null;
    },
  };
}
