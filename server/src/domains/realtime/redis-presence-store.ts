import { Redis } from 'ioredis';
import {
  type Composing,
  mergePresence,
  type PresenceKey,
  type PresenceStore,
  type StoredPresence,
  ticketKey,
} from './presence-store.ts';

/**
 * Several processes: one Redis hash per ticket, a field per socket holding its expiry. The hash
 * itself expires a little after its last heartbeat, so a ticket nobody looks at leaves nothing behind.
 */
export async function redisPresenceStore(
  redisUrl: string,
  ttlMs: number,
  onError: (error: Error) => void,
): Promise<PresenceStore> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', onError);
  await redis.connect();
  const hashOf = (key: { organizationId: string; ticketId: string }) =>
    `actionconnect:presence:${ticketKey(key.organizationId, key.ticketId)}`;
  return {
    heartbeat: async (key: PresenceKey, composing: Composing) => {
      const hash = hashOf(key);
      const now = Date.now();
      const stored: StoredPresence = { agentId: key.agentId, composing, expiresAt: now + ttlMs };
      const [[, previous]] = (await redis
        .multi()
        .hget(hash, key.connectionId)
        .hset(hash, key.connectionId, JSON.stringify(stored))
        .pexpire(hash, ttlMs * 2)
        .exec()) as [[Error | null, string | null]];
      if (!previous) return true;
      const before = JSON.parse(previous) as StoredPresence;
      return before.expiresAt <= now || before.composing !== composing;
    },
    leave: async (key: PresenceKey) => {
      await redis.hdel(hashOf(key), key.connectionId);
    },
    list: async (organizationId: string, ticketId: string) => {
      const hash = hashOf({ organizationId, ticketId });
      const fields = await redis.hgetall(hash);
      const now = Date.now();
      const entries = Object.entries(fields).map(([field, value]) => ({
        field,
        stored: JSON.parse(value) as StoredPresence,
      }));
      // Sockets that vanished without leaving (a crashed process) are dropped once expired.
      const expired = entries.filter((entry) => entry.stored.expiresAt <= now).map((entry) => entry.field);
      if (expired.length > 0) await redis.hdel(hash, ...expired);
      return mergePresence(
        entries.map((entry) => entry.stored),
        now,
      );
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
