/** What an agent does on a ticket: viewing it, and typing a reply or an internal note (never what). */
export type Composing = 'reply' | 'note' | null;

export type PresenceEntry = { agentId: string; composing: Composing };

/** One socket's presence on one ticket; an agent with two tabs open is there twice, shown once. */
export type PresenceKey = { organizationId: string; ticketId: string; agentId: string; connectionId: string };

/**
 * Who is on a ticket, kept fresh by heartbeats: an entry without one for the time-to-live is gone,
 * so a closed laptop disappears without saying goodbye.
 */
export type PresenceStore = {
  /** Answers whether what others see changed (a new viewer, or typing started or stopped). */
  heartbeat(key: PresenceKey, composing: Composing): Promise<boolean>;
  leave(key: PresenceKey): Promise<void>;
  list(organizationId: string, ticketId: string): Promise<PresenceEntry[]>;
  close(): Promise<void>;
};

export type StoredPresence = { agentId: string; composing: Composing; expiresAt: number };

/** Several sockets of one agent become one entry, typing if any of them is. */
export function mergePresence(entries: readonly StoredPresence[], now: number): PresenceEntry[] {
  const byAgent = new Map<string, PresenceEntry>();
  for (const entry of entries) {
    if (entry.expiresAt <= now) continue;
    const seen = byAgent.get(entry.agentId);
    byAgent.set(entry.agentId, { agentId: entry.agentId, composing: seen?.composing ?? entry.composing });
  }
  return [...byAgent.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
}

export const ticketKey = (organizationId: string, ticketId: string) => `${organizationId}:${ticketId}`;

/** One process: presence in memory. */
export function memoryPresenceStore(ttlMs: number): PresenceStore {
  const tickets = new Map<string, Map<string, StoredPresence>>();
  return {
    heartbeat: async (key, composing) => {
      const ticket = ticketKey(key.organizationId, key.ticketId);
      const entries = tickets.get(ticket) ?? new Map<string, StoredPresence>();
      tickets.set(ticket, entries);
      const before = entries.get(key.connectionId);
      const now = Date.now();
      entries.set(key.connectionId, { agentId: key.agentId, composing, expiresAt: now + ttlMs });
      return !before || before.expiresAt <= now || before.composing !== composing;
    },
    leave: async (key) => {
      const ticket = ticketKey(key.organizationId, key.ticketId);
      tickets.get(ticket)?.delete(key.connectionId);
      if (tickets.get(ticket)?.size === 0) tickets.delete(ticket);
    },
    list: async (organizationId, ticketId) => {
      const entries = tickets.get(ticketKey(organizationId, ticketId));
      return entries ? mergePresence([...entries.values()], Date.now()) : [];
    },
    close: async () => {
      tickets.clear();
    },
  };
}
