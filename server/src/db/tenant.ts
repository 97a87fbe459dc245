import type { Database, Queryable } from './client.ts';

/** The role every tenant transaction runs as: it cannot bypass row-level security. */
export const APP_ROLE = 'actionconnect_app';

/**
 * Runs `work` in one transaction scoped to an organization: row-level security sees only that
 * organization's rows, as a second wall behind each query's own `organization_id` filter.
 */
export async function withTenant<T>(
  db: Database,
  organizationId: string,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const committed: CommitCallback[] = [];
  const result = await db.transaction(async (tx) => {
    commitCallbacks.set(tx, committed);
    await tx.query(
      `select set_config('app.organization_id', $1, true), set_config('role', $2, true),
              set_config('app.now', $3, true)`,
      [organizationId, APP_ROLE, db.clock().toISOString()],
    );
    return work(tx);
  });
  for (const callback of committed) callback(db);
  return result;
}

/** Told which database committed, so a callback can reach what serves that database (the realtime relay). */
export type CommitCallback = (db: Database) => void;

const commitCallbacks = new WeakMap<Queryable, CommitCallback[]>();

/**
 * Runs `callback` once the tenant transaction `tx` has committed, never when it rolls back: for what
 * must only follow a durable change (telling the realtime relay there are new events). Outside a
 * tenant transaction there is nothing to wait for, so it is refused.
 */
export function afterCommit(tx: Queryable, callback: CommitCallback): void {
  const callbacks = commitCallbacks.get(tx);
  if (!callbacks) throw new Error('afterCommit needs a transaction opened by withTenant');
  callbacks.push(callback);
}

/**
 * A transaction that is not scoped to one organization. Only for the few steps that happen before
 * the organization is known: sign-up, finding a login's organization, accepting an invitation.
 */
export function withoutTenant<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
