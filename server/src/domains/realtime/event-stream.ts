import type { Database } from '../../db/client.ts';
import { canCatchUp, forEachEventAfter, type RealtimeEvent, seqPosition } from './realtime-events.ts';
import type { RealtimeHub, RealtimeListener } from './realtime-hub.ts';
import { eventVisibleTo, type Viewer } from './subscriptions.ts';

const KEEP_ALIVE_MS = 25_000;

/**
 * The integrations' stream (Server-Sent Events): every event the agent may see, `id:` being its
 * sequence number, so a client that reconnects with Last-Event-ID resumes with no gap and no repeat.
 * A position older than the retention gets a `resync` event instead: refetch, then follow from its seq.
 */
export function openEventStream(deps: {
  db: Database;
  hub: RealtimeHub;
  viewer: Viewer;
  since: number | undefined;
  write: (chunk: string) => void;
}): { close(): void } {
  const { db, hub, viewer, write } = deps;
  let lastSeq = Number.POSITIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => void | Promise<void>) => {
    queue = queue.then(work).catch(() => undefined);
  };
  const offer = (event: RealtimeEvent) => {
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    if (!eventVisibleTo(event, viewer)) return;
    const data = { seq: event.seq, kind: event.kind, ticketId: event.ticketId, payload: event.payload };
    write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const listener: RealtimeListener = {
    organizationId: viewer.organizationId,
    deliver: (event) => enqueue(() => offer(event)),
    watchedTickets: () => [],
    presence: () => undefined,
  };
  enqueue(async () => {
    await hub.join(listener);
    const position = await seqPosition(db, viewer.organizationId);
    const { since } = deps;
    if (since === undefined || !canCatchUp(position, since)) {
      lastSeq = position.lastSeq;
      const event = since === undefined ? 'ready' : 'resync';
      write(`event: ${event}\ndata: ${JSON.stringify({ seq: lastSeq })}\n\n`);
      return;
    }
    lastSeq = since;
    await forEachEventAfter(db, viewer.organizationId, since, offer);
    write(`event: ready\ndata: ${JSON.stringify({ seq: lastSeq })}\n\n`);
  });
  // Proxies close connections that stay silent; a comment line keeps this one open.
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  return {
    close: () => {
      clearInterval(keepAlive);
      hub.leave(listener);
    },
  };
}

/** Last-Event-ID as a sequence number, when it is one. */
export function seqFromLastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
