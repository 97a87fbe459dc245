import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { PresenceEntry } from './presence-store.ts';
import { type ClientMessageType, clientMessageValidator, type TargetType } from './realtime.schemas.ts';
import { canCatchUp, forEachEventAfter, type RealtimeEvent, seqPosition } from './realtime-events.ts';
import type { RealtimeHub, RealtimeListener } from './realtime-hub.ts';
import {
  authorizeSubscription,
  eventMatches,
  type Subscription,
  subscriptionKey,
  type Viewer,
} from './subscriptions.ts';

/**
 * A subscription has sent every matching event in (fromSeq, lastSeq]: that interval is what keeps
 * catch-up and live delivery from sending an event twice or skipping one.
 */
type ActiveSubscription = { subscription: Subscription; fromSeq: number; lastSeq: number };

export type ServerMessage = Record<string, unknown> & { type: string };

/**
 * One socket's state and protocol (docs/realtime.md). Everything it does runs on one queue, so
 * catch-up reads, live events and presence leave in the order they were decided.
 */
export function openRealtimeConnection(deps: {
  db: Database;
  hub: RealtimeHub;
  viewer: Viewer;
  send: (message: ServerMessage) => void;
}): { receive(text: string): void; close(): Promise<void> } {
  const { db, hub, viewer, send } = deps;
  const connectionId = randomUUID();
  const subscriptions = new Map<string, ActiveSubscription>();
  const presenceSent = new Map<string, string>();
  const heartbeats = new Set<string>();
  // Set to joining the hub below, so nothing is handled before this socket's organization is followed.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => void | Promise<void>) => {
    queue = queue.then(work).catch(() => undefined);
    return queue;
  };

  const covering = (event: RealtimeEvent) =>
    [...subscriptions.values()].filter((active) => eventMatches(event, active.subscription, viewer));

  /** Sends an event once, however many subscriptions it matches. */
  const offer = (event: RealtimeEvent, extra?: ActiveSubscription) => {
    const matching = covering(event);
    if (extra && eventMatches(event, extra.subscription, viewer)) matching.push(extra);
    const pending = matching.filter((active) => active.lastSeq < event.seq);
    if (pending.length === 0) return;
    const sent = matching.some((active) => active.fromSeq < event.seq && event.seq <= active.lastSeq);
    if (!sent) {
      send({
        type: 'event',
        seq: event.seq,
        kind: event.kind,
        ticketId: event.ticketId,
        payload: event.payload,
      });
    }
    for (const active of pending) active.lastSeq = event.seq;
  };

  const showPresence = (ticketId: string, entries: PresenceEntry[]) => {
    if (viewer.type !== 'agent' || !subscriptions.has(`ticket:${ticketId}`)) return;
    const snapshot = JSON.stringify(entries);
    if (presenceSent.get(ticketId) === snapshot) return;
    presenceSent.set(ticketId, snapshot);
    send({ type: 'presence', ticketId, agents: entries });
  };

  const listener: RealtimeListener = {
    organizationId: viewer.organizationId,
    deliver: (event) => void enqueue(() => offer(event)),
    watchedTickets: () =>
      viewer.type === 'agent'
        ? [...subscriptions.values()].flatMap((active) =>
            active.subscription.type === 'ticket' ? [active.subscription.ticketId] : [],
          )
        : [],
    presence: (ticketId, entries) => void enqueue(() => showPresence(ticketId, entries)),
  };

  const subscribe = async (subscription: Subscription, since: number | undefined, ref?: string) => {
    await authorizeSubscription(db, viewer, subscription);
    const key = subscriptionKey(subscription);
    const position = await seqPosition(db, viewer.organizationId);
    if (since === undefined || !canCatchUp(position, since)) {
      subscriptions.set(key, { subscription, fromSeq: position.lastSeq, lastSeq: position.lastSeq });
      if (since !== undefined) send({ type: 'resync', ref, subscription: key, seq: position.lastSeq });
    } else {
      const active: ActiveSubscription = { subscription, fromSeq: since, lastSeq: since };
      await forEachEventAfter(db, viewer.organizationId, since, (event) => offer(event, active));
      active.lastSeq = Math.max(active.lastSeq, position.lastSeq);
      subscriptions.set(key, active);
    }
    send({ type: 'subscribed', ref, subscription: key, seq: subscriptions.get(key)?.lastSeq ?? 0 });
    if (subscription.type === 'ticket' && viewer.type === 'agent') {
      showPresence(
        subscription.ticketId,
        await hub.presence.list(viewer.organizationId, subscription.ticketId),
      );
    }
  };

  const leaveTicket = async (ticketId: string) => {
    presenceSent.delete(ticketId);
    if (viewer.type !== 'agent' || !heartbeats.delete(ticketId)) return;
    await hub.presence.leave({ ...presenceKeyOf(ticketId), agentId: viewer.agentId });
    await hub.presenceChanged(viewer.organizationId, ticketId);
  };
  const presenceKeyOf = (ticketId: string) => ({
    organizationId: viewer.organizationId,
    ticketId,
    connectionId,
  });

  const handle = async (message: ClientMessageType) => {
    if (message.type === 'subscribe')
      return subscribe(toSubscription(message.to), message.since, message.ref);
    if (message.type === 'unsubscribe') {
      const subscription = toSubscription(message.to);
      subscriptions.delete(subscriptionKey(subscription));
      if (subscription.type === 'ticket') await leaveTicket(subscription.ticketId);
      send({ type: 'unsubscribed', ref: message.ref, subscription: subscriptionKey(subscription) });
      return;
    }
    if (viewer.type !== 'agent') throw new AppError('forbidden', 'Only agents share presence');
    if (!subscriptions.has(`ticket:${message.ticketId}`))
      throw new AppError('validation_failed', 'Subscribe to the ticket before sending presence');
    heartbeats.add(message.ticketId);
    const key = { ...presenceKeyOf(message.ticketId), agentId: viewer.agentId };
    if (await hub.presence.heartbeat(key, message.composing)) {
      await hub.presenceChanged(viewer.organizationId, message.ticketId);
    }
  };

  const receive = (text: string) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = null;
    }
    if (!clientMessageValidator.Check(message)) {
      send({ type: 'error', code: 'validation_failed', message: 'Not a message this server understands' });
      return;
    }
    const valid = message;
    void enqueue(() =>
      handle(valid).catch((error: unknown) => {
        const known = error instanceof AppError;
        send({
          type: 'error',
          ref: valid.ref,
          code: known ? error.code : 'internal',
          message: known ? error.message : 'Something went wrong',
        });
      }),
    );
  };

  void enqueue(() => hub.join(listener));
  return {
    receive,
    close: async () => {
      hub.leave(listener);
      for (const ticketId of [...heartbeats]) await leaveTicket(ticketId);
    },
  };
}

function toSubscription(target: TargetType): Subscription {
  if ('ticket' in target) return { type: 'ticket', ticketId: target.ticket };
  return 'notifications' in target ? { type: 'notifications' } : { type: 'queue' };
}
