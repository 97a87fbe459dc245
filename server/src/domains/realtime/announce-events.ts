import { EventEmitter } from 'node:events';
import type { Database, Queryable } from '../../db/client.ts';
import { afterCommit } from '../../db/tenant.ts';

type CommitListener = (organizationId: string) => void;

/** One emitter per database: every relay serving that database hears its commits. */
const signals = new WeakMap<Database, EventEmitter>();

function signalOf(db: Database): EventEmitter {
  let signal = signals.get(db);
  if (!signal) {
    signal = new EventEmitter();
    signals.set(db, signal);
    signal.setMaxListeners(0);
  }
  return signal;
}

/**
 * Called by a change that writes realtime events (the triggers of migration 0029 write them at
 * commit): once the transaction has committed, this process's relay publishes that the organization
 * has new events. A rollback announces nothing, and a crash before the announcement loses nothing:
 * the events are in the table, read by the next announcement, the relays' sweep or a client's catch-up.
 */
export function announceRealtimeEvents(tx: Queryable, organizationId: string): void {
  afterCommit(tx, (db) => signalOf(db).emit('committed', organizationId));
}

/** The relay's side; answers a function that stops listening. */
export function onRealtimeEventsCommitted(db: Database, listener: CommitListener): () => void {
  const signal = signalOf(db);
  signal.on('committed', listener);
  return () => signal.off('committed', listener);
}
