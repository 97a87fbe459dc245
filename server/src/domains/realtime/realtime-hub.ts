import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { onRealtimeEventsCommitted } from './announce-events.ts';
import { memoryPresenceStore, type PresenceEntry, type PresenceStore } from './presence-store.ts';
import { type BusMessage, inProcessBus, type RealtimeBus, redisBus } from './realtime-bus.ts';
import { forEachEventAfter, type RealtimeEvent, seqPosition } from './realtime-events.ts';
import { redisPresenceStore } from './redis-presence-store.ts';

/** A socket or stream of this process, as the hub sees it. */
export type RealtimeListener = {
  organizationId: string;
  /** Called in sequence order for every event of the organization; filters for itself. */
  deliver(event: RealtimeEvent): void;
  /** Tickets whose presence it shows (agents' ticket subscriptions). */
  watchedTickets(): Iterable<string>;
  presence(ticketId: string, entries: PresenceEntry[]): void;
};

/**
 * This process's relay: it publishes on the bus when a local commit wrote events, and for every
 * organization with local listeners it keeps a cursor and reads the events after it from the
 * table whenever the bus says there are new ones, handing them to the listeners in order.
 */
export type RealtimeHub = {
  presence: PresenceStore;
  join(listener: RealtimeListener): Promise<void>;
  leave(listener: RealtimeListener): void;
  presenceChanged(organizationId: string, ticketId: string): Promise<void>;
  close(): Promise<void>;
};

export async function startRealtimeHub(options: {
  db: Database;
  config: Config;
  logger: FastifyBaseLogger;
}): Promise<RealtimeHub> {
  const { db, config, logger } = options;
  const ttlMs = config.realtimePresenceTtlSeconds * 1000;
  const onRedisError = (error: Error) => logger.warn({ err: error }, 'realtime: redis error');
  const bus: RealtimeBus = config.redisUrl ? await redisBus(config.redisUrl, onRedisError) : inProcessBus();
  const presence = config.redisUrl
    ? await redisPresenceStore(config.redisUrl, ttlMs, onRedisError)
    : memoryPresenceStore(ttlMs);
  const listeners = new Map<string, Set<RealtimeListener>>();
  const cursors = new Map<string, Promise<number>>();
  const reading = new Map<string, { again: boolean }>();

  const readNewEvents = async (organizationId: string) => {
    const running = reading.get(organizationId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    reading.set(organizationId, state);
    try {
      while (state.again && listeners.has(organizationId)) {
        state.again = false;
        const from = await cursors.get(organizationId);
        if (from === undefined) break;
        const last = await forEachEventAfter(db, organizationId, from, (event) => {
          for (const listener of listeners.get(organizationId) ?? []) listener.deliver(event);
        });
        if (cursors.has(organizationId)) cursors.set(organizationId, Promise.resolve(last));
      }
    } catch (error) {
      logger.error({ err: error, organizationId }, 'realtime: reading events failed');
    } finally {
      reading.delete(organizationId);
    }
  };

  /** The organization's local listeners by the tickets they watch: one pass over their subscriptions. */
  const watchersByTicket = (organizationId: string) => {
    const byTicket = new Map<string, RealtimeListener[]>();
    for (const listener of listeners.get(organizationId) ?? []) {
      for (const ticketId of listener.watchedTickets()) {
        const watching = byTicket.get(ticketId);
        if (watching) watching.push(listener);
        else byTicket.set(ticketId, [listener]);
      }
    }
    return byTicket;
  };
  const showPresence = async (organizationId: string, ticketId: string, watching: RealtimeListener[]) => {
    const entries = await presence.list(organizationId, ticketId);
    for (const listener of watching) listener.presence(ticketId, entries);
  };
  const presenceChangedHere = async (organizationId: string, ticketId: string) => {
    const watching = watchersByTicket(organizationId).get(ticketId);
    if (watching) await showPresence(organizationId, ticketId, watching);
  };

  bus.onMessage((message: BusMessage) => {
    if (!listeners.has(message.organizationId)) return;
    const work =
      message.type === 'events'
        ? readNewEvents(message.organizationId)
        : presenceChangedHere(message.organizationId, message.ticketId);
    work.catch((error) => logger.error({ err: error }, 'realtime: bus message failed'));
  });
  const publish = (message: BusMessage) =>
    bus.publish(message).catch((error) => logger.warn({ err: error }, 'realtime: publish failed'));
  const stopListening = onRealtimeEventsCommitted(db, (organizationId) => {
    void publish({ type: 'events', organizationId });
  });

  // The safety net: events whose announcement was lost (a process that crashed right after its
  // commit, a Redis blip) are read within one sweep; presence that expired is pushed as gone.
  const sweep = setInterval(
    () => {
      for (const organizationId of listeners.keys()) {
        void readNewEvents(organizationId);
        for (const [ticketId, watching] of watchersByTicket(organizationId)) {
          showPresence(organizationId, ticketId, watching).catch((error) =>
            logger.warn({ err: error }, 'realtime: presence sweep failed'),
          );
        }
      }
    },
    Math.max(100, ttlMs / 3),
  );
  sweep.unref();

  return {
    presence,
    join: async (listener) => {
      const { organizationId } = listener;
      const set = listeners.get(organizationId) ?? new Set();
      listeners.set(organizationId, set);
      set.add(listener);
      if (!cursors.has(organizationId)) {
        cursors.set(
          organizationId,
          seqPosition(db, organizationId).then((position) => position.lastSeq),
        );
      }
      await cursors.get(organizationId);
    },
    leave: (listener) => {
      const set = listeners.get(listener.organizationId);
      set?.delete(listener);
      if (set?.size !== 0) return;
      listeners.delete(listener.organizationId);
      cursors.delete(listener.organizationId);
    },
    presenceChanged: async (organizationId, ticketId) => {
      await publish({ type: 'presence', organizationId, ticketId });
    },
    close: async () => {
      clearInterval(sweep);
      stopListening();
      await bus.close();
      await presence.close();
    },
  };
}
