import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/**
 * What crosses processes: only "this organization has new events" or "this ticket's presence
 * changed". Events themselves are read from the table by each process with listeners for that
 * organization, so a lost or repeated bus message can delay a delivery but never drop, reorder or
 * duplicate one (docs/realtime.md, Fan-out).
 */
export type BusMessage =
  | { type: 'events'; organizationId: string }
  | { type: 'presence'; organizationId: string; ticketId: string };

export type RealtimeBus = {
  publish(message: BusMessage): Promise<void>;
  onMessage(listener: (message: BusMessage) => void): void;
  close(): Promise<void>;
};

/** One process: the relay's announcements go straight to its own listeners. */
export function inProcessBus(): RealtimeBus {
  const emitter = new EventEmitter();
  return {
    publish: async (message) => {
      emitter.emit('message', message);
    },
    onMessage: (listener) => {
      emitter.on('message', listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'actionconnect:realtime';

/** Several processes: Redis pub/sub, one publishing and one subscribed connection per process. */
export async function redisBus(redisUrl: string, onError: (error: Error) => void): Promise<RealtimeBus> {
  const publisher = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(CHANNEL);
  const listeners: ((message: BusMessage) => void)[] = [];
  subscriber.on('message', (_channel: string, text: string) => {
    const message = JSON.parse(text) as BusMessage;
    for (const listener of listeners) listener(message);
  });
  return {
    publish: async (message) => {
      await publisher.publish(CHANNEL, JSON.stringify(message));
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
